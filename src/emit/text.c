/* emit/text: one record as one strace-like line:
 *   [pid N] name(arg, arg) = ret ERRNO (message) <dur>
 *   [pid N] --- SIGCHLD {si_code=1} ---
 *   [pid N] +++ exited with 0 +++
 * Arguments are rendered from the decoded JSON values, so the text and JSON
 * formats can never disagree about what was decoded. */
#include <jtrace/decode.h>
#include <jtrace/emit.h>
#include <jtrace/util.h>

#include <stdarg.h>
#include <string.h>
#include <time.h>

struct strbuf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void sb_grow(struct strbuf *b, size_t more)
{
	size_t want = b->len + more + 1;
	char *np = NULL;

	if (b->oom || want <= b->cap)
		return;
	if (want < 2 * b->cap)
		want = 2 * b->cap;
	if (want < 256)
		want = 256;
	np = realloc(b->p, want);
	if (!np) {
		b->oom = true;
		return;
	}
	b->p = np;
	b->cap = want;
}

static void sb_putn(struct strbuf *b, const char *s, size_t n)
{
	sb_grow(b, n);
	if (b->oom)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_puts(struct strbuf *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

static void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct strbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n = 0;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		sb_putn(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* A JSON string value as a C-style quoted string (the decoder already
 * escaped undecodable bytes as \xNN). */
static void put_quoted(struct strbuf *b, const char *s)
{
	sb_putn(b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"':
			sb_puts(b, "\\\"");
			break;
		case '\n':
			sb_puts(b, "\\n");
			break;
		case '\t':
			sb_puts(b, "\\t");
			break;
		case '\r':
			sb_puts(b, "\\r");
			break;
		default:
			if (c < 0x20)
				sb_printf(b, "\\%o", c);
			else
				sb_putn(b, s, 1);
			break;
		}
	}
	sb_putn(b, "\"", 1);
}

static void put_value(struct strbuf *b, json_object *v);

static void put_flags(struct strbuf *b, json_object *flags)
{
	size_t n = json_object_array_length(flags);

	if (n == 0) {
		sb_puts(b, "0");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_puts(b, "|");
		sb_puts(b, json_object_get_string(json_object_array_get_idx(flags, i)));
	}
}

static void put_sockaddr(struct strbuf *b, json_object *v)
{
	json_object *fam = NULL, *addr = NULL, *port = NULL, *path = NULL;
	const char *family = NULL;

	json_object_object_get_ex(v, "family", &fam);
	family = json_object_get_string(fam);
	sb_printf(b, "{sa_family=%s", family ? family : "?");
	if (json_object_object_get_ex(v, "port", &port))
		sb_printf(b, ", port=%d", json_object_get_int(port));
	if (json_object_object_get_ex(v, "addr", &addr)) {
		sb_puts(b, ", addr=");
		put_quoted(b, json_object_get_string(addr));
	}
	if (json_object_object_get_ex(v, "path", &path)) {
		sb_puts(b, ", path=");
		put_quoted(b, json_object_get_string(path));
	}
	if (json_object_object_get_ex(v, "abstract", &path)) {
		sb_puts(b, ", path=@");
		put_quoted(b, json_object_get_string(path));
	}
	sb_puts(b, "}");
}

static void put_object(struct strbuf *b, json_object *v)
{
	json_object *x = NULL;
	bool first = true;

	if (json_object_object_get_ex(v, "flags", &x) &&
	    json_object_get_type(x) == json_type_array) {
		put_flags(b, x);
		return;
	}
	if (json_object_object_get_ex(v, "truncated", &x) &&
	    json_object_object_get_ex(v, "str", &x)) {
		put_quoted(b, json_object_get_string(x));
		sb_puts(b, "...");
		return;
	}
	if (json_object_object_get_ex(v, "family", &x)) {
		put_sockaddr(b, v);
		return;
	}
	if (json_object_object_get_ex(v, "error", &x) &&
	    json_object_object_get_ex(v, "addr", &x)) {
		sb_puts(b, json_object_get_string(x));
		return;
	}
	if (json_object_object_get_ex(v, "fd", &x) && json_object_object_length(v) == 2 &&
	    json_object_object_get_ex(v, "target", &x)) {
		json_object *fd = NULL;

		json_object_object_get_ex(v, "fd", &fd);
		sb_printf(b, "%d<%s>", json_object_get_int(fd), json_object_get_string(x));
		return;
	}
	sb_puts(b, "{");
	json_object_object_foreach(v, key, val)
	{
		if (!first)
			sb_puts(b, ", ");
		first = false;
		sb_printf(b, "%s=", key);
		put_value(b, val);
	}
	sb_puts(b, "}");
}

static void put_value(struct strbuf *b, json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		sb_puts(b, "NULL");
		break;
	case json_type_boolean:
		sb_puts(b, json_object_get_boolean(v) ? "true" : "false");
		break;
	case json_type_int:
	case json_type_double:
		sb_puts(b, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
		break;
	case json_type_string: {
		const char *s = json_object_get_string(v);

		/* Symbolic constants and addresses are shown bare. */
		if ((s[0] >= 'A' && s[0] <= 'Z' && !strpbrk(s, " /.")) ||
		    (s[0] == '0' && s[1] == 'x'))
			sb_puts(b, s);
		else
			put_quoted(b, s);
		break;
	}
	case json_type_array: {
		size_t n = json_object_array_length(v);

		sb_puts(b, "[");
		for (size_t i = 0; i < n; i++) {
			if (i)
				sb_puts(b, ", ");
			put_value(b, json_object_array_get_idx(v, i));
		}
		sb_puts(b, "]");
		break;
	}
	case json_type_object:
		put_object(b, v);
		break;
	default:
		sb_puts(b, "?");
		break;
	}
}

static const char *get_str(json_object *rec, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(rec, key, &v))
		return NULL;
	return json_object_get_string(v);
}

static int64_t get_int(json_object *rec, const char *key, int64_t dflt)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(rec, key, &v))
		return dflt;
	return json_object_get_int64(v);
}

static void put_prefix(struct strbuf *b, const struct text_opts *o, uint64_t realtime0_ns,
		       json_object *rec)
{
	int64_t tid = get_int(rec, "tid", get_int(rec, "pid", 0));

	sb_printf(b, "[pid %lld] ", (long long)tid);
	if (o->timestamps) {
		uint64_t t = realtime0_ns + (uint64_t)get_int(rec, "ts", 0);
		time_t sec = (time_t)(t / 1000000000ull);
		struct tm tm = {0};

		if (o->timestamps >= 3) {
			sb_printf(b, "%lld.%06llu ", (long long)sec,
				  (unsigned long long)(t % 1000000000ull / 1000));
		} else {
			localtime_r(&sec, &tm);
			sb_printf(b, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
			if (o->timestamps == 2)
				sb_printf(b, ".%06llu", (unsigned long long)(t % 1000000000ull / 1000));
			sb_puts(b, " ");
		}
	}
}

static void put_syscall(struct strbuf *b, const struct text_opts *o, json_object *rec)
{
	json_object *args = NULL, *ret = NULL;
	const char *err = get_str(rec, "errno");
	const char *action = get_str(rec, "action");
	bool first = true;

	sb_puts(b, get_str(rec, "name") ? get_str(rec, "name") : "?");
	sb_puts(b, "(");
	if (json_object_object_get_ex(rec, "args", &args)) {
		json_object_object_foreach(args, key, val)
		{
			(void)key;
			if (!first)
				sb_puts(b, ", ");
			first = false;
			put_value(b, val);
		}
	}
	sb_puts(b, ")");
	if (!json_object_object_get_ex(rec, "ret", &ret)) {
		sb_puts(b, " = ?");
	} else {
		sb_puts(b, " = ");
		put_value(b, ret);
		if (err) {
			int e = decode_errno_value(err);

			sb_printf(b, " %s (%s)", err, e > 0 ? strerror(e) : "?");
		}
	}
	if (action && strcmp(action, "allow") != 0)
		sb_printf(b, " [%s %s]", action, get_str(rec, "rule") ? get_str(rec, "rule") : "");
	if (o->durations) {
		int64_t d = get_int(rec, "dur_ns", -1);

		if (d >= 0)
			sb_printf(b, " <%lld.%06lld>", (long long)(d / 1000000000),
				  (long long)(d % 1000000000 / 1000));
	}
}

int emit_text_line(const struct text_opts *o, uint64_t realtime0_ns, json_object *rec, char **out,
		   size_t *len)
{
	struct strbuf b = {0};
	const char *type = get_str(rec, "type");

	if (!type)
		return -EINVAL;
	if (strcmp(type, "start") == 0 || strcmp(type, "end") == 0 ||
	    strcmp(type, "summary") == 0 || strcmp(type, "fork") == 0) {
		/* strace prints nothing for these; the text log stays a list of
		 * calls and process events. */
		*out = NULL;
		*len = 0;
		return 0;
	}
	put_prefix(&b, o, realtime0_ns, rec);
	if (strcmp(type, "syscall") == 0) {
		put_syscall(&b, o, rec);
	} else if (strcmp(type, "signal") == 0) {
		sb_printf(&b, "--- %s {si_signo=%s, si_code=%lld} ---", get_str(rec, "sig"),
			  get_str(rec, "sig"), (long long)get_int(rec, "code", 0));
	} else if (strcmp(type, "exec") == 0) {
		sb_puts(&b, "+++ exec ");
		put_quoted(&b, get_str(rec, "path") ? get_str(rec, "path") : "");
		sb_puts(&b, " +++");
	} else if (strcmp(type, "exit") == 0) {
		if (get_str(rec, "signal"))
			sb_printf(&b, "+++ killed by %s%s +++", get_str(rec, "signal"),
				  get_int(rec, "core", 0) ? " (core dumped)" : "");
		else
			sb_printf(&b, "+++ exited with %lld +++", (long long)get_int(rec, "code", 0));
	} else {
		sb_printf(&b, "--- %s ---", type);
	}
	sb_putn(&b, "\n", 1);
	if (b.oom) {
		free(b.p);
		return -ENOMEM;
	}
	*out = b.p;
	*len = b.len;
	return 0;
}
