/* allowlist/logread: the JSON Lines log reader shared by every
 * jtrace-policy subcommand (see include/jtrace/logread.h for the rules). */
#include <jtrace/logread.h>
#include <jtrace/util.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

int logread_fail(struct logread_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static void logread_tokener_freep(json_tokener **t)
{
	if (*t)
		json_tokener_free(*t);
}

static void logread_json_putp(json_object **o)
{
	if (*o)
		json_object_put(*o);
}

/* Parse one whole line as a JSON object: NULL when it is anything else
 * (invalid JSON, trailing garbage, a JSON value that is not an object). */
static json_object *logread_parse_line(const char *buf, size_t len)
{
	__attribute__((cleanup(logread_tokener_freep))) json_tokener *tok = json_tokener_new();
	__attribute__((cleanup(logread_json_putp))) json_object *obj = NULL;
	size_t end = 0;

	if (!tok || len > INT32_MAX)
		return NULL;
	obj = json_tokener_parse_ex(tok, buf, (int)len);
	if (!obj || json_tokener_get_error(tok) != json_tokener_success)
		return NULL;
	end = json_tokener_get_parse_end(tok);
	for (; end < len; end++)
		if (buf[end] != ' ' && buf[end] != '\t' && buf[end] != '\r')
			return NULL;
	if (!json_object_is_type(obj, json_type_object))
		return NULL;
	return steal_pointer(&obj);
}

static bool logread_blank(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r')
			return false;
	return true;
}

/* A line reader with a bound: getline(3) would read an endless input
 * (/dev/zero, a pipe that never sends a newline) into memory whole. */
struct logread_lines {
	FILE *f;
	char *buf;
	size_t cap, start, end; /* unread bytes: buf[start, end) */
	size_t scan;		/* no newline in buf[start, scan) */
	bool eof;
};

#define LOGREAD_CHUNK (64u << 10)

/* 1 and the next line (without its newline) in *ret, *ret_len; 0 at the
 * end, -E2BIG for a line over LOGREAD_MAX_LINE, -EIO on a read error. */
static int logread_next(struct logread_lines *l, char **ret, size_t *ret_len, bool *ret_nl)
{
	for (;;) {
		char *nl = NULL;

		if (l->scan < l->start)
			l->scan = l->start;
		if (l->end > l->scan)
			nl = memchr(l->buf + l->scan, '\n', l->end - l->scan);
		if (nl) {
			*ret = l->buf + l->start;
			*ret_len = (size_t)(nl - *ret);
			*ret_nl = true;
			l->start = (size_t)(nl - l->buf) + 1;
			return 1;
		}
		l->scan = l->end;
		if (l->end - l->start > LOGREAD_MAX_LINE)
			return -E2BIG;
		if (l->eof) {
			if (l->start == l->end)
				return 0;
			*ret = l->buf + l->start;
			*ret_len = l->end - l->start;
			*ret_nl = false;
			l->start = l->end;
			return 1;
		}
		if (l->start > 0) {
			memmove(l->buf, l->buf + l->start, l->end - l->start);
			l->end -= l->start;
			l->scan -= l->start;
			l->start = 0;
		}
		if (l->cap - l->end < LOGREAD_CHUNK) {
			size_t cap = l->cap ? 2 * l->cap : 2 * LOGREAD_CHUNK;
			char *nb = realloc(l->buf, cap);

			if (!nb)
				return -ENOMEM;
			l->buf = nb;
			l->cap = cap;
		}
		size_t n = fread(l->buf + l->end, 1, l->cap - l->end, l->f);

		l->end += n;
		if (n == 0) {
			if (ferror(l->f))
				return -EIO;
			l->eof = true;
		}
	}
}

/* The start record of a jtrace-run log made since the run token: its
 * token, and whether the program shared the stream. */
static void logread_start_info(json_object *rec, char token[17], bool *ret_shared)
{
	const char *run = logread_str(rec, "run");
	json_object *log = NULL, *shared = NULL;

	token[0] = '\0';
	*ret_shared = false;
	if (run && strlen(run) == 16)
		memcpy(token, run, 17);
	if (json_object_object_get_ex(rec, "log", &log) &&
	    json_object_object_get_ex(log, "shared", &shared))
		*ret_shared = !json_object_is_type(shared, json_type_boolean) ||
			      json_object_get_boolean(shared);
}

/* Why this line is not a record of the run (NULL: it is one). */
static const char *logread_check(json_object *rec, bool first, const char *token, char *what,
				 size_t len)
{
	json_object *v = NULL;
	const char *run = NULL;

	if (!json_object_object_get_ex(rec, "v", &v))
		return "record has no schema version \"v\"";
	if (!json_object_is_type(v, json_type_int) ||
	    json_object_get_int64(v) != LOGREAD_SCHEMA_VERSION) {
		snprintf(what, len, "log schema version %.40s, this jtrace-policy reads version %d",
			 json_object_to_json_string(v), LOGREAD_SCHEMA_VERSION);
		return what;
	}
	if (!logread_str(rec, "type"))
		return "record has no \"type\"";
	run = logread_str(rec, "run");
	if (!first && token[0] && (!run || strcmp(run, token) != 0))
		return "record not written by this run (its \"run\" token is not the start "
		       "record's): something else wrote into the log";
	return NULL;
}

int logread_stream_opts(FILE *f, const char *name, const struct logread_opts *opts, logread_fn fn,
			void *userdata, struct logread_stats *ret_stats, struct logread_error *err)
{
	struct logread_opts none = {0};
	struct logread_lines l = {.f = f};
	char *buf = NULL;
	size_t len = 0;
	bool has_nl = false;
	unsigned line = 0;
	struct logread_stats st = {0};
	char token[17] = "";
	char what[160];
	int r = 0;

	if (!opts)
		opts = &none;
	err->msg[0] = '\0';
	while ((r = logread_next(&l, &buf, &len, &has_nl)) > 0) {
		__attribute__((cleanup(logread_json_putp))) json_object *rec = NULL;
		const char *bad = NULL;
		bool first = st.records == 0 && !token[0];
		json_object *mod = NULL;

		line++;
		if (logread_blank(buf, len))
			continue;
		if (memchr(buf, '\0', len))
			bad = "not JSON (NUL byte)";
		else if (!(rec = logread_parse_line(buf, len)))
			bad = "not JSON";
		/* A last line without its newline was cut short: skip it, but
		 * say so (the caller prints the warning). */
		if (!rec && !has_nl && !memchr(buf, '\0', len)) {
			st.truncated_line = line;
			break;
		}
		if (!bad)
			bad = logread_check(rec, first, token, what, sizeof(what));
		if (bad) {
			/* A shared stream holds whatever the program wrote. */
			if (st.shared) {
				st.foreign++;
				continue;
			}
			free(l.buf);
			return logread_fail(err, "%s:%u: %s", name, line, bad);
		}
		if (first && strcmp(logread_str(rec, "type"), "start") == 0) {
			logread_start_info(rec, token, &st.shared);
			if (st.shared && !opts->accept_shared) {
				free(l.buf);
				logread_fail(err,
					     "%s: the log shared a stream with the traced program "
					     "(start record: log.shared), which could write lines "
					     "into it: record with -o FILE, or take only this "
					     "run's records with --accept-shared",
					     name);
				return LOGREAD_ESHARED;
			}
		}
		if (!st.shared && strcmp(logread_str(rec, "type"), "end") == 0 &&
		    json_object_object_get_ex(rec, "log_modified", &mod) &&
		    json_object_get_boolean(mod)) {
			free(l.buf);
			return logread_fail(err,
					    "%s:%u: jtrace-run found this log modified while the "
					    "program ran (end.log_modified): it cannot be trusted",
					    name, line);
		}
		st.records++;
		r = fn(rec, line, userdata, err);
		if (r < 0) {
			free(l.buf);
			return r;
		}
	}
	free(l.buf);
	if (r == -E2BIG)
		return logread_fail(err, "%s:%u: line longer than %u MiB (not a jtrace-run log?)",
				    name, line + 1, LOGREAD_MAX_LINE >> 20);
	if (r == -ENOMEM)
		return logread_fail(err, "%s:%u: out of memory", name, line + 1);
	if (r < 0)
		return logread_fail(err, "%s: read error: %s", name, strerror(errno ? errno : EIO));
	if (st.records == 0 && st.truncated_line == 0)
		return logread_fail(err, "%s: empty log (no records)", name);
	if (st.records == 0)
		return logread_fail(err, "%s:%u: no complete record (only a truncated line)", name,
				    st.truncated_line);
	if (ret_stats)
		*ret_stats = st;
	return 0;
}

int logread_stream(FILE *f, const char *name, logread_fn fn, void *userdata,
		   struct logread_stats *ret_stats, struct logread_error *err)
{
	return logread_stream_opts(f, name, NULL, fn, userdata, ret_stats, err);
}

int logread_file_opts(const char *path, const struct logread_opts *opts, logread_fn fn,
		      void *userdata, struct logread_stats *ret_stats, struct logread_error *err)
{
	cleanup_file FILE *f = NULL;
	cleanup_fd int fd = -1;
	struct stat st;

	if (strcmp(path, "-") == 0)
		return logread_stream_opts(stdin, "<stdin>", opts, fn, userdata, ret_stats, err);
	/* O_NONBLOCK: a FIFO with no writer must not hang the open. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		int e = errno;

		logread_fail(err, "%s: %s", path, strerror(e));
		return -e;
	}
	if (S_ISFIFO(st.st_mode) && opts && opts->need_regular)
		return logread_fail(err, "%s: a pipe cannot be read twice: give a regular file",
				    path);
	if (S_ISDIR(st.st_mode))
		return logread_fail(err, "%s: %s", path, strerror(EISDIR));
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))
		return logread_fail(err, "%s: not a regular file or a pipe", path);
	if (fcntl(fd, F_SETFL, 0) < 0 || !(f = fdopen(fd, "re"))) {
		int e = errno;

		logread_fail(err, "%s: %s", path, strerror(e));
		return -e;
	}
	steal_fd(&fd);
	return logread_stream_opts(f, path, opts, fn, userdata, ret_stats, err);
}

int logread_file(const char *path, logread_fn fn, void *userdata, struct logread_stats *ret_stats,
		 struct logread_error *err)
{
	return logread_file_opts(path, NULL, fn, userdata, ret_stats, err);
}

void logread_warn(const char *name, const struct logread_stats *st)
{
	if (st->truncated_line)
		jt_error("%s:%u: truncated last line skipped", name, st->truncated_line);
	if (st->foreign)
		jt_error("%s: %u line%s not written by jtrace-run skipped (--accept-shared)", name,
			 st->foreign, st->foreign == 1 ? "" : "s");
}

const char *logread_str(json_object *rec, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(rec, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

bool logread_i64(json_object *rec, const char *key, int64_t *ret)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(rec, key, &v) || !json_object_is_type(v, json_type_int))
		return false;
	*ret = json_object_get_int64(v);
	return true;
}
