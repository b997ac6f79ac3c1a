/* value: the typed form of what the decoders produce (issue 13).
 *
 * A decoded argument is a small tree of jv nodes: integers (signed,
 * unsigned, or unsigned shown in hex), text jtrace wrote itself (names,
 * addresses), bytes read from the tracee (kept raw: each writer escapes
 * them its own way), arrays and objects whose members keep their order.
 * A node may carry a tag saying what it is (flags, a socket address, an
 * fd with its target...), so a writer dispatches on what a value is, not
 * on how it happens to look in JSON.
 *
 * Nodes live in an arena: no malloc per node, one reset per record.  The
 * tracer keeps one arena per thread with a call in progress (its entry
 * arguments wait there for the exit stop) and selects it with
 * jv_arena_use() before decoding; jtrace-run is single-threaded, so "the
 * arena in use" is process state, like errno.  Without an arena in use,
 * values come from a process-wide default arena (tests, one-off records),
 * which jv_arena_reset(NULL) empties.
 *
 * JSON null is spelled NULL, as json-c spells it: a NULL jv pointer is a
 * value (a NULL pointer argument, a mode that does not apply).  Allocation
 * failure is sticky: jv_arena_failed() says a record is incomplete, and
 * the constructors then return NULL (null) rather than crash. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum jv_kind {
	JV_NULL,
	JV_BOOL,
	JV_INT,    /* int64_t */
	JV_UINT,   /* uint64_t; JSON "0x..." string when tagged JV_TAG_HEX */
	JV_STR,    /* text jtrace made: JSON-escaped only */
	JV_BYTES,  /* bytes from the tracee: JSON shows them as decode.h says */
	JV_ARRAY,
	JV_OBJECT,
};

/* What a value is, where its kind does not say. */
enum jv_tag {
	JV_TAG_NONE,
	JV_TAG_HEX,      /* a number shown in hex (addresses, masks, raw args) */
	JV_TAG_PTR,      /* a pointer not dereferenced */
	JV_TAG_FLAGS,    /* {"raw":N,"flags":[...]} */
	JV_TAG_SYMBOL,   /* a name standing for a number (AF_INET, AT_FDCWD) */
	JV_TAG_MODE,     /* a file mode string ("0644", "S_IFREG|0644") */
	JV_TAG_FD,       /* -y: {"fd":N,"target":...} */
	JV_TAG_SOCKADDR, /* {"family":...} */
	JV_TAG_MEMERR,   /* {"addr":"0x...","error":"EFAULT"} */
	JV_TAG_STRUCT,   /* a C structure, members by name */
};

struct jv {
	uint8_t kind;     /* enum jv_kind */
	uint8_t tag;      /* enum jv_tag */
	bool truncated;   /* JV_BYTES: cut at -s (JSON: {"str","truncated"[,"len"]}) */
	bool hex_bytes;   /* JV_BYTES: -x, every non-ASCII byte as \xNN */
	union {
		bool b;
		int64_t i;
		uint64_t u;
		struct {
			const char *p; /* NUL-terminated copy; may hold NULs */
			size_t len;
			size_t total; /* JV_BYTES: whole length, or SIZE_MAX unknown */
		} s;
		struct {
			struct jv *first, *last;
			size_t n;
		} c;
	} v;
	const char *key;  /* member name inside an object */
	struct jv *next;  /* next element or member */
};

struct jv_chunk;
struct jv_arena {
	struct jv_chunk *head; /* chunk being filled, then the older ones */
	bool failed;           /* an allocation failed since the last reset */
};

void jv_arena_use(struct jv_arena *a);  /* NULL: the default arena */
struct jv_arena *jv_arena_current(void);
/* NULL: the default arena.  The chunks go back to a process-wide pool, so
 * an empty arena holds no memory. */
void jv_arena_reset(struct jv_arena *a);
bool jv_arena_failed(const struct jv_arena *a);
/* Bytes from the arena in use (NULL on ENOMEM). */
void *jv_alloc(size_t n);

/* Constructors, in the arena in use. */
struct jv *jv_bool(bool b);
struct jv *jv_int(int64_t i);
struct jv *jv_uint(uint64_t u);
struct jv *jv_hex(uint64_t u);          /* JSON "0x1f" */
struct jv *jv_str(const char *s);       /* copied; NULL gives null */
struct jv *jv_strn(const char *s, size_t n);
/* Tracee bytes: the @len bytes shown of @total (SIZE_MAX: the end was not
 * seen); cut when @total is unknown or larger than @len. */
struct jv *jv_bytes(const void *p, size_t len, size_t total, bool hex_bytes);
struct jv *jv_object(void);
struct jv *jv_array(void);
struct jv *jv_tagged(struct jv *v, enum jv_tag tag); /* returns @v */

/* Add member @key (copied) to object @o; an existing @key is replaced in
 * place, as json-c does.  @v may be NULL (null).  A value belongs to one
 * container: jv_add and jv_push link @v itself in (no copy), so a value
 * that is in another container must be moved out of it first. */
void jv_add(struct jv *o, const char *key, struct jv *v);
void jv_push(struct jv *a, struct jv *v);

/* Readers.  jv_kind_of(NULL) is JV_NULL. */
static inline enum jv_kind jv_kind_of(const struct jv *v)
{
	return v ? (enum jv_kind)v->kind : JV_NULL;
}
/* Member @key of object @o: true when present (its value may be null). */
bool jv_get_ex(const struct jv *o, const char *key, struct jv **ret);
struct jv *jv_get(const struct jv *o, const char *key); /* NULL if absent */
size_t jv_len(const struct jv *v);                       /* members/elements */
int64_t jv_as_int(const struct jv *v);                   /* numbers, else 0 */
uint64_t jv_as_uint(const struct jv *v);
const char *jv_as_str(const struct jv *v);               /* STR/BYTES, else NULL */
bool jv_is_string(const struct jv *v);                   /* STR or BYTES */

#define jv_foreach(child, parent)                                                                  \
	for (struct jv *child = (parent) ? (parent)->v.c.first : NULL; child; child = child->next)

/* ---- JSON ---- */

/* A growable byte buffer the writers append to. */
struct jbuf {
	char *p;
	size_t len, cap;
	bool oom;
};
void jbuf_putn(struct jbuf *b, const char *s, size_t n);
void jbuf_puts(struct jbuf *b, const char *s);
void jbuf_putc(struct jbuf *b, char c);
void jbuf_printf(struct jbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void jbuf_free(struct jbuf *b);

/* @v as JSON text, as json-c's JSON_C_TO_STRING_PLAIN |
 * JSON_C_TO_STRING_NOSLASHESCAPE would write the same tree. */
void jv_write_json(struct jbuf *b, const struct jv *v);
/* A JSON string literal of @n bytes of text (quotes included). */
void jv_write_json_string(struct jbuf *b, const char *s, size_t n);
/* Tracee bytes escaped into valid UTF-8 text (decode.h): invalid UTF-8
 * (with -x: every non-ASCII byte) as the four characters \xNN, a
 * backslash doubled; then appended as JSON string content (no quotes). */
void jv_escape_bytes(struct jbuf *b, const unsigned char *p, size_t n, bool hex_bytes);
/* The same text, without the JSON layer when !@json (the text writer's
 * <target> of -y). */
void jv_log_text(struct jbuf *b, const unsigned char *p, size_t n, bool hex_bytes, bool json);
/* Length of the valid UTF-8 sequence at @p (at most @n bytes), or 0: no
 * overlong forms, no surrogates, nothing above U+10FFFF. */
size_t jv_utf8_len(const unsigned char *p, size_t n);
/* The text form of @v, NUL-terminated, in a malloc'd string (tests,
 * debugging).  NULL on ENOMEM. */
char *jv_to_json(const struct jv *v);
