/* value: jv nodes in arenas, built and read (include/jtrace/value.h); their
 * JSON form is value-json.c's. */
#include <jtrace/value.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- arenas ---- */

/* A thread blocked in a call holds its entry arguments until the exit
 * stop, so an arena starts small (thousands of threads may each hold one)
 * and doubles: most records fit the first chunk. */
#define JV_CHUNK_FIRST 1024u
#define JV_CHUNK_MAX   (64u * 1024u)
#define JV_POOL_CLASSES 7 /* 1 KiB .. 64 KiB */
#define JV_POOL_KEEP	32 /* emptied chunks kept per size */

struct jv_chunk {
	struct jv_chunk *next;
	size_t used, size;
	max_align_t data[];
};

static struct jv_arena jv_default_arena;
static struct jv_arena *jv_in_use = &jv_default_arena;

/* Emptied chunks of the standard sizes, shared by every arena. */
static struct {
	struct jv_chunk *head;
	unsigned n;
} jv_pool[JV_POOL_CLASSES];

static int pool_class(size_t size)
{
	for (int c = 0; c < JV_POOL_CLASSES; c++)
		if (size == (size_t)JV_CHUNK_FIRST << c)
			return c;
	return -1;
}

static void chunk_release(struct jv_chunk *c)
{
	int k = pool_class(c->size);

	if (k < 0 || jv_pool[k].n >= JV_POOL_KEEP) {
		free(c);
		return;
	}
	c->next = jv_pool[k].head;
	jv_pool[k].head = c;
	jv_pool[k].n++;
}

static struct jv_chunk *chunk_get(size_t size)
{
	int k = pool_class(size);
	struct jv_chunk *c = NULL;

	if (k >= 0 && jv_pool[k].head) {
		c = jv_pool[k].head;
		jv_pool[k].head = c->next;
		jv_pool[k].n--;
	} else {
		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
	}
	c->used = 0;
	c->next = NULL;
	return c;
}

void jv_arena_use(struct jv_arena *a)
{
	jv_in_use = a ? a : &jv_default_arena;
}

struct jv_arena *jv_arena_current(void)
{
	return jv_in_use;
}

void jv_arena_reset(struct jv_arena *a)
{
	if (!a)
		a = &jv_default_arena;
	while (a->head) {
		struct jv_chunk *next = a->head->next;

		chunk_release(a->head);
		a->head = next;
	}
	a->failed = false;
}

bool jv_arena_failed(const struct jv_arena *a)
{
	return (a ? a : &jv_default_arena)->failed;
}

void *jv_alloc(size_t n)
{
	struct jv_arena *a = jv_in_use;
	struct jv_chunk *c = a->head;
	size_t align = sizeof(max_align_t);
	size_t need = (n + align - 1) / align * align;
	size_t size = JV_CHUNK_FIRST;

	if (c && c->size - c->used >= need) {
		void *p = (char *)c->data + c->used;

		c->used += need;
		return p;
	}
	if (c)
		size = c->size < JV_CHUNK_MAX ? c->size * 2 : JV_CHUNK_MAX;
	while (size < need)
		size *= 2;
	c = chunk_get(size);
	if (!c) {
		a->failed = true;
		return NULL;
	}
	c->used = need;
	c->next = a->head;
	a->head = c;
	return c->data;
}

/* ---- constructors ---- */

static struct jv *jv_new(enum jv_kind kind)
{
	struct jv *v = jv_alloc(sizeof(*v));

	if (v)
		*v = (struct jv){.kind = (uint8_t)kind};
	return v;
}

struct jv *jv_bool(bool b)
{
	struct jv *v = jv_new(JV_BOOL);

	if (v)
		v->v.b = b;
	return v;
}

struct jv *jv_int(int64_t i)
{
	struct jv *v = jv_new(JV_INT);

	if (v)
		v->v.i = i;
	return v;
}

struct jv *jv_uint(uint64_t u)
{
	struct jv *v = jv_new(JV_UINT);

	if (v)
		v->v.u = u;
	return v;
}

struct jv *jv_hex(uint64_t u)
{
	return jv_tagged(jv_uint(u), JV_TAG_HEX);
}

static struct jv *jv_string_node(enum jv_kind kind, const void *s, size_t n)
{
	struct jv *v = jv_new(kind);
	char *copy = v ? jv_alloc(n + 1) : NULL;

	if (!copy)
		return NULL;
	if (n)
		memcpy(copy, s, n);
	copy[n] = '\0';
	v->v.s.p = copy;
	v->v.s.len = n;
	v->v.s.total = n;
	return v;
}

struct jv *jv_strn(const char *s, size_t n)
{
	return jv_string_node(JV_STR, s, n);
}

struct jv *jv_str(const char *s)
{
	return s ? jv_strn(s, strlen(s)) : NULL;
}

struct jv *jv_bytes(const void *p, size_t len, size_t total, bool hex_bytes)
{
	struct jv *v = jv_string_node(JV_BYTES, p, len);

	if (v) {
		v->v.s.total = total;
		v->truncated = total == SIZE_MAX || total > len;
		v->hex_bytes = hex_bytes;
	}
	return v;
}

struct jv *jv_object(void)
{
	return jv_new(JV_OBJECT);
}

struct jv *jv_array(void)
{
	return jv_new(JV_ARRAY);
}

struct jv *jv_tagged(struct jv *v, enum jv_tag tag)
{
	if (v)
		v->tag = (uint8_t)tag;
	return v;
}

/* Containers hold their children as a list; a null child is a JV_NULL
 * node, so that it has a place (and a key). */
static struct jv *jv_slot(struct jv *v)
{
	return v ? v : jv_new(JV_NULL);
}

static void jv_append(struct jv *c, struct jv *child)
{
	child->next = NULL;
	if (c->v.c.last)
		c->v.c.last->next = child;
	else
		c->v.c.first = child;
	c->v.c.last = child;
	c->v.c.n++;
}

void jv_add(struct jv *o, const char *key, struct jv *v)
{
	struct jv *slot = NULL;
	size_t klen = 0;
	char *k = NULL;

	if (!o || o->kind != JV_OBJECT || !key)
		return;
	for (struct jv *m = o->v.c.first, *prev = NULL; m; prev = m, m = m->next) {
		if (strcmp(m->key, key) != 0)
			continue;
		/* Replace in place: same position, as json-c keeps it. */
		slot = jv_slot(v);
		if (!slot)
			return;
		if (slot == m)
			return;
		slot->key = m->key;
		slot->next = m->next;
		if (prev)
			prev->next = slot;
		else
			o->v.c.first = slot;
		if (o->v.c.last == m)
			o->v.c.last = slot;
		return;
	}
	slot = jv_slot(v);
	klen = strlen(key);
	k = slot ? jv_alloc(klen + 1) : NULL;
	if (!k)
		return;
	memcpy(k, key, klen + 1);
	slot->key = k;
	jv_append(o, slot);
}

void jv_push(struct jv *a, struct jv *v)
{
	struct jv *slot = NULL;

	if (!a || a->kind != JV_ARRAY)
		return;
	slot = jv_slot(v);
	if (slot)
		jv_append(a, slot);
}

/* ---- readers ---- */

bool jv_get_ex(const struct jv *o, const char *key, struct jv **ret)
{
	if (ret)
		*ret = NULL;
	if (!o || o->kind != JV_OBJECT)
		return false;
	for (struct jv *m = o->v.c.first; m; m = m->next) {
		if (strcmp(m->key, key) == 0) {
			if (ret)
				*ret = m->kind == JV_NULL ? NULL : m;
			return true;
		}
	}
	return false;
}

struct jv *jv_get(const struct jv *o, const char *key)
{
	struct jv *v = NULL;

	return jv_get_ex(o, key, &v) ? v : NULL;
}

size_t jv_len(const struct jv *v)
{
	if (!v || (v->kind != JV_ARRAY && v->kind != JV_OBJECT))
		return 0;
	return v->v.c.n;
}

int64_t jv_as_int(const struct jv *v)
{
	switch (jv_kind_of(v)) {
	case JV_INT:
		return v->v.i;
	case JV_UINT:
		return (int64_t)v->v.u;
	case JV_BOOL:
		return v->v.b;
	default:
		return 0;
	}
}

uint64_t jv_as_uint(const struct jv *v)
{
	return (uint64_t)jv_as_int(v);
}

const char *jv_as_str(const struct jv *v)
{
	return jv_is_string(v) ? v->v.s.p : NULL;
}

bool jv_is_string(const struct jv *v)
{
	return jv_kind_of(v) == JV_STR || jv_kind_of(v) == JV_BYTES;
}

