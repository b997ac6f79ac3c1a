/* emit/text: one event as one strace-like line (include/jtrace/text.h).
 *
 * Arguments are rendered from the decoded jv values the JSON writer writes
 * too, so the two formats never disagree about what was decoded; each is
 * shown by its type in the call's signature, in strace's notation (quoted
 * strings with C escapes, flags joined by |, {sa_family=AF_INET,
 * sin_port=htons(80), ...}, 3</etc/passwd> with -y, struct members as
 * name=value), and a mode that does not apply (null) is left out as
 * strace leaves it out.
 *
 * A value is recognised by its kind and tag first.  Where a decoder left a
 * value untagged, the rules that read it are the ones the text writer has
 * always applied to the JSON form (an object with "flags" is a flag set,
 * an upper-case string is a constant...), so the line is the same either
 * way; json_like() below says which JSON type a jv value is written as.
 *
 * Also here: the escaping of text for a terminal (emit_escape_dup), which
 * jtrace-policy uses as well. */
#include "text-shapes.h"

#include <jtrace/decode.h>
#include <jtrace/emit.h>
#include <jtrace/syscalls.h>
#include <jtrace/text.h>
#include <jtrace/util.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- text for a terminal ---- */

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

static void put_escaped(struct jbuf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);

	for (size_t i = 0; i < n;) {
		size_t u = s[i] >= 0x80 ? utf8_printable(s + i, n - i) : 0;

		if (u) {
			jbuf_putn(b, (const char *)s + i, u);
			i += u;
		} else if (s[i] == '\\') {
			jbuf_puts(b, "\\\\");
			i++;
		} else if (s[i] < 0x20 || s[i] >= 0x7f) {
			jbuf_printf(b, "\\x%02x", s[i]);
			i++;
		} else {
			jbuf_putc(b, (char)s[i]);
			i++;
		}
	}
}

char *emit_escape_dup(const char *s)
{
	struct jbuf b = {0};

	put_escaped(&b, s);
	if (b.oom) {
		jbuf_free(&b);
		return NULL;
	}
	return b.p ? b.p : strdup("");
}

void emit_fputs_escaped(const char *s, FILE *f)
{
	cleanup_free char *e = emit_escape_dup(s);

	fputs(e ? e : "?", f);
}

/* ---- strings ---- */

/* @n bytes quoted as strace quotes them: every byte outside printable
 * ASCII as a C escape (octal, shortest form unless an octal digit
 * follows, as strace does). */
static void put_cquoted(struct jbuf *b, const unsigned char *raw, size_t n)
{
	jbuf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = raw[i];
		char esc[5];
		size_t e = 0;

		switch (c) {
		case '"':
			jbuf_puts(b, "\\\"");
			continue;
		case '\\':
			jbuf_puts(b, "\\\\");
			continue;
		case '\t':
			jbuf_puts(b, "\\t");
			continue;
		case '\n':
			jbuf_puts(b, "\\n");
			continue;
		case '\v':
			jbuf_puts(b, "\\v");
			continue;
		case '\f':
			jbuf_puts(b, "\\f");
			continue;
		case '\r':
			jbuf_puts(b, "\\r");
			continue;
		default:
			break;
		}
		if (c >= 0x20 && c < 0x7f) {
			jbuf_putc(b, (char)c);
			continue;
		}
		esc[e++] = '\\';
		if (i + 1 < n && raw[i + 1] >= '0' && raw[i + 1] <= '7') {
			esc[e++] = (char)('0' + (c >> 6));
			esc[e++] = (char)('0' + ((c >> 3) & 7));
		} else if (c >> 3) {
			if (c >> 6)
				esc[e++] = (char)('0' + (c >> 6));
			esc[e++] = (char)('0' + ((c >> 3) & 7));
		}
		esc[e++] = (char)('0' + (c & 7));
		jbuf_putn(b, esc, e);
	}
	jbuf_putc(b, '"');
}

/* Text jtrace made, quoted.  Before the typed values this writer read the
 * log's strings, where tracee bytes came escaped (\xNN, \\), and took
 * those escapes back for every string; the text of a JV_STR (or an exe
 * path) is taken back the same way so that the line stays the same where
 * such text holds a backslash (a unix socket path from /proc/net/unix). */
static void put_quoted_text(struct jbuf *b, const char *s, size_t n)
{
	unsigned char stackbuf[256];
	cleanup_free unsigned char *heap = NULL;
	unsigned char *raw = stackbuf;
	size_t r = 0;

	if (n >= sizeof(stackbuf)) {
		heap = malloc(n + 1);
		if (!heap) {
			b->oom = true;
			return;
		}
		raw = heap;
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
	put_cquoted(b, raw, r);
}

/* Length of the valid UTF-8 sequence at @p (at most @n bytes), or 0: the
 * decoders' rule (decode/strings.c), no overlong forms, no surrogates. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	size_t need = 0;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		need = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (n < need || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t k = 2; k < need; k++)
		if (p[k] < 0x80 || p[k] > 0xbf)
			return 0;
	return need;
}

/* Tracee bytes as the log's text shows them (decode.h: invalid UTF-8, or
 * with -x every non-ASCII byte, as \xNN, a backslash doubled), up to the
 * first NUL: how strace -y's <target> has always been printed here. */
static void put_bytes_text(struct jbuf *b, const struct jv *v)
{
	static const char hexdig[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)v->v.s.p;
	size_t n = strlen(v->v.s.p);

	for (size_t k = 0; k < n;) {
		unsigned char c = p[k];
		size_t ulen = v->hex_bytes ? (c < 0x80) : utf8_len(p + k, n - k);

		if (c == '\\') {
			jbuf_puts(b, "\\\\");
			k++;
		} else if (ulen == 0) {
			char esc[4] = {'\\', 'x', hexdig[c >> 4], hexdig[c & 15]};

			jbuf_putn(b, esc, sizeof(esc));
			k++;
		} else {
			jbuf_putn(b, (const char *)p + k, ulen);
			k += ulen;
		}
	}
}

/* ---- values ---- */

/* The JSON type the log writes @v as. */
enum json_like { JL_NULL, JL_BOOL, JL_NUMBER, JL_STRING, JL_ARRAY, JL_OBJECT };

static bool is_hex(const struct jv *v)
{
	return jv_kind_of(v) == JV_UINT && (v->tag == JV_TAG_HEX || v->tag == JV_TAG_PTR);
}

static enum json_like json_like(const struct jv *v)
{
	switch (jv_kind_of(v)) {
	case JV_BOOL:
		return JL_BOOL;
	case JV_INT:
		return JL_NUMBER;
	case JV_UINT:
		return is_hex(v) ? JL_STRING : JL_NUMBER;
	case JV_STR:
		return JL_STRING;
	case JV_BYTES:
		/* Cut at -s: {"str":..., "truncated":true}. */
		return v->truncated ? JL_OBJECT : JL_STRING;
	case JV_ARRAY:
		return JL_ARRAY;
	case JV_OBJECT:
		return JL_OBJECT;
	case JV_NULL:
	default:
		return JL_NULL;
	}
}

/* A number member as the JSON reader took it (0 when absent). */
static int get_int(const struct jv *o, const char *key)
{
	return (int)jv_as_int(jv_get(o, key));
}

static long long get_int64(const struct jv *o, const char *key)
{
	return (long long)jv_as_int(jv_get(o, key));
}

/* A scalar's text, as the log shows it without quotes ("AF_INET", "12",
 * "0x7f00"), in @buf when it has to be made; NULL for null.  For names
 * and numbers, never tracee bytes. */
static const char *scalar_text(const struct jv *v, char buf[32])
{
	switch (jv_kind_of(v)) {
	case JV_BOOL:
		return v->v.b ? "true" : "false";
	case JV_INT:
		snprintf(buf, 32, "%lld", (long long)v->v.i);
		return buf;
	case JV_UINT:
		snprintf(buf, 32, is_hex(v) ? "0x%llx" : "%llu", (unsigned long long)v->v.u);
		return buf;
	case JV_STR:
	case JV_BYTES:
		return v->v.s.p;
	default:
		return NULL;
	}
}

/* @v bare: a name, a number, an address, or text as the log shows it. */
static void put_text(struct jbuf *b, const struct jv *v)
{
	char buf[32];
	const char *s = NULL;

	if (jv_kind_of(v) == JV_BYTES) {
		put_bytes_text(b, v);
		return;
	}
	if (jv_kind_of(v) == JV_ARRAY || jv_kind_of(v) == JV_OBJECT) {
		jv_write_json(b, v);
		return;
	}
	s = scalar_text(v, buf);
	if (s)
		jbuf_puts(b, s);
}

/* A string value quoted: tracee bytes as they are, text jtrace made as
 * put_quoted_text says.  A cut string's "..." is the caller's. */
static void put_jstring(struct jbuf *b, const struct jv *v)
{
	char buf[32];
	const char *s = NULL;

	if (jv_kind_of(v) == JV_BYTES) {
		put_cquoted(b, (const unsigned char *)v->v.s.p, v->v.s.len);
		return;
	}
	if (jv_kind_of(v) == JV_STR) {
		put_quoted_text(b, v->v.s.p, v->v.s.len);
		return;
	}
	s = scalar_text(v, buf);
	put_quoted_text(b, s ? s : "", s ? strlen(s) : 0);
}

static void put_value(struct jbuf *b, const struct jv *v, const char *key);

static void put_flags(struct jbuf *b, const struct jv *flags)
{
	bool first = true;

	if (jv_len(flags) == 0) {
		jbuf_putc(b, '0');
		return;
	}
	jv_foreach(f, flags)
	{
		if (!first)
			jbuf_putc(b, '|');
		first = false;
		put_text(b, f);
	}
}

/* ["SIGINT", "SIGTERM"] -> [INT TERM], as strace shows signal masks. */
static void put_sigset(struct jbuf *b, const struct jv *arr)
{
	bool first = true;

	jbuf_putc(b, '[');
	jv_foreach(el, arr)
	{
		char buf[32];
		const char *s = scalar_text(el, buf);

		if (!first)
			jbuf_putc(b, ' ');
		first = false;
		if (s)
			jbuf_puts(b, strncmp(s, "SIG", 3) == 0 ? s + 3 : s);
	}
	jbuf_putc(b, ']');
}

/* strace's notation for socket addresses. */
static void put_sockaddr(struct jbuf *b, const struct jv *v)
{
	char fbuf[32];
	const char *family = scalar_text(jv_get(v, "family"), fbuf);
	const struct jv *addr = jv_get(v, "addr"), *port = jv_get(v, "port");
	const struct jv *path = jv_get(v, "path"), *abstract = jv_get(v, "abstract");

	jbuf_printf(b, "{sa_family=%s", family ? family : "?");
	if (family && strcmp(family, "AF_INET") == 0 && addr && port) {
		jbuf_printf(b, ", sin_port=htons(%d), sin_addr=inet_addr(\"", (int)jv_as_int(port));
		put_text(b, addr);
		jbuf_puts(b, "\")");
	} else if (family && strcmp(family, "AF_INET6") == 0 && addr && port) {
		jbuf_printf(
			b,
			", sin6_port=htons(%d), sin6_flowinfo=htonl(%lld), inet_pton(AF_INET6, \"",
			(int)jv_as_int(port), get_int64(v, "flowinfo"));
		put_text(b, addr);
		jbuf_printf(b, "\", &sin6_addr), sin6_scope_id=%lld", get_int64(v, "scope_id"));
	} else if (path) {
		jbuf_puts(b, ", sun_path=");
		put_jstring(b, path);
	} else if (abstract) {
		jbuf_puts(b, ", sun_path=@");
		put_jstring(b, abstract);
	} else if (family && strcmp(family, "AF_NETLINK") == 0) {
		jbuf_printf(b, ", nl_pid=%lld, nl_groups=%08llx", get_int64(v, "nl_pid"),
			    (unsigned long long)get_int64(v, "nl_groups"));
	} else {
		jv_foreach(m, v)
		{
			if (strcmp(m->key, "family") == 0)
				continue;
			jbuf_printf(b, ", %s=", m->key);
			put_value(b, m, m->key);
		}
	}
	jbuf_putc(b, '}');
}

/* The inode of a "socket:[12345]" target. */
static void put_target_inode(struct jbuf *b, const struct jv *target)
{
	struct jbuf t = {0};
	const char *ino = NULL;

	put_text(&t, target);
	if (t.oom)
		b->oom = true;
	ino = t.p ? strchr(t.p, '[') : NULL;
	if (ino)
		jbuf_putn(b, ino + 1, strcspn(ino + 1, "]"));
	jbuf_free(&t);
}

/* -y: 3</etc/passwd>, or for sockets strace -yy's TCP:[local->peer]. */
static void put_fd_object(struct jbuf *b, const struct jv *v)
{
	const struct jv *sock = jv_get(v, "socket"), *target = jv_get(v, "target");
	const struct jv *fd = jv_get(v, "fd");

	/* AT_FDCWD<cwd> with -y. */
	if (json_like(fd) == JL_STRING) {
		put_text(b, fd);
		jbuf_putc(b, '<');
	} else {
		jbuf_printf(b, "%d<", (int)jv_as_int(fd));
	}
	if (sock) {
		const struct jv *local = jv_get(sock, "local"), *peer = jv_get(sock, "peer");
		const struct jv *path = jv_get(sock, "path"), *abstract = jv_get(sock, "abstract");
		char pbuf[32];
		const char *proto = scalar_text(jv_get(sock, "proto"), pbuf);
		bool v6 = proto && strstr(proto, "v6");

		jbuf_printf(b, "%s:[", proto ? proto : "?");
		if (local) {
			jbuf_puts(b, v6 ? "[" : "");
			put_text(b, jv_get(local, "addr"));
			jbuf_printf(b, v6 ? "]:%d" : ":%d", get_int(local, "port"));
		}
		if (peer) {
			jbuf_puts(b, v6 ? "->[" : "->");
			put_text(b, jv_get(peer, "addr"));
			jbuf_printf(b, v6 ? "]:%d" : ":%d", get_int(peer, "port"));
		}
		if (path || abstract) {
			put_target_inode(b, target);
			jbuf_puts(b, path ? "," : ",@");
			put_jstring(b, path ? path : abstract);
		} else if (!local) {
			put_target_inode(b, target);
		}
		jbuf_puts(b, "]>");
		return;
	}
	if (target) {
		/* Shown as the log's text, cut or not (no quotes, no "..."). */
		const struct jv *str =
			jv_kind_of(target) == JV_OBJECT ? jv_get(target, "str") : target;

		put_text(b, str);
	}
	jbuf_putc(b, '>');
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

static void put_object(struct jbuf *b, const struct jv *v)
{
	const struct jv *x = NULL;
	bool first = true;

	/* By tag, or an untagged object by the members it has, in this
	 * order.  A flag set (JV_TAG_FLAGS) is known by its members either
	 * way: a structure with a "flags" list is shown as its flags too. */
	x = jv_get(v, "flags");
	if (jv_kind_of(x) == JV_ARRAY) {
		put_flags(b, x);
		return;
	}
	if (jv_get_ex(v, "truncated", NULL) && jv_get_ex(v, "str", NULL)) {
		put_jstring(b, jv_get(v, "str"));
		jbuf_puts(b, "...");
		return;
	}
	if (v->tag == JV_TAG_SOCKADDR || jv_get_ex(v, "family", NULL)) {
		put_sockaddr(b, v);
		return;
	}
	if (v->tag == JV_TAG_MEMERR ||
	    (jv_get_ex(v, "error", NULL) && jv_get_ex(v, "addr", NULL))) {
		put_text(b, jv_get(v, "addr"));
		return;
	}
	/* An fd whose target could not be read is shown as {fd=N}. */
	if (jv_get_ex(v, "fd", NULL) && jv_get(v, "target")) {
		put_fd_object(b, v);
		return;
	}
	if (jv_len(v) == 1 && jv_get(v, "truncated")) {
		jbuf_puts(b, "...");
		return;
	}
	jbuf_putc(b, '{');
	jv_foreach(m, v)
	{
		if (!first)
			jbuf_puts(b, ", ");
		first = false;
		jbuf_printf(b, "%s=", m->key);
		put_value(b, m, m->key);
	}
	jbuf_putc(b, '}');
}

/* @key: the member name when @v is inside a structure, else NULL. */
static void put_value(struct jbuf *b, const struct jv *v, const char *key)
{
	switch (jv_kind_of(v)) {
	case JV_NULL:
		jbuf_puts(b, "NULL");
		break;
	case JV_BOOL:
		jbuf_puts(b, v->v.b ? "true" : "false");
		break;
	case JV_INT:
	case JV_UINT:
		/* Addresses and masks in hex, bare. */
		put_text(b, v);
		break;
	case JV_BYTES:
		put_jstring(b, v);
		if (v->truncated)
			jbuf_puts(b, "...");
		break;
	case JV_STR:
		if (v->tag == JV_TAG_SYMBOL || v->tag == JV_TAG_MODE ||
		    (!key_is_data(key) && looks_symbolic(v->v.s.p)))
			jbuf_puts(b, v->v.s.p);
		else
			put_jstring(b, v);
		break;
	case JV_ARRAY: {
		bool first = true;

		if (key && (strcmp(key, "events") == 0 || strcmp(key, "revents") == 0)) {
			put_flags(b, v);
			break;
		}
		if (key && strcmp(key, "sa_mask") == 0) {
			put_sigset(b, v);
			break;
		}
		jbuf_putc(b, '[');
		jv_foreach(el, v)
		{
			if (!first)
				jbuf_puts(b, ", ");
			first = false;
			put_value(b, el, NULL);
		}
		jbuf_putc(b, ']');
		break;
	}
	case JV_OBJECT:
		put_object(b, v);
		break;
	default:
		jbuf_putc(b, '?');
		break;
	}
}

/* ---- arguments ---- */

/* A wait status as strace shows it: [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]. */
static void put_wstatus(struct jbuf *b, const struct jv *v)
{
	const struct jv *x = NULL;

	if ((x = jv_get(v, "exited"))) {
		jbuf_printf(b, "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]", (int)jv_as_int(x));
	} else if ((x = jv_get(v, "signaled"))) {
		jbuf_puts(b, "[{WIFSIGNALED(s) && WTERMSIG(s) == ");
		put_text(b, x);
		jbuf_puts(b, jv_get(v, "core") ? " && WCOREDUMP(s)}]" : "}]");
	} else if ((x = jv_get(v, "stopped"))) {
		jbuf_puts(b, "[{WIFSTOPPED(s) && WSTOPSIG(s) == ");
		put_text(b, x);
		jbuf_puts(b, "}]");
	} else if (jv_get(v, "continued")) {
		jbuf_puts(b, "[{WIFCONTINUED(s)}]");
	} else {
		put_value(b, v, NULL);
	}
}

static void put_string_list(struct jbuf *b, const struct jv *v)
{
	bool first = true;

	jbuf_putc(b, '[');
	jv_foreach(el, v)
	{
		if (!first)
			jbuf_puts(b, ", ");
		first = false;
		if (json_like(el) == JL_STRING)
			put_jstring(b, el);
		else
			put_value(b, el, NULL);
	}
	jbuf_putc(b, ']');
}

/* One argument, shown by its type in the signature (@arg NULL: the call
 * is not in the table, or shown raw).  Returns false when nothing is
 * shown (a mode that does not apply). */
static bool put_arg(struct jbuf *b, const struct syscall_arg *arg, enum arg_type type,
		    const struct jv *v, bool failed)
{
	enum json_like t = json_like(v);

	if (!arg) {
		put_value(b, v, NULL);
		return true;
	}
	/* What a failed call did not write is shown as the address. */
	if (failed && argtype_at_exit(arg->type) && t == JL_STRING) {
		put_text(b, v);
		return true;
	}
	switch (type) {
	case ARG_MODE:
		if (t == JL_NULL)
			return false;
		put_value(b, v, NULL);
		return true;
	case ARG_PATH:
	case ARG_STR:
	case ARG_IBUF:
	case ARG_OBUF:
		if (t == JL_STRING)
			put_jstring(b, v);
		else
			put_value(b, v, NULL);
		return true;
	case ARG_ENVP:
		if (t == JL_OBJECT && jv_get(v, "count")) {
			jbuf_printf(b, "/* %d vars%s */", get_int(v, "count"),
				    jv_get(v, "truncated") ? " at least" : "");
			return true;
		}
		/* fallthrough */
	case ARG_ARGV:
		if (t == JL_ARRAY)
			put_string_list(b, v);
		else
			put_value(b, v, NULL);
		return true;
	case ARG_SIGSET:
	case ARG_OSIGSET:
		if (t == JL_ARRAY)
			put_sigset(b, v);
		else
			put_value(b, v, NULL);
		return true;
	case ARG_OWSTATUS:
		if (t == JL_OBJECT)
			put_wstatus(b, v);
		else
			put_value(b, v, NULL);
		return true;
	case ARG_ODIRENTS:
		if (t == JL_OBJECT && jv_get(v, "entries")) {
			put_text(b, jv_get(v, "addr"));
			jbuf_printf(b, " /* %d entries */", get_int(v, "entries"));
			return true;
		}
		put_value(b, v, NULL);
		return true;
	case ARG_SOCKOPT:
	case ARG_OSOCKOPT:
	case ARG_OLEN:
		if (t == JL_NUMBER) {
			jbuf_printf(b, "[%d]", (int)jv_as_int(v));
			return true;
		}
		put_arg(b, arg, ARG_IBUF, v, failed);
		return true;
	case ARG_OSTAT:
	case ARG_OSTATX:
	case ARG_OUTSNAME:
		put_value(b, v, NULL);
		/* Abbreviated without -v, as strace marks it. */
		if (t == JL_OBJECT && !jv_get(v, "st_ino") && !jv_get(v, "stx_ino") &&
		    !jv_get(v, "release") && b->len && b->p[b->len - 1] == '}') {
			b->len--;
			jbuf_puts(b, ", ...}");
		}
		return true;
	default:
		put_value(b, v, NULL);
		return true;
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
static void put_shaped(struct jbuf *b, const struct text_shape_item *it,
		       const struct syscall_arg *arg, const struct jv *v, bool failed)
{
	if (it->label)
		jbuf_printf(b, "%s=", it->label);
	if (it->decimal && is_hex(v)) {
		jbuf_printf(b, "%llu", (unsigned long long)v->v.u);
	} else if (it->bitset && json_like(v) == JL_NUMBER &&
		   (uint32_t)jv_as_int(v) == UINT32_MAX) {
		jbuf_puts(b, "FUTEX_BITSET_MATCH_ANY");
	} else if (it->decimal && jv_kind_of(v) == JV_NULL) {
		jbuf_putc(b, '0');
	} else if (!put_arg(b, arg, arg ? arg->type : ARG_INT, v, failed)) {
		jbuf_putc(b, '0');
	}
}

static void put_args(struct jbuf *b, const struct event_syscall *s)
{
	struct text_shape shape;
	bool first = true;

	if (text_call_shape(s, &shape)) {
		for (size_t k = 0; k < shape.n; k++) {
			struct jv *val = NULL;

			/* A null (NULL, an unused mode) is a value here. */
			if (!jv_get_ex(s->args, shape.items[k].key, &val))
				continue;
			if (!first)
				jbuf_puts(b, ", ");
			first = false;
			put_shaped(b, &shape.items[k], sig_arg(s->sig, shape.items[k].key), val,
				   s->failed);
		}
		return;
	}
	if (jv_kind_of(s->args) != JV_OBJECT)
		return;
	jv_foreach(m, s->args)
	{
		const struct syscall_arg *arg = sig_arg(s->sig, m->key);
		size_t mark = b->len;

		if (!first)
			jbuf_puts(b, ", ");
		if (put_arg(b, arg, arg ? arg->type : ARG_INT, m, s->failed))
			first = false;
		else if (!b->oom)
			b->len = mark, b->p[mark] = '\0';
	}
}

/* ---- lines ---- */

static void put_prefix(struct jbuf *b, const struct text_opts *o, uint64_t realtime0_ns,
		       const struct event *ev)
{
	pid_t tid = ev->proc.tid ? ev->proc.tid : ev->proc.pid;

	jbuf_printf(b, "[pid %lld] ", (long long)tid);
	if (o->timestamps) {
		uint64_t t = realtime0_ns + ev->ts;
		time_t sec = (time_t)(t / 1000000000ull);
		struct tm tm = {0};

		if (o->timestamps >= 3) {
			jbuf_printf(b, "%lld.%06llu ", (long long)sec,
				    (unsigned long long)(t % 1000000000ull / 1000));
		} else {
			localtime_r(&sec, &tm);
			jbuf_printf(b, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
			if (o->timestamps == 2)
				jbuf_printf(b, ".%06llu",
					    (unsigned long long)(t % 1000000000ull / 1000));
			jbuf_putc(b, ' ');
		}
	}
}

static void put_syscall(struct jbuf *b, const struct text_opts *o, const struct event_syscall *s)
{
	/* Escaped: jtrace's own names, but the text of a record is not
	 * printed raw on any terminal. */
	put_escaped(b, s->name ? s->name : "?");
	jbuf_putc(b, '(');
	put_args(b, s);
	jbuf_putc(b, ')');
	if (!s->finished) {
		jbuf_puts(b, " = ?");
	} else if (s->failed) {
		jbuf_puts(b, " = -1");
		if (s->err) {
			int e = decode_errno_value(s->err);

			jbuf_printf(b, " %s (%s)", s->err, e > 0 ? strerror(e) : "?");
		}
	} else {
		jbuf_puts(b, " = ");
		/* -y: "= 3</etc/passwd>", as strace decorates a new fd. */
		put_value(b, s->ret_fd ? s->ret_fd : s->ret, NULL);
	}
	if (s->action != EVENT_ALLOW)
		jbuf_printf(b, " [%s %s]", event_action_name(s->action), s->rule ? s->rule : "");
	if (o->durations && s->finished && (int64_t)s->dur_ns >= 0)
		jbuf_printf(b, " <%lld.%06lld>", (long long)(s->dur_ns / 1000000000),
			    (long long)(s->dur_ns % 1000000000 / 1000));
}

static void put_event(struct jbuf *b, const struct text_opts *o, const struct event *ev)
{
	const char *sig = NULL;

	switch (ev->kind) {
	case EVENT_SYSCALL:
		put_syscall(b, o, &ev->u.sys);
		break;
	case EVENT_SIGNAL:
		sig = ev->u.sig.name ? ev->u.sig.name : "SIG?";
		jbuf_printf(b, "--- %s ", sig);
		if (jv_kind_of(ev->u.sig.siginfo) != JV_NULL)
			put_value(b, ev->u.sig.siginfo, NULL);
		else
			jbuf_printf(b, "{si_signo=%s, si_code=%d}", sig, ev->u.sig.code);
		jbuf_puts(b, " ---");
		break;
	case EVENT_STOP:
		jbuf_printf(b, "--- stopped by %s ---", ev->u.sig.name ? ev->u.sig.name : "SIG?");
		break;
	case EVENT_EXEC: {
		const char *path = ev->u.exec.path ? ev->u.exec.path : "";

		jbuf_puts(b, "+++ exec ");
		put_quoted_text(b, path, strlen(path));
		jbuf_puts(b, " +++");
		break;
	}
	case EVENT_EXIT:
		if (ev->u.exit.signaled)
			jbuf_printf(b, "+++ killed by %s%s +++",
				    ev->u.exit.signal ? ev->u.exit.signal : "SIG?",
				    ev->u.exit.core ? " (core dumped)" : "");
		else
			jbuf_printf(b, "+++ exited with %d +++", ev->u.exit.code);
		break;
	default:
		/* Every kind is above; a new one shows here until it has a line. */
		jbuf_printf(b, "--- kind %d ---", (int)ev->kind);
		break;
	}
}

int emit_text_event(struct jbuf *out, const struct text_opts *o, uint64_t realtime0_ns,
		    const struct event *ev)
{
	size_t start = out->len;

	switch (ev->kind) {
	case EVENT_START:
	case EVENT_END:
	case EVENT_SUMMARY:
	case EVENT_FORK:
		/* strace prints nothing for these; the text log stays a list
		 * of calls and process events. */
		return 0;
	default:
		break;
	}
	if (out->oom)
		return -ENOMEM;
	put_prefix(out, o, realtime0_ns, ev);
	put_event(out, o, ev);
	jbuf_putc(out, '\n');
	if (out->oom) {
		/* No half line: the buffer is as it was, and usable. */
		out->oom = false;
		out->len = start;
		if (out->p)
			out->p[start] = '\0';
		return -ENOMEM;
	}
	return 0;
}
