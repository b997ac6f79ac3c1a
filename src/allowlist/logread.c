/* allowlist/logread: the JSON Lines log reader shared by every
 * jtrace-policy subcommand (see include/jtrace/logread.h for the rules). */
#include <jtrace/logread.h>
#include <jtrace/util.h>

#include <errno.h>
#include <stdarg.h>
#include <string.h>

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

int logread_stream(FILE *f, const char *name, logread_fn fn, void *userdata,
		   struct logread_stats *ret_stats, struct logread_error *err)
{
	cleanup_free char *buf = NULL;
	size_t cap = 0;
	ssize_t n = 0;
	unsigned line = 0;
	struct logread_stats st = {0};

	err->msg[0] = '\0';
	while ((n = getline(&buf, &cap, f)) >= 0) {
		__attribute__((cleanup(logread_json_putp))) json_object *rec = NULL;
		bool has_nl = n > 0 && buf[n - 1] == '\n';
		size_t len = has_nl ? (size_t)n - 1 : (size_t)n;
		json_object *v = NULL;
		int r = 0;

		line++;
		if (logread_blank(buf, len))
			continue;
		if (memchr(buf, '\0', len))
			return logread_fail(err, "%s:%u: not JSON (NUL byte)", name, line);
		rec = logread_parse_line(buf, len);
		if (!rec) {
			/* A last line without its newline was cut short: skip
			 * it, but say so (the caller prints the warning). */
			if (!has_nl) {
				st.truncated_line = line;
				break;
			}
			return logread_fail(err, "%s:%u: not JSON", name, line);
		}
		if (!json_object_object_get_ex(rec, "v", &v))
			return logread_fail(err, "%s:%u: record has no schema version \"v\"", name,
					    line);
		if (!json_object_is_type(v, json_type_int) ||
		    json_object_get_int64(v) != LOGREAD_SCHEMA_VERSION)
			return logread_fail(
				err,
				"%s:%u: log schema version %s, this jtrace-policy reads "
				"version %d",
				name, line, json_object_to_json_string(v), LOGREAD_SCHEMA_VERSION);
		if (!logread_str(rec, "type"))
			return logread_fail(err, "%s:%u: record has no \"type\"", name, line);
		st.records++;
		r = fn(rec, line, userdata, err);
		if (r < 0)
			return r;
	}
	if (ferror(f))
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

int logread_file(const char *path, logread_fn fn, void *userdata, struct logread_stats *ret_stats,
		 struct logread_error *err)
{
	cleanup_file FILE *f = NULL;

	if (strcmp(path, "-") == 0)
		return logread_stream(stdin, "<stdin>", fn, userdata, ret_stats, err);
	f = fopen(path, "re");
	if (!f) {
		int e = errno;

		logread_fail(err, "%s: %s", path, strerror(e));
		return -e;
	}
	return logread_stream(f, path, fn, userdata, ret_stats, err);
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
