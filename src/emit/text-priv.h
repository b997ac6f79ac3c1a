/* text-priv: what the parts of the text writer share (text.c: the line,
 * text-values.c: a value, escape.c: quoting and escaping).  Private to
 * src/emit/; every function appends to @b and marks b->oom on failure. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <jtrace/value.h>

/* ---- escape.c ---- */

/* @str with every byte a terminal would act on (controls, C1, invalid
 * UTF-8) as \xNN and a backslash doubled: the rule of emit_escape_dup. */
void text_put_escaped(struct jbuf *b, const char *str);
/* @n bytes quoted as strace quotes them, C escapes for the rest. */
void text_put_cquoted(struct jbuf *b, const unsigned char *raw, size_t n);
/* Text jtrace made (a JV_STR, an exe path), quoted: its \\ and \xNN are
 * taken back first, as when this writer read the log's strings. */
void text_put_quoted(struct jbuf *b, const char *s, size_t n);
/* Tracee bytes (a JV_BYTES) unquoted, as the log's text shows them. */
void text_put_bytes(struct jbuf *b, const struct jv *v);

/* ---- text-values.c ---- */

/* The JSON type the log writes a value as. */
enum json_like { JL_NULL, JL_BOOL, JL_NUMBER, JL_STRING, JL_ARRAY, JL_OBJECT };

enum json_like text_json_like(const struct jv *v);
/* An address or mask: a JV_UINT the log writes as "0x...". */
bool text_is_hex(const struct jv *v);
/* A number member as the JSON reader took it (0 when absent). */
int text_get_int(const struct jv *o, const char *key);
/* @v bare: a name, a number, an address, or text as the log shows it. */
void text_put_bare(struct jbuf *b, const struct jv *v);
/* A string value quoted (a cut string's "..." is the caller's). */
void text_put_string(struct jbuf *b, const struct jv *v);
/* ["SIGINT", "SIGTERM"] as [INT TERM]. */
void text_put_sigset(struct jbuf *b, const struct jv *arr);
/* Any value; @key: its member name inside a structure, else NULL. */
void text_put_value(struct jbuf *b, const struct jv *v, const char *key);
