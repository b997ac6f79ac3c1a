/* emit/text-values: one decoded value (a struct jv) in strace's notation,
 * for the text writer (text-priv.h): flags joined by |, {sa_family=AF_INET,
 * sin_port=htons(80), ...}, 3</etc/passwd> with -y, struct members as
 * name=value.
 *
 * A value is recognised by its kind and tag first.  Where a decoder left a
 * value untagged, the rules that read it are the ones the text writer has
 * always applied to the JSON form (an object with "flags" is a flag set,
 * an upper-case string is a constant...), so the line is the same either
 * way; text_json_like() says which JSON type a jv value is written as. */
#include "text-priv.h"

#include <stdio.h>
#include <string.h>

bool text_is_hex(const struct jv *v)
{
	return jv_kind_of(v) == JV_UINT && (v->tag == JV_TAG_HEX || v->tag == JV_TAG_PTR);
}

enum json_like text_json_like(const struct jv *v)
{
	switch (jv_kind_of(v)) {
	case JV_BOOL:
		return JL_BOOL;
	case JV_INT:
		return JL_NUMBER;
	case JV_UINT:
		return text_is_hex(v) ? JL_STRING : JL_NUMBER;
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
int text_get_int(const struct jv *o, const char *key)
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
		snprintf(buf, 32, text_is_hex(v) ? "0x%llx" : "%llu", (unsigned long long)v->v.u);
		return buf;
	case JV_STR:
	case JV_BYTES:
		return v->v.s.p;
	default:
		return NULL;
	}
}

/* @v bare: a name, a number, an address, or text as the log shows it. */
void text_put_bare(struct jbuf *b, const struct jv *v)
{
	char buf[32];
	const char *s = NULL;

	if (jv_kind_of(v) == JV_BYTES) {
		text_put_bytes(b, v);
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
 * text_put_quoted says.  A cut string's "..." is the caller's. */
void text_put_string(struct jbuf *b, const struct jv *v)
{
	char buf[32];
	const char *s = NULL;

	if (jv_kind_of(v) == JV_BYTES) {
		text_put_cquoted(b, (const unsigned char *)v->v.s.p, v->v.s.len);
		return;
	}
	if (jv_kind_of(v) == JV_STR) {
		text_put_quoted(b, v->v.s.p, v->v.s.len);
		return;
	}
	s = scalar_text(v, buf);
	text_put_quoted(b, s ? s : "", s ? strlen(s) : 0);
}

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
		text_put_bare(b, f);
	}
}

/* ["SIGINT", "SIGTERM"] -> [INT TERM], as strace shows signal masks. */
void text_put_sigset(struct jbuf *b, const struct jv *arr)
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
		text_put_bare(b, addr);
		jbuf_puts(b, "\")");
	} else if (family && strcmp(family, "AF_INET6") == 0 && addr && port) {
		jbuf_printf(
			b,
			", sin6_port=htons(%d), sin6_flowinfo=htonl(%lld), inet_pton(AF_INET6, \"",
			(int)jv_as_int(port), get_int64(v, "flowinfo"));
		text_put_bare(b, addr);
		jbuf_printf(b, "\", &sin6_addr), sin6_scope_id=%lld", get_int64(v, "scope_id"));
	} else if (path) {
		jbuf_puts(b, ", sun_path=");
		text_put_string(b, path);
	} else if (abstract) {
		jbuf_puts(b, ", sun_path=@");
		text_put_string(b, abstract);
	} else if (family && strcmp(family, "AF_NETLINK") == 0) {
		jbuf_printf(b, ", nl_pid=%lld, nl_groups=%08llx", get_int64(v, "nl_pid"),
			    (unsigned long long)get_int64(v, "nl_groups"));
	} else {
		jv_foreach(m, v)
		{
			if (strcmp(m->key, "family") == 0)
				continue;
			jbuf_printf(b, ", %s=", m->key);
			text_put_value(b, m, m->key);
		}
	}
	jbuf_putc(b, '}');
}

/* The inode of a "socket:[12345]" target. */
static void put_target_inode(struct jbuf *b, const struct jv *target)
{
	struct jbuf t = {0};
	const char *ino = NULL;

	text_put_bare(&t, target);
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
	if (text_json_like(fd) == JL_STRING) {
		text_put_bare(b, fd);
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
			text_put_bare(b, jv_get(local, "addr"));
			jbuf_printf(b, v6 ? "]:%d" : ":%d", text_get_int(local, "port"));
		}
		if (peer) {
			jbuf_puts(b, v6 ? "->[" : "->");
			text_put_bare(b, jv_get(peer, "addr"));
			jbuf_printf(b, v6 ? "]:%d" : ":%d", text_get_int(peer, "port"));
		}
		if (path || abstract) {
			put_target_inode(b, target);
			jbuf_puts(b, path ? "," : ",@");
			text_put_string(b, path ? path : abstract);
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

		text_put_bare(b, str);
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
		text_put_string(b, jv_get(v, "str"));
		jbuf_puts(b, "...");
		return;
	}
	if (v->tag == JV_TAG_SOCKADDR || jv_get_ex(v, "family", NULL)) {
		put_sockaddr(b, v);
		return;
	}
	if (v->tag == JV_TAG_MEMERR ||
	    (jv_get_ex(v, "error", NULL) && jv_get_ex(v, "addr", NULL))) {
		text_put_bare(b, jv_get(v, "addr"));
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
		text_put_value(b, m, m->key);
	}
	jbuf_putc(b, '}');
}

/* @key: the member name when @v is inside a structure, else NULL. */
void text_put_value(struct jbuf *b, const struct jv *v, const char *key)
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
		text_put_bare(b, v);
		break;
	case JV_BYTES:
		text_put_string(b, v);
		if (v->truncated)
			jbuf_puts(b, "...");
		break;
	case JV_STR:
		if (v->tag == JV_TAG_SYMBOL || v->tag == JV_TAG_MODE ||
		    (!key_is_data(key) && looks_symbolic(v->v.s.p)))
			jbuf_puts(b, v->v.s.p);
		else
			text_put_string(b, v);
		break;
	case JV_ARRAY: {
		bool first = true;

		if (key && (strcmp(key, "events") == 0 || strcmp(key, "revents") == 0)) {
			put_flags(b, v);
			break;
		}
		if (key && strcmp(key, "sa_mask") == 0) {
			text_put_sigset(b, v);
			break;
		}
		jbuf_putc(b, '[');
		jv_foreach(el, v)
		{
			if (!first)
				jbuf_puts(b, ", ");
			first = false;
			text_put_value(b, el, NULL);
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
