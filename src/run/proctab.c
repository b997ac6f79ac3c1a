/* proctab: the table of followed threads (open addressing, linear probing,
 * tombstone-free deletion by backward shift). */
#include <jtrace/proctab.h>
#include <jtrace/util.h>

#include <string.h>

struct proctab {
	struct tracee **slots;
	size_t cap; /* power of two */
	size_t count;
};

static size_t slot_of(const struct proctab *pt, pid_t tid)
{
	return ((uint32_t)tid * 2654435761u) & (pt->cap - 1);
}

struct proctab *proctab_new(void)
{
	struct proctab *pt = calloc(1, sizeof(*pt));

	if (!pt)
		return NULL;
	pt->cap = 64;
	pt->slots = calloc(pt->cap, sizeof(*pt->slots));
	if (!pt->slots) {
		free(pt);
		return NULL;
	}
	return pt;
}

void tracee_end_call(struct tracee *t)
{
	/* The call's values go back to the pool: a thread between calls
	 * holds no memory for them. */
	jv_arena_reset(&t->arena);
	t->entry_args = NULL;
	t->in_syscall = false;
	t->sig = NULL;
	t->silent = false;
	t->fix_affinity = false;
}

void proctab_free(struct proctab *pt)
{
	if (!pt)
		return;
	for (size_t i = 0; i < pt->cap; i++) {
		if (pt->slots[i]) {
			tracee_end_call(pt->slots[i]);
			free(pt->slots[i]);
		}
	}
	free(pt->slots);
	free(pt);
}

struct tracee *proctab_get(struct proctab *pt, pid_t tid)
{
	for (size_t i = slot_of(pt, tid);; i = (i + 1) & (pt->cap - 1)) {
		struct tracee *t = pt->slots[i];

		if (!t)
			return NULL;
		if (t->tid == tid)
			return t;
	}
}

static void insert_slot(struct proctab *pt, struct tracee *t)
{
	size_t i = slot_of(pt, t->tid);

	while (pt->slots[i])
		i = (i + 1) & (pt->cap - 1);
	pt->slots[i] = t;
}

static int grow(struct proctab *pt)
{
	struct tracee **old = pt->slots;
	size_t oldcap = pt->cap;

	pt->slots = calloc(oldcap * 2, sizeof(*pt->slots));
	if (!pt->slots) {
		pt->slots = old;
		return -ENOMEM;
	}
	pt->cap = oldcap * 2;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i])
			insert_slot(pt, old[i]);
	free(old);
	return 0;
}

static struct tracee *insert(struct proctab *pt, struct tracee *t)
{
	if ((pt->count + 1) * 2 > pt->cap && grow(pt) < 0)
		return NULL;
	insert_slot(pt, t);
	pt->count++;
	return t;
}

struct tracee *proctab_add(struct proctab *pt, pid_t tid)
{
	struct tracee *t = proctab_get(pt, tid);

	if (t)
		return t;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->tid = tid;
	t->tgid = tid;
	t->nspid = tid;
	if (!insert(pt, t)) {
		free(t);
		return NULL;
	}
	return t;
}

/* Remove the slot's entry from the table without freeing it. */
static struct tracee *unlink_tid(struct proctab *pt, pid_t tid)
{
	size_t i = slot_of(pt, tid);
	struct tracee *t = NULL;

	for (;; i = (i + 1) & (pt->cap - 1)) {
		if (!pt->slots[i])
			return NULL;
		if (pt->slots[i]->tid == tid)
			break;
	}
	t = pt->slots[i];
	pt->slots[i] = NULL;
	pt->count--;
	/* Backward-shift the rest of the cluster so probes stay unbroken. */
	for (size_t j = (i + 1) & (pt->cap - 1); pt->slots[j]; j = (j + 1) & (pt->cap - 1)) {
		struct tracee *m = pt->slots[j];

		pt->slots[j] = NULL;
		insert_slot(pt, m);
	}
	return t;
}

void proctab_del(struct proctab *pt, pid_t tid)
{
	struct tracee *t = unlink_tid(pt, tid);

	if (t) {
		tracee_end_call(t);
		free(t);
	}
}

void proctab_foreach(struct proctab *pt, void (*fn)(struct tracee *t, void *ctx), void *ctx)
{
	for (size_t i = 0; i < pt->cap; i++)
		if (pt->slots[i])
			fn(pt->slots[i], ctx);
}

size_t proctab_count(const struct proctab *pt)
{
	return pt->count;
}

struct tracee *proctab_rekey(struct proctab *pt, pid_t from, pid_t to)
{
	struct tracee *t = unlink_tid(pt, from);

	if (!t)
		return proctab_add(pt, to);
	proctab_del(pt, to);
	t->tid = to;
	if (!insert(pt, t)) {
		tracee_end_call(t);
		free(t);
		return NULL;
	}
	return t;
}
