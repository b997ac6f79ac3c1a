/* emit/escape: bytes made safe to show, never raw on a terminal: the
 * escaping of any text for one (emit_escape_dup, include/jtrace/emit.h,
 * which jtrace-policy uses as well), and strings quoted the way strace
 * quotes them, for the text writer (text-priv.h).  Nothing here knows
 * what a call or an argument is. */
#include "text-priv.h"

#include <jtrace/emit.h>
#include <jtrace/util.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at @p (of at most @n bytes) that is
 * a printable character, or 0: C1 controls (U+0080..U+009F, 0xc2 0x80-0x9f)
 * are not.  Called for bytes >= 0x80 only. */
static size_t utf8_printable(const unsigned char *p, size_t n)
{
	size_t u = jv_utf8_len(p, n);

	return u == 2 && p[0] == 0xc2 && p[1] <= 0x9f ? 0 : u;
}

void text_put_escaped(struct jbuf *b, const char *str)
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

	text_put_escaped(&b, s);
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

/* ---- strings, quoted as strace quotes them ---- */

/* @n bytes quoted as strace quotes them: every byte outside printable
 * ASCII as a C escape (octal, shortest form unless an octal digit
 * follows, as strace does). */
void text_put_cquoted(struct jbuf *b, const unsigned char *raw, size_t n)
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
void text_put_quoted(struct jbuf *b, const char *s, size_t n)
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
	text_put_cquoted(b, raw, r);
}

/* Tracee bytes as the log's text shows them (decode.h: invalid UTF-8, or
 * with -x every non-ASCII byte, as \xNN, a backslash doubled), up to the
 * first NUL: how strace -y's <target> has always been printed here. */
void text_put_bytes(struct jbuf *b, const struct jv *v)
{
	jv_log_text(b, (const unsigned char *)v->v.s.p, strlen(v->v.s.p), v->hex_bytes, false);
}
