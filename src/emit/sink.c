/* emit/sink: buffered whole-line output of log records to a file or stderr,
 * with write errors counted, never dropped silently; and what jtrace-run
 * knows about who else can write the log (see emit.h). */
#include <jtrace/emit.h>
#include <jtrace/json.h>
#include <jtrace/util.h>

#include <dirent.h>
#include <endian.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>

/* SipHash-2-4 state over a byte stream. */
struct sink_mac {
	uint64_t v[4];
	uint64_t tail; /* bytes of an incomplete word, little-endian */
	unsigned ntail;
	uint64_t total; /* bytes hashed */
};

struct sink {
	int fd;
	int named_fd;     /* the inherited fd the log is (2, 1), for the start record */
	bool own_fd;
	bool reopened;    /* ... an inherited stream reopened as our own (sink_own_stream) */
	bool closing;     /* sink_close: a stream that would block is waited for */
	const char *path; /* for messages; "stderr" */
	const char *kind; /* "file", "pipe", "tty", "device", "socket", "other" */
	bool shared;	  /* the program can write into the same stream */
	bool pending;	  /* -o FILE: held in memory until sink_commit */
	bool create;	  /* ... and FILE is created then (did not exist) */
	bool verify;	  /* a regular file we own: checked by sink_verify */
	dev_t dev;	  /* the committed file, to see it replaced */
	ino_t ino;
	struct sink_mac mac, mac_start;
	enum log_format format;
	struct text_opts text;
	char *buf;
	size_t len, cap;
	uint64_t records; /* records accepted */
	uint64_t lost;    /* records that could not be written */
	int error;        /* first write error (-errno), 0 if none */
	uint64_t start_realtime_ns; /* wall clock at ts 0, for -t */
};


#define SINK_FLUSH_AT (64 * 1024)
/* What a stream that would block (a stopped terminal, a full pipe) may
 * hold back before the tracer waits for it after all. */
#define SINK_HOLD_MAX (64u * 1024 * 1024)

/* --- SipHash-2-4, streaming: a keyed hash of every byte written --------
 * The key is random and lives only in the tracer's memory, which the
 * program cannot read, so it cannot rewrite the file to match. */

#define SINK_ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static void sink_sipround(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = SINK_ROTL(v[1], 13);
	v[1] ^= v[0];
	v[0] = SINK_ROTL(v[0], 32);
	v[2] += v[3];
	v[3] = SINK_ROTL(v[3], 16);
	v[3] ^= v[2];
	v[0] += v[3];
	v[3] = SINK_ROTL(v[3], 21);
	v[3] ^= v[0];
	v[2] += v[1];
	v[1] = SINK_ROTL(v[1], 17);
	v[1] ^= v[2];
	v[2] = SINK_ROTL(v[2], 32);
}

static void sink_mac_init(struct sink_mac *m, const uint64_t key[2])
{
	memset(m, 0, sizeof(*m));
	m->v[0] = key[0] ^ 0x736f6d6570736575ull;
	m->v[1] = key[1] ^ 0x646f72616e646f6dull;
	m->v[2] = key[0] ^ 0x6c7967656e657261ull;
	m->v[3] = key[1] ^ 0x7465646279746573ull;
}

static void sink_mac_block(struct sink_mac *m, uint64_t b)
{
	m->v[3] ^= b;
	sink_sipround(m->v);
	sink_sipround(m->v);
	m->v[0] ^= b;
}

static void sink_mac_update(struct sink_mac *m, const void *data, size_t len)
{
	const unsigned char *p = data;

	m->total += len;
	/* Finish an incomplete word first, then whole words, then keep the
	 * rest for next time. */
	while (m->ntail > 0 && len > 0) {
		m->tail |= (uint64_t)*p++ << (8 * m->ntail);
		len--;
		if (++m->ntail == 8) {
			sink_mac_block(m, m->tail);
			m->tail = 0;
			m->ntail = 0;
		}
	}
	for (; len >= 8; p += 8, len -= 8) {
		uint64_t b = 0;

		memcpy(&b, p, 8);
		sink_mac_block(m, le64toh(b));
	}
	for (; len > 0; len--)
		m->tail |= (uint64_t)*p++ << (8 * m->ntail++);
}

static uint64_t sink_mac_final(const struct sink_mac *in)
{
	struct sink_mac m = *in;

	sink_mac_block(&m, m.tail | (m.total & 0xff) << 56);
	m.v[2] ^= 0xff;
	for (int i = 0; i < 4; i++)
		sink_sipround(m.v);
	return m.v[0] ^ m.v[1] ^ m.v[2] ^ m.v[3];
}

/* --- opening ---------------------------------------------------------- */

static const char *sink_kind(mode_t mode, int fd)
{
	if (S_ISREG(mode))
		return "file";
	if (S_ISFIFO(mode))
		return "pipe";
	if (S_ISSOCK(mode))
		return "socket";
	if (S_ISCHR(mode))
		return isatty(fd) ? "tty" : "device";
	return "other";
}

/* -o FILE that does not exist yet: it will be created when the program
 * has exec'd, in a directory that must let us (checked now, so that a
 * run is refused before anything runs, as before). */
static int sink_check_dir(const char *path)
{
	char copy[PATH_MAX];
	const char *dir = NULL;
	struct stat st;

	if (snprintf(copy, sizeof(copy), "%s", path) >= (int)sizeof(copy))
		return -ENAMETOOLONG;
	dir = dirname(copy);
	if (stat(dir, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (access(dir, W_OK | X_OK) < 0)
		return -errno;
	return 0;
}

/* sink_verify reads the file back: the same inode, opened for reading too
 * (a file we may write but not read stays unchecked, and says so by the
 * end record's missing "log_modified"). */
static int sink_reopen_rw(struct sink *s)
{
	char self[64];
	int fd = -1;

	snprintf(self, sizeof(self), "/proc/self/fd/%d", s->fd);
	fd = open(self, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	close(s->fd);
	s->fd = fd;
	return 0;
}

/* A terminal or pipe is written without blocking, on an open file
 * description of jtrace-run's own: the program shares the inherited one
 * (stderr), and could set O_NONBLOCK on it or stop the terminal's output
 * (TCOOFF) to make the log's writes fail, or block the tracer in write(2)
 * while it waits at its next stop.  Reopened through /proc/self/fd, the
 * description's flags are ours; a write that would block leaves the lines
 * in the buffer, retried at the next flush (the tracer's tick), so a
 * stopped terminal delays the log and loses nothing.  Where the stream
 * cannot be reopened (a socket), the inherited fd is kept as it was. */
static void sink_own_stream(struct sink *s)
{
	char path[32];
	int fd = -1;

	if (strcmp(s->kind, "tty") != 0 && strcmp(s->kind, "pipe") != 0)
		return;
	if (s->own_fd) {
		int fl = fcntl(s->fd, F_GETFL);

		if (fl >= 0)
			(void)fcntl(s->fd, F_SETFL, fl | O_NONBLOCK);
		return;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", s->fd);
	fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return;
	s->fd = fd;
	s->own_fd = true;
	s->reopened = true;
}

static int sink_open_at(struct sink *s, const char *path, enum log_format format)
{
	struct timespec rt = {0};
	struct stat st;
	uint64_t key[2] = {0, 0};

	s->format = format;
	s->fd = STDERR_FILENO;
	s->path = "stderr";
	s->kind = "other";
	if (path && strcmp(path, "-") == 0) {
		s->fd = STDOUT_FILENO;
		s->path = "stdout";
	} else if (path) {
		/* Not truncated here: an existing log is kept until the program
		 * has exec'd (sink_commit), so a run that fails before that
		 * (sandbox set-up, exec) leaves the old log as it was. */
		int fd = open(path, O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);

		s->path = path;
		if (fd < 0 && errno == ENOENT) {
			int r = sink_check_dir(path);

			if (r < 0)
				return r;
			s->create = true;
			s->pending = true;
			s->verify = true;
			s->kind = "file";
		} else if (fd < 0) {
			return -errno;
		} else {
			s->fd = fd;
			s->own_fd = true;
			if (fstat(fd, &st) < 0)
				return -errno;
			s->kind = sink_kind(st.st_mode, fd);
			if (S_ISREG(st.st_mode)) {
				s->pending = true;
				s->verify = sink_reopen_rw(s) == 0;
			}
		}
	}
	if (!s->own_fd && !s->create && fstat(s->fd, &st) == 0)
		s->kind = sink_kind(st.st_mode, s->fd);
	s->named_fd = s->fd;
	sink_own_stream(s);
	if (getrandom(key, sizeof(key), 0) != (ssize_t)sizeof(key))
		return errno ? -errno : -EIO;
	sink_mac_init(&s->mac, key);
	s->mac_start = s->mac;
	memset(key, 0, sizeof(key));
	clock_gettime(CLOCK_REALTIME, &rt);
	s->start_realtime_ns = (uint64_t)rt.tv_sec * 1000000000ull + (uint64_t)rt.tv_nsec;
	return 0;
}

static void sink_closedirp(DIR **d)
{
	if (*d)
		closedir(*d);
}

/* Is this fd ours alone, or will the program inherit one on the same file? */
static bool sink_same_file(const struct stat *a, const struct stat *b)
{
	if (a->st_dev == b->st_dev && a->st_ino == b->st_ino)
		return true;
	/* Two device nodes of one device (/dev/pts/3 and a bind of it). */
	return S_ISCHR(a->st_mode) && S_ISCHR(b->st_mode) && a->st_rdev == b->st_rdev;
}

/* Will the program inherit @fd, and is it the log's file? */
static bool sink_inherited_same(const struct sink *s, long fd, const struct stat *log)
{
	struct stat st;
	int flags = 0;

	if (s->own_fd && fd == s->fd)
		return false;
	flags = fcntl((int)fd, F_GETFD);
	/* Close-on-exec fds never reach the program. */
	if (flags < 0 || (flags & FD_CLOEXEC))
		return false;
	return fstat((int)fd, &st) == 0 && sink_same_file(&st, log);
}

int sink_check_shared(struct sink *s)
{
	__attribute__((cleanup(sink_closedirp))) DIR *d = NULL;
	struct stat log;
	struct dirent *e = NULL;

	s->shared = false;
	if (s->create)
		return 0; /* no such file yet: nothing refers to it */
	if (fstat(s->fd, &log) < 0)
		return -errno;
	/* A pipe, terminal or device named by -o can be opened by the
	 * program as well as by us; only a regular file is checked at the
	 * end (sink_verify), so only it can be called unshared. */
	if (s->own_fd && !S_ISREG(log.st_mode)) {
		s->shared = true;
		return 0;
	}
	d = opendir("/proc/self/fd");
	/* Without /proc: the first fds, where inherited ones usually are. */
	for (long fd = 0; !d && fd < 1024 && !s->shared; fd++)
		s->shared = sink_inherited_same(s, fd, &log);
	/* readdir, not the deprecated readdir_r: one stream, one thread. */
	/* cppcheck-suppress readdirCalled */
	while (d && (e = readdir(d)) && !s->shared) {
		long fd = 0;

		if (jt_parse_long(e->d_name, 0, INT_MAX, &fd) < 0 || fd == dirfd(d))
			continue;
		s->shared = sink_inherited_same(s, fd, &log);
	}
	return 0;
}

static int sink_reserve(struct sink *s, size_t more)
{
	size_t want = s->len + more;
	char *nb = NULL;

	if (want <= s->cap)
		return 0;
	if (want < 2 * s->cap)
		want = 2 * s->cap;
	if (want < SINK_FLUSH_AT * 2)
		want = SINK_FLUSH_AT * 2;
	nb = realloc(s->buf, want);
	if (!nb)
		return -ENOMEM;
	s->buf = nb;
	s->cap = want;
	return 0;
}

/* Count the records in the unwritten part of the buffer: each is one line. */
static uint64_t count_lines(const char *p, size_t n)
{
	uint64_t lines = 0;

	for (const char *e = p + n; (p = memchr(p, '\n', (size_t)(e - p))); p++)
		lines++;
	return lines;
}

int sink_flush(struct sink *s)
{
	size_t off = 0;

	/* Held until the program has exec'd (sink_commit). */
	if (s->pending)
		return s->error;
	while (off < s->len) {
		ssize_t n = write(s->fd, s->buf + off, s->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd p = {.fd = s->fd, .events = POLLOUT};

			/* Held for the next flush, unless this is the last
			 * one or too much waits: then wait for the stream. */
			if (!s->closing && s->len - off <= SINK_HOLD_MAX) {
				if (off > 0) {
					memmove(s->buf, s->buf + off, s->len - off);
					s->len -= off;
				}
				return 0;
			}
			if (poll(&p, 1, -1) < 0 && errno != EINTR) {
				n = -1;
			} else {
				continue;
			}
		}
		if (n <= 0) {
			int err = n < 0 ? -errno : -EIO;

			/* Reported once, with the count, when the run ends. */
			if (!s->error)
				s->error = err;
			/* A partial line may be on disk; every record that did
			 * not get there whole has its newline in what is left. */
			s->lost += count_lines(s->buf + off, s->len - off);
			break;
		}
		if (s->verify)
			sink_mac_update(&s->mac, s->buf + off, (size_t)n);
		off += (size_t)n;
	}
	s->len = 0;
	return s->error;
}

int sink_commit(struct sink *s)
{
	struct stat st;
	int err = 0;

	if (!s->pending)
		return 0;
	s->pending = false;
	if (s->create) {
		/* O_EXCL: a file that appeared meanwhile is not ours to write. */
		int fd = open(s->path,
			      O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0644);

		if (fd < 0) {
			err = -errno;
		} else {
			s->fd = fd;
			s->own_fd = true;
			s->create = false;
		}
	} else if (ftruncate(s->fd, 0) < 0 || lseek(s->fd, 0, SEEK_SET) < 0) {
		err = -errno;
	}
	if (!err && fstat(s->fd, &st) < 0)
		err = -errno;
	if (err) {
		s->error = err;
		s->lost += count_lines(s->buf, s->len);
		s->len = 0;
		s->verify = false;
		return err;
	}
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	return sink_flush(s);
}

int sink_verify(struct sink *s)
{
	cleanup_free char *buf = NULL;
	struct sink_mac m = s->mac_start;
	struct stat st, at;
	uint64_t want = 0, off = 0;
	const size_t chunk = 1 << 20;

	if (!s->verify || s->pending || s->error)
		return 0;
	sink_flush(s);
	if (s->error)
		return s->error;
	want = sink_mac_final(&s->mac);
	if (fstat(s->fd, &st) < 0)
		return -errno;
	/* Truncated, grown or cut: the size is ours to know. */
	if ((uint64_t)st.st_size != s->mac.total)
		return 1;
	/* Renamed away, removed or replaced by another file. */
	if (lstat(s->path, &at) < 0 || at.st_dev != s->dev || at.st_ino != s->ino)
		return 1;
	buf = malloc(chunk);
	if (!buf)
		return -ENOMEM;
	/* Re-read through our own fd and hash again from the same key. */
	while (off < s->mac.total) {
		ssize_t n = pread(s->fd, buf, chunk, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return 1;
		sink_mac_update(&m, buf, (size_t)n);
		off += (size_t)n;
	}
	return sink_mac_final(&m) == want && m.total == s->mac.total ? 0 : 1;
}

int sink_write_raw(struct sink *s, const char *text, size_t n)
{
	int r = s->error ? s->error : sink_reserve(s, n);

	if (r < 0) {
		s->error = r;
		return r;
	}
	memcpy(s->buf + s->len, text, n);
	s->len += n;
	return 0;
}

int sink_emit(struct sink *s, const struct event *ev)
{
	/* The writers append to the sink's own buffer: no copy of the line. */
	struct jbuf b = {.p = s->buf, .len = s->len, .cap = s->cap};
	size_t mark = s->len;
	int r = 0;

	s->records++;
	if (s->error) {
		s->lost++;
		return s->error;
	}
	if (s->format == LOG_FORMAT_JSON) {
		json_write_event(&b, ev);
		jbuf_putc(&b, '\n');
	} else {
		r = emit_text_event(&b, &s->text, s->start_realtime_ns, ev);
	}
	/* jbuf may have moved the buffer, even when it then failed. */
	s->buf = b.p;
	s->cap = b.cap;
	if (b.oom || r < 0 || jv_arena_failed(jv_arena_current())) {
		/* Never half a line: the record is lost, and counted. */
		s->len = mark;
		s->lost++;
		return r < 0 ? r : -ENOMEM;
	}
	s->len = b.len;
	if (s->len >= SINK_FLUSH_AT)
		return sink_flush(s);
	return 0;
}

int sink_close(struct sink *s)
{
	int r = 0;

	/* Never committed: the program did not exec.  An existing log stays
	 * as it was (the run's failure went to stderr); where there was none,
	 * the failed run's log is written whole, start to end. */
	s->closing = true;
	if (s->pending && s->create)
		r = sink_commit(s);
	else if (s->pending)
		s->len = 0;
	else
		r = sink_flush(s);
	if (s->own_fd && s->fd >= 0 && close(s->fd) < 0 && !r)
		r = s->error = -errno;
	s->fd = -1;
	free(s->buf);
	s->buf = NULL;
	return r;
}

int sink_open(struct sink **ret, const char *path, enum log_format format,
	      const struct text_opts *text)
{
	struct sink *s = calloc(1, sizeof(*s));
	int r = 0;

	if (!s)
		return -ENOMEM;
	r = sink_open_at(s, path, format);
	if (r < 0) {
		/* Nothing was written or created yet: only the fd to give back. */
		if (s->own_fd && s->fd >= 0)
			close(s->fd);
		sink_free(s);
		return r;
	}
	if (text)
		s->text = *text;
	*ret = s;
	return 0;
}

void sink_free(struct sink *s)
{
	if (!s)
		return;
	free(s->buf);
	free(s);
}

const char *sink_path(const struct sink *s)
{
	return s->path;
}

enum log_format sink_log_format(const struct sink *s)
{
	return s->format;
}

int sink_error(const struct sink *s)
{
	return s->error;
}

uint64_t sink_lost(const struct sink *s)
{
	return s->lost;
}

bool sink_pending_bytes(const struct sink *s)
{
	return s->len > 0;
}

bool sink_checked(const struct sink *s)
{
	return s->verify && !s->pending;
}

struct jv *sink_describe(const struct sink *s)
{
	struct jv *obj = jv_object();

	if ((s->own_fd && !s->reopened) || s->create)
		jv_add(obj, "path", jv_str(s->path));
	else
		jv_add(obj, "fd", jv_int(s->named_fd));
	jv_add(obj, "kind", jv_str(s->kind));
	jv_add(obj, "shared", jv_bool(s->shared));
	return obj;
}
