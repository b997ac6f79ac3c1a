/* emit/sink: buffered whole-line output of log records to a file or stderr,
 * with write errors counted, never dropped silently. */
#include <jtrace/emit.h>
#include <jtrace/util.h>

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define SINK_FLUSH_AT (64 * 1024)

int sink_open(struct sink *s, const char *path, enum sink_format format)
{
	struct timespec rt = {0};

	memset(s, 0, sizeof(*s));
	s->format = format;
	s->fd = STDERR_FILENO;
	s->path = "stderr";
	if (path && strcmp(path, "-") == 0) {
		s->fd = STDOUT_FILENO;
		s->path = "stdout";
	} else if (path) {
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);

		if (fd < 0)
			return -errno;
		s->fd = fd;
		s->own_fd = true;
		s->path = path;
	}
	clock_gettime(CLOCK_REALTIME, &rt);
	s->start_realtime_ns = (uint64_t)rt.tv_sec * 1000000000ull + (uint64_t)rt.tv_nsec;
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

	while (off < s->len) {
		ssize_t n = write(s->fd, s->buf + off, s->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = n < 0 ? -errno : -EIO;

			/* Reported once, with the count, when the run ends. */
			if (!s->error)
				s->error = err;
			/* A partial line may be on disk; count every record
			 * that did not get there whole. */
			s->lost += count_lines(s->buf + off, s->len - off);
			if (off > 0 && s->buf[off - 1] != '\n')
				s->lost++;
			break;
		}
		off += (size_t)n;
	}
	s->len = 0;
	return s->error;
}

int sink_emit(struct sink *s, json_object *rec)
{
	cleanup_free char *line = NULL;
	size_t n = 0;
	int r = 0;

	s->records++;
	if (s->error) {
		s->lost++;
		return s->error;
	}
	if (s->format == SINK_JSON) {
		/* The hot path: json-c's own buffer straight into ours. */
		const char *text = json_object_to_json_string_length(
			rec, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &n);

		if (!text || sink_reserve(s, n + 1) < 0) {
			s->lost++;
			return -ENOMEM;
		}
		memcpy(s->buf + s->len, text, n);
		s->buf[s->len + n] = '\n';
		s->len += n + 1;
		if (s->len >= SINK_FLUSH_AT)
			return sink_flush(s);
		return 0;
	}
	r = emit_text_line(&s->text, s->start_realtime_ns, rec, &line, &n);
	if (r < 0) {
		s->lost++;
		return r;
	}
	if (n == 0)
		return 0;
	r = sink_reserve(s, n);
	if (r < 0) {
		s->lost++;
		return r;
	}
	memcpy(s->buf + s->len, line, n);
	s->len += n;
	if (s->len >= SINK_FLUSH_AT)
		return sink_flush(s);
	return 0;
}

int sink_close(struct sink *s)
{
	int r = sink_flush(s);

	if (s->own_fd && s->fd >= 0 && close(s->fd) < 0 && !r)
		r = s->error = -errno;
	s->fd = -1;
	free(s->buf);
	s->buf = NULL;
	return r;
}
