/* value-json: the JSON form of jv values (include/jtrace/value.h): the
 * growing buffer (jbuf) every writer appends to, strings escaped as json-c
 * 0.16 escaped them with JSON_C_TO_STRING_PLAIN | NOSLASHESCAPE, tracee
 * bytes escaped only here, when written, and jv_write_json.  The log stays
 * byte for byte what the json-c tracer wrote. */
#include <jtrace/value.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void jbuf_grow(struct jbuf *b, size_t more)
{
	size_t want = b->len + more + 1;
	char *np = NULL;

	if (b->oom || want <= b->cap)
		return;
	if (want < 2 * b->cap)
		want = 2 * b->cap;
	if (want < 1024)
		want = 1024;
	np = realloc(b->p, want);
	if (!np) {
		b->oom = true;
		return;
	}
	b->p = np;
	b->cap = want;
}

void jbuf_putn(struct jbuf *b, const char *s, size_t n)
{
	jbuf_grow(b, n);
	if (b->oom)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void jbuf_puts(struct jbuf *b, const char *s)
{
	jbuf_putn(b, s, strlen(s));
}

void jbuf_putc(struct jbuf *b, char c)
{
	if (!b->oom && b->len + 1 < b->cap) {
		b->p[b->len++] = c;
		b->p[b->len] = '\0';
		return;
	}
	jbuf_putn(b, &c, 1);
}

void jbuf_printf(struct jbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n = 0;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(tmp)) {
		jbuf_putn(b, tmp, (size_t)n);
		return;
	}
	jbuf_grow(b, (size_t)n);
	if (b->oom)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void jbuf_free(struct jbuf *b)
{
	free(b->p);
	*b = (struct jbuf){0};
}

/* JSON string content, escaped as json-c 0.16 escapes it (without the
 * slash): the two-character forms for \b \f \n \r \t " and \, \u00xx for
 * the other control characters, every other byte as it is. */
static void put_json_content(struct jbuf *b, const char *s, size_t n)
{
	static const char hexdig[] = "0123456789abcdef";
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6];
		size_t e = 0;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jbuf_putn(b, s + run, i - run);
		run = i + 1;
		esc[e++] = '\\';
		switch (c) {
		case '\b':
			esc[e++] = 'b';
			break;
		case '\f':
			esc[e++] = 'f';
			break;
		case '\n':
			esc[e++] = 'n';
			break;
		case '\r':
			esc[e++] = 'r';
			break;
		case '\t':
			esc[e++] = 't';
			break;
		case '"':
		case '\\':
			esc[e++] = (char)c;
			break;
		default:
			esc[e++] = 'u';
			esc[e++] = '0';
			esc[e++] = '0';
			esc[e++] = hexdig[c >> 4];
			esc[e++] = hexdig[c & 15];
			break;
		}
		jbuf_putn(b, esc, e);
	}
	jbuf_putn(b, s + run, n - run);
}

void jv_write_json_string(struct jbuf *b, const char *s, size_t n)
{
	jbuf_putc(b, '"');
	put_json_content(b, s, n);
	jbuf_putc(b, '"');
}

/* Length of the valid UTF-8 sequence at @p (at most @n bytes), or 0: no
 * overlong forms, no surrogates, nothing above U+10FFFF. */
size_t jv_utf8_len(const unsigned char *p, size_t n)
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

void jv_log_text(struct jbuf *b, const unsigned char *p, size_t n, bool hex_bytes, bool json)
{
	static const char hexdig[] = "0123456789abcdef";

	for (size_t k = 0; k < n;) {
		unsigned char c = p[k];
		size_t ulen = hex_bytes ? (c < 0x80) : jv_utf8_len(p + k, n - k);

		if (c == '\\') {
			/* Doubled by the decoder's rule (and again by JSON's). */
			jbuf_putn(b, "\\\\\\\\", json ? 4 : 2);
			k++;
		} else if (ulen == 0) {
			char esc[5] = {'\\', '\\', 'x', hexdig[c >> 4], hexdig[c & 15]};

			/* JSON doubles the backslash of \xNN too. */
			jbuf_putn(b, json ? esc : esc + 1, json ? 5 : 4);
			k++;
		} else {
			if (json)
				put_json_content(b, (const char *)p + k, ulen);
			else
				jbuf_putn(b, (const char *)p + k, ulen);
			k += ulen;
		}
	}
}

void jv_escape_bytes(struct jbuf *b, const unsigned char *p, size_t n, bool hex_bytes)
{
	jv_log_text(b, p, n, hex_bytes, true);
}

static void put_bytes(struct jbuf *b, const struct jv *v)
{
	if (v->truncated)
		jbuf_puts(b, "{\"str\":");
	jbuf_putc(b, '"');
	jv_escape_bytes(b, (const unsigned char *)v->v.s.p, v->v.s.len, v->hex_bytes);
	jbuf_putc(b, '"');
	if (!v->truncated)
		return;
	jbuf_puts(b, ",\"truncated\":true");
	/* Signed, as json-c wrote it: a length above INT64_MAX (a size_t
	 * argument of (size_t)-31) shows as -31. */
	if (v->v.s.total != SIZE_MAX)
		jbuf_printf(b, ",\"len\":%lld", (long long)(int64_t)v->v.s.total);
	jbuf_putc(b, '}');
}

void jv_write_json(struct jbuf *b, const struct jv *v)
{
	bool first = true;

	switch (jv_kind_of(v)) {
	case JV_NULL:
		jbuf_puts(b, "null");
		break;
	case JV_BOOL:
		jbuf_puts(b, v->v.b ? "true" : "false");
		break;
	case JV_INT:
		jbuf_printf(b, "%lld", (long long)v->v.i);
		break;
	case JV_UINT:
		if (v->tag == JV_TAG_HEX || v->tag == JV_TAG_PTR)
			jbuf_printf(b, "\"0x%llx\"", (unsigned long long)v->v.u);
		else
			jbuf_printf(b, "%llu", (unsigned long long)v->v.u);
		break;
	case JV_STR:
		jv_write_json_string(b, v->v.s.p, v->v.s.len);
		break;
	case JV_BYTES:
		put_bytes(b, v);
		break;
	case JV_ARRAY:
		jbuf_putc(b, '[');
		jv_foreach(m, v)
		{
			if (!first)
				jbuf_putc(b, ',');
			first = false;
			jv_write_json(b, m);
		}
		jbuf_putc(b, ']');
		break;
	case JV_OBJECT:
		jbuf_putc(b, '{');
		jv_foreach(m, v)
		{
			if (!first)
				jbuf_putc(b, ',');
			first = false;
			jv_write_json_string(b, m->key, strlen(m->key));
			jbuf_putc(b, ':');
			jv_write_json(b, m);
		}
		jbuf_putc(b, '}');
		break;
	default:
		jbuf_puts(b, "null");
		break;
	}
}

char *jv_to_json(const struct jv *v)
{
	struct jbuf b = {0};

	jv_write_json(&b, v);
	if (b.oom) {
		jbuf_free(&b);
		return NULL;
	}
	return b.p ? b.p : strdup("null");
}
