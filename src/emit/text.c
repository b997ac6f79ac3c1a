/* emit/text: one record as one strace-like line:
 *   [pid N] name(arg, arg) = ret ERRNO (message) <dur>
 *   [pid N] --- SIGCHLD {si_code=1} ---
 *   [pid N] +++ exited with 0 +++
 * Arguments are rendered from the decoded JSON values, so the text and JSON
 * formats can never disagree about what was decoded; each is shown by its
 * type in the signature table, in strace's notation (quoted strings with C
 * escapes, flags joined by |, {sa_family=AF_INET, sin_port=htons(80), ...},
 * 3</etc/passwd> with -y, struct members as name=value), and a mode that
 * does not apply (null) is left out as strace leaves it out. */
#include "text-shapes.h"

#include <jtrace/decode.h>
#include <jtrace/emit.h>
#include <jtrace/syscalls.h>
#include <jtrace/util.h>

#include <stdarg.h>
#include <stdlib.h>
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

/* Length of the valid UTF-8 sequence at @p (of at most @n bytes) that is
 * a printable character, or 0: C1 controls (U+0080..U+009F) are not. */
static size_t utf8_printable(const unsigned char *p, size_t n)
{
	size_t len = 0;
	uint32_t cp = 0, min = 0;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, cp = p[0] & 0x1f, min = 0x80;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, cp = p[0] & 0x0f, min = 0x800;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, cp = p[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp <= 0x9f)
		return 0;
	return len;
}

static void sb_put_escaped(struct strbuf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);

	for (size_t i = 0; i < n;) {
		size_t u = s[i] >= 0x80 ? utf8_printable(s + i, n - i) : 0;

		if (u) {
			sb_putn(b, (const char *)s + i, u);
			i += u;
		} else if (s[i] == '\\') {
			sb_puts(b, "\\\\");
			i++;
		} else if (s[i] < 0x20 || s[i] >= 0x7f) {
			sb_printf(b, "\\x%02x", s[i]);
			i++;
		} else {
			sb_putn(b, (const char *)s + i, 1);
			i++;
		}
	}
}

char *emit_escape_dup(const char *s)
{
	struct strbuf b = {0};

	sb_put_escaped(&b, s);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p ? b.p : strdup("");
}

void emit_fputs_escaped(const char *s, FILE *f)
{
	cleanup_free char *e = emit_escape_dup(s);

	fputs(e ? e : "?", f);
}

/* A string as strace quotes it: the decoder's \xNN escapes and doubled
 * backslashes are turned back into the bytes they stand for, then every
 * byte outside printable ASCII is shown as a C escape (octal, shortest form
 * unless an octal digit follows, as strace does). */
static void put_quoted_len(struct strbuf *b, const char *s, size_t n)
{
	unsigned char *raw = malloc(n + 1);
	size_t r = 0;

	if (!raw) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && s[i + 1] == '\\') {
			raw[r++] = '\\';
			i++;
		} else if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x') {
			char hex[3] = {s[i + 2], s[i + 3], '\0'};

			raw[r++] = (unsigned char)strtoul(hex, NULL, 16);
			i += 3;
		} else {
			raw[r++] = (unsigned char)s[i];
		}
	}
	sb_putn(b, "\"", 1);
	for (size_t i = 0; i < r; i++) {
		unsigned char c = raw[i];
		char esc[5];
		size_t e = 0;

		switch (c) {
		case '"':
			sb_puts(b, "\\\"");
			continue;
		case '\\':
			sb_puts(b, "\\\\");
			continue;
		case '\t':
			sb_puts(b, "\\t");
			continue;
		case '\n':
			sb_puts(b, "\\n");
			continue;
		case '\v':
			sb_puts(b, "\\v");
			continue;
		case '\f':
			sb_puts(b, "\\f");
			continue;
		case '\r':
			sb_puts(b, "\\r");
			continue;
		default:
			break;
		}
		if (c >= 0x20 && c < 0x7f) {
			sb_putn(b, (const char *)&c, 1);
			continue;
		}
		esc[e++] = '\\';
		if (i + 1 < r && raw[i + 1] >= '0' && raw[i + 1] <= '7') {
			esc[e++] = (char)('0' + (c >> 6));
			esc[e++] = (char)('0' + ((c >> 3) & 7));
		} else if (c >> 3) {
			if (c >> 6)
				esc[e++] = (char)('0' + (c >> 6));
			esc[e++] = (char)('0' + ((c >> 3) & 7));
		}
		esc[e++] = (char)('0' + (c & 7));
		sb_putn(b, esc, e);
	}
	sb_putn(b, "\"", 1);
	free(raw);
}

static void put_quoted(struct strbuf *b, const char *s)
{
	put_quoted_len(b, s, strlen(s));
}

/* A JSON string (embedded NULs included) quoted. */
static void put_jstring(struct strbuf *b, json_object *v)
{
	put_quoted_len(b, json_object_get_string(v), (size_t)json_object_get_string_len(v));
}

static void put_value(struct strbuf *b, json_object *v, const char *key);

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

/* ["SIGINT", "SIGTERM"] -> [INT TERM], as strace shows signal masks. */
static void put_sigset(struct strbuf *b, json_object *arr)
{
	size_t n = json_object_array_length(arr);

	sb_puts(b, "[");
	for (size_t i = 0; i < n; i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(arr, i));

		if (i)
			sb_puts(b, " ");
		sb_puts(b, strncmp(s, "SIG", 3) == 0 ? s + 3 : s);
	}
	sb_puts(b, "]");
}

static json_object *get_key(json_object *o, const char *key)
{
	json_object *v = NULL;

	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* strace's notation for socket addresses. */
static void put_sockaddr(struct strbuf *b, json_object *v)
{
	const char *family = json_object_get_string(get_key(v, "family"));
	json_object *addr = get_key(v, "addr"), *port = get_key(v, "port");
	json_object *path = get_key(v, "path"), *abstract = get_key(v, "abstract");

	sb_printf(b, "{sa_family=%s", family ? family : "?");
	if (family && strcmp(family, "AF_INET") == 0 && addr && port) {
		sb_printf(b, ", sin_port=htons(%d), sin_addr=inet_addr(\"%s\")",
			  json_object_get_int(port), json_object_get_string(addr));
	} else if (family && strcmp(family, "AF_INET6") == 0 && addr && port) {
		json_object *flow = get_key(v, "flowinfo"), *scope = get_key(v, "scope_id");

		sb_printf(b,
			  ", sin6_port=htons(%d), sin6_flowinfo=htonl(%lld), "
			  "inet_pton(AF_INET6, \"%s\", &sin6_addr), sin6_scope_id=%lld",
			  json_object_get_int(port),
			  flow ? (long long)json_object_get_int64(flow) : 0,
			  json_object_get_string(addr),
			  scope ? (long long)json_object_get_int64(scope) : 0);
	} else if (path) {
		sb_puts(b, ", sun_path=");
		put_jstring(b, path);
	} else if (abstract) {
		sb_puts(b, ", sun_path=@");
		put_jstring(b, abstract);
	} else if (family && strcmp(family, "AF_NETLINK") == 0) {
		sb_printf(b, ", nl_pid=%lld, nl_groups=%08llx",
			  (long long)json_object_get_int64(get_key(v, "nl_pid")),
			  (unsigned long long)json_object_get_int64(get_key(v, "nl_groups")));
	} else {
		json_object_object_foreach(v, k, val)
		{
			if (strcmp(k, "family") == 0)
				continue;
			sb_printf(b, ", %s=", k);
			put_value(b, val, k);
		}
	}
	sb_puts(b, "}");
}

/* -y: 3</etc/passwd>, or for sockets strace -yy's TCP:[local->peer]. */
static void put_fd_object(struct strbuf *b, json_object *v)
{
	json_object *sock = get_key(v, "socket"), *target = get_key(v, "target");

	json_object *fd = get_key(v, "fd");

	/* AT_FDCWD<cwd> with -y. */
	if (json_object_get_type(fd) == json_type_string)
		sb_printf(b, "%s<", json_object_get_string(fd));
	else
		sb_printf(b, "%d<", json_object_get_int(fd));
	if (sock) {
		json_object *local = get_key(sock, "local"), *peer = get_key(sock, "peer");
		json_object *path = get_key(sock, "path"), *abstract = get_key(sock, "abstract");
		const char *proto = json_object_get_string(get_key(sock, "proto"));
		bool v6 = proto && strstr(proto, "v6");

		sb_printf(b, "%s:[", proto ? proto : "?");
		if (local)
			sb_printf(b, v6 ? "[%s]:%d" : "%s:%d",
				  json_object_get_string(get_key(local, "addr")),
				  json_object_get_int(get_key(local, "port")));
		if (peer)
			sb_printf(b, v6 ? "->[%s]:%d" : "->%s:%d",
				  json_object_get_string(get_key(peer, "addr")),
				  json_object_get_int(get_key(peer, "port")));
		if (path || abstract) {
			const char *t = json_object_get_string(target);
			const char *ino = t ? strchr(t, '[') : NULL;

			if (ino)
				sb_putn(b, ino + 1, strcspn(ino + 1, "]"));
			sb_puts(b, path ? "," : ",@");
			put_jstring(b, path ? path : abstract);
		} else if (!local) {
			const char *t = json_object_get_string(target);
			const char *ino = t ? strchr(t, '[') : NULL;

			if (ino)
				sb_putn(b, ino + 1, strcspn(ino + 1, "]"));
		}
		sb_puts(b, "]>");
		return;
	}
	if (target) {
		json_object *str = json_object_get_type(target) == json_type_object
					   ? get_key(target, "str")
					   : target;
		const char *t = json_object_get_string(str);

		sb_puts(b, t ? t : "");
	}
	sb_puts(b, ">");
}

/* Strings inside structures that are data, never a symbolic constant. */
static bool key_is_data(const char *key)
{
	static const char *const data_keys[] = {"iov_base", "sysname", "nodename",   "release",
						"version",  "machine", "domainname", "path",
						"abstract", "str",     NULL};

	for (size_t i = 0; key && data_keys[i]; i++)
		if (strcmp(key, data_keys[i]) == 0)
			return true;
	return false;
}

/* Symbolic constants (O_RDONLY|O_CLOEXEC, S_IFREG|0644), addresses and
 * makedev(...) are shown bare, like strace. */
static bool looks_symbolic(const char *s)
{
	if (s[0] == '0' && s[1] == 'x')
		return true;
	if (strncmp(s, "makedev(", 8) == 0)
		return true;
	if (s[0] == '0' && s[strspn(s, "01234567")] == '\0')
		return true; /* an octal mode */
	if (!((s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '|'))
			return false;
	return true;
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
		put_jstring(b, x);
		sb_puts(b, "...");
		return;
	}
	if (json_object_object_get_ex(v, "family", &x)) {
		put_sockaddr(b, v);
		return;
	}
	if (json_object_object_get_ex(v, "error", &x) && json_object_object_get_ex(v, "addr", &x)) {
		sb_puts(b, json_object_get_string(x));
		return;
	}
	if (json_object_object_get_ex(v, "fd", &x) && get_key(v, "target")) {
		put_fd_object(b, v);
		return;
	}
	if (json_object_object_length(v) == 1 && get_key(v, "truncated")) {
		sb_puts(b, "...");
		return;
	}
	sb_puts(b, "{");
	json_object_object_foreach(v, key, val)
	{
		if (!first)
			sb_puts(b, ", ");
		first = false;
		sb_printf(b, "%s=", key);
		put_value(b, val, key);
	}
	sb_puts(b, "}");
}

/* @key: the member name when @v is inside a structure, else NULL. */
static void put_value(struct strbuf *b, json_object *v, const char *key)
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

		if (!key_is_data(key) && looks_symbolic(s))
			sb_puts(b, s);
		else
			put_jstring(b, v);
		break;
	}
	case json_type_array: {
		size_t n = json_object_array_length(v);

		if (key && (strcmp(key, "events") == 0 || strcmp(key, "revents") == 0)) {
			put_flags(b, v);
			break;
		}
		if (key && strcmp(key, "sa_mask") == 0) {
			put_sigset(b, v);
			break;
		}
		sb_puts(b, "[");
		for (size_t i = 0; i < n; i++) {
			if (i)
				sb_puts(b, ", ");
			put_value(b, json_object_array_get_idx(v, i), NULL);
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

/* A wait status as strace shows it: [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]. */
static void put_wstatus(struct strbuf *b, json_object *v)
{
	json_object *x = NULL;

	if ((x = get_key(v, "exited")))
		sb_printf(b, "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]", json_object_get_int(x));
	else if ((x = get_key(v, "signaled")))
		sb_printf(b, "[{WIFSIGNALED(s) && WTERMSIG(s) == %s%s}]", json_object_get_string(x),
			  get_key(v, "core") ? " && WCOREDUMP(s)" : "");
	else if ((x = get_key(v, "stopped")))
		sb_printf(b, "[{WIFSTOPPED(s) && WSTOPSIG(s) == %s}]", json_object_get_string(x));
	else if (get_key(v, "continued"))
		sb_puts(b, "[{WIFCONTINUED(s)}]");
	else
		put_value(b, v, NULL);
}

/* @arg printed as if its type were @type. */
static bool put_arg_as(struct strbuf *b, const struct syscall_arg *arg, enum arg_type type,
		       json_object *v, bool failed);

/* One argument, shown by its type in the signature.  Returns false when
 * nothing is shown (a mode that does not apply). */
static bool put_arg(struct strbuf *b, const struct syscall_arg *arg, json_object *v, bool failed)
{
	enum json_type t = json_object_get_type(v);

	if (!arg) {
		put_value(b, v, NULL);
		return true;
	}
	/* What a failed call did not write is shown as the address. */
	if (failed && argtype_at_exit(arg->type) && t == json_type_string) {
		sb_puts(b, json_object_get_string(v));
		return true;
	}
	switch (arg->type) {
	case ARG_MODE:
		if (t == json_type_null)
			return false;
		put_value(b, v, NULL);
		return true;
	case ARG_PATH:
	case ARG_STR:
	case ARG_IBUF:
	case ARG_OBUF:
		if (t == json_type_string)
			put_jstring(b, v);
		else
			put_value(b, v, NULL);
		return true;
	case ARG_ARGV:
		if (t == json_type_array) {
			size_t n = json_object_array_length(v);

			sb_puts(b, "[");
			for (size_t i = 0; i < n; i++) {
				json_object *el = json_object_array_get_idx(v, i);

				if (i)
					sb_puts(b, ", ");
				if (json_object_get_type(el) == json_type_string)
					put_jstring(b, el);
				else
					put_value(b, el, NULL);
			}
			sb_puts(b, "]");
			return true;
		}
		put_value(b, v, NULL);
		return true;
	case ARG_ENVP:
		if (t == json_type_object && get_key(v, "count")) {
			sb_printf(b, "/* %d vars%s */", json_object_get_int(get_key(v, "count")),
				  get_key(v, "truncated") ? " at least" : "");
			return true;
		}
		return put_arg_as(b, arg, ARG_ARGV, v, failed);
	case ARG_SIGSET:
	case ARG_OSIGSET:
		if (t == json_type_array)
			put_sigset(b, v);
		else
			put_value(b, v, NULL);
		return true;
	case ARG_OWSTATUS:
		if (t == json_type_object)
			put_wstatus(b, v);
		else
			put_value(b, v, NULL);
		return true;
	case ARG_ODIRENTS:
		if (t == json_type_object && get_key(v, "entries")) {
			sb_printf(b, "%s /* %d entries */",
				  json_object_get_string(get_key(v, "addr")),
				  json_object_get_int(get_key(v, "entries")));
			return true;
		}
		put_value(b, v, NULL);
		return true;
	case ARG_SOCKOPT:
	case ARG_OSOCKOPT:
	case ARG_OLEN:
		if (t == json_type_int) {
			sb_printf(b, "[%d]", json_object_get_int(v));
			return true;
		}
		put_arg_as(b, arg, ARG_IBUF, v, failed);
		return true;
	case ARG_OSTAT:
	case ARG_OSTATX:
	case ARG_OUTSNAME:
		put_value(b, v, NULL);
		/* Abbreviated without -v, as strace marks it. */
		if (t == json_type_object && !get_key(v, "st_ino") && !get_key(v, "stx_ino") &&
		    !get_key(v, "release") && b->len && b->p[b->len - 1] == '}') {
			b->len--;
			sb_puts(b, ", ...}");
		}
		return true;
	default:
		put_value(b, v, NULL);
		return true;
	}
}

static bool put_arg_as(struct strbuf *b, const struct syscall_arg *arg, enum arg_type type,
		       json_object *v, bool failed)
{
	struct syscall_arg as = *arg;

	as.type = type;
	return put_arg(b, &as, v, failed);
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
				sb_printf(b, ".%06llu",
					  (unsigned long long)(t % 1000000000ull / 1000));
			sb_puts(b, " ");
		}
	}
}

static const struct syscall_arg *sig_arg(const struct syscall_sig *sig, const char *key)
{
	for (unsigned i = 0; sig && i < sig->nargs; i++)
		if (strcmp(sig->args[i].name, key) == 0)
			return &sig->args[i];
	return NULL;
}

/* One argument of a call printed in its own shape (text-shapes.h). */
static void put_shaped(struct strbuf *b, const struct text_shape_item *it,
		       const struct syscall_arg *arg, json_object *v, bool failed)
{
	const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;

	if (it->label)
		sb_printf(b, "%s=", it->label);
	if (it->decimal && s && strncmp(s, "0x", 2) == 0) {
		sb_printf(b, "%llu", strtoull(s, NULL, 16));
	} else if (it->bitset && json_object_is_type(v, json_type_int) &&
		   (uint32_t)json_object_get_int64(v) == UINT32_MAX) {
		sb_puts(b, "FUTEX_BITSET_MATCH_ANY");
	} else if (it->decimal && json_object_is_type(v, json_type_null)) {
		sb_puts(b, "0");
	} else if (!put_arg(b, arg, v, failed)) {
		sb_puts(b, "0");
	}
}

static void put_syscall(struct strbuf *b, const struct text_opts *o, json_object *rec)
{
	struct text_shape shape;
	json_object *args = NULL, *ret = NULL;
	const char *name = get_str(rec, "name");
	const char *err = get_str(rec, "errno");
	const char *action = get_str(rec, "action");
	const struct syscall_sig *sig = name ? syscalls_by_name(name) : NULL;
	bool first = true;

	/* Escaped: jtrace's own names, but the text of a record is not
	 * printed raw on any terminal. */
	sb_put_escaped(b, name ? name : "?");
	sb_puts(b, "(");
	if (json_object_object_get_ex(rec, "args", &args) &&
	    text_call_shape(name, args, &shape)) {
		for (size_t k = 0; k < shape.n; k++) {
			json_object *val = NULL;

			/* A JSON null (NULL, an unused mode) is a value here. */
			if (!json_object_object_get_ex(args, shape.items[k].key, &val))
				continue;
			if (!first)
				sb_puts(b, ", ");
			first = false;
			put_shaped(b, &shape.items[k], sig_arg(sig, shape.items[k].key), val,
				   err != NULL);
		}
	} else if (args) {
		json_object_object_foreach(args, key, val)
		{
			size_t mark = b->len;

			if (!first)
				sb_puts(b, ", ");
			if (put_arg(b, sig_arg(sig, key), val, err != NULL))
				first = false;
			else if (!b->oom)
				b->len = mark, b->p[mark] = '\0';
		}
	}
	sb_puts(b, ")");
	if (!json_object_object_get_ex(rec, "ret", &ret)) {
		sb_puts(b, " = ?");
	} else {
		json_object *ret_fd = NULL;

		sb_puts(b, " = ");
		/* -y: "= 3</etc/passwd>", as strace decorates a new fd. */
		if (json_object_object_get_ex(rec, "ret_fd", &ret_fd))
			put_value(b, ret_fd, NULL);
		else
			put_value(b, ret, NULL);
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
		json_object *si = get_key(rec, "siginfo");
		const char *sig = get_str(rec, "sig");

		if (!sig)
			sig = "SIG?";
		sb_printf(&b, "--- %s ", sig);
		if (si)
			put_value(&b, si, NULL);
		else
			sb_printf(&b, "{si_signo=%s, si_code=%lld}", sig,
				  (long long)get_int(rec, "code", 0));
		sb_puts(&b, " ---");
	} else if (strcmp(type, "stop") == 0) {
		sb_printf(&b, "--- stopped by %s ---", get_str(rec, "sig") ? get_str(rec, "sig") : "SIG?");
	} else if (strcmp(type, "exec") == 0) {
		sb_puts(&b, "+++ exec ");
		put_quoted(&b, get_str(rec, "path") ? get_str(rec, "path") : "");
		sb_puts(&b, " +++");
	} else if (strcmp(type, "exit") == 0) {
		if (get_str(rec, "signal"))
			sb_printf(&b, "+++ killed by %s%s +++", get_str(rec, "signal"),
				  get_int(rec, "core", 0) ? " (core dumped)" : "");
		else
			sb_printf(&b, "+++ exited with %lld +++",
				  (long long)get_int(rec, "code", 0));
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
