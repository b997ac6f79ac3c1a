/* text-shapes: strace's own shapes for clone and futex (text-shapes.h). */
#include "text-shapes.h"

#include <linux/futex.h>
#include <sched.h>
#include <string.h>

static void add(struct text_shape *s, const char *key, const char *label)
{
	if (s->n < TEXT_SHAPE_MAX)
		s->items[s->n++] = (struct text_shape_item){.key = key, .label = label};
}

/* clone(child_stack=..., flags=..., parent_tid=..., child_tidptr=..., tls=...):
 * the pointers only when the flags make the kernel use them. */
static bool clone_shape(const struct event_syscall *c, struct text_shape *s)
{
	const struct jv *flags = jv_get(c->args, "flags");
	const struct jv *raw_flags = jv_get(flags, "raw");
	uint64_t raw = 0;

	/* Decoded flags only: the same "raw" the log shows. */
	if (jv_kind_of(raw_flags) != JV_INT && jv_kind_of(raw_flags) != JV_UINT)
		return false;
	raw = jv_as_uint(raw_flags);
	add(s, "stack", "child_stack");
	add(s, "flags", "flags");
	if (raw & CLONE_PARENT_SETTID)
		add(s, "parent_tid", "parent_tid");
	if (raw & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
		add(s, "child_tid", "child_tidptr");
	if (raw & CLONE_SETTLS)
		add(s, "tls", "tls");
	return true;
}

/* The futex command, from the register: the op's name in the log says
 * the same, but a number needs no parsing.  -1 when futex_op was not
 * decoded (a call shown raw). */
static int futex_cmd(const struct event_syscall *c)
{
	const struct syscall_sig *sig = c->sig;

	if (!jv_get_ex(c->args, "futex_op", NULL) || !sig)
		return -1;
	for (unsigned i = 0; i < sig->nargs && i < SYSCALL_MAX_ARGS; i++)
		if (strcmp(sig->args[i].name, "futex_op") == 0)
			return (int)(c->raw[i] & FUTEX_CMD_MASK);
	return -1;
}

/* futex: the arguments each command reads, as strace prints them. */
static bool futex_shape(const struct event_syscall *c, struct text_shape *s)
{
	int cmd = futex_cmd(c);

	if (cmd < 0)
		return false;
	add(s, "uaddr", NULL);
	add(s, "futex_op", NULL);
	switch (cmd) {
	case FUTEX_WAIT:
		add(s, "val", NULL);
		add(s, "timeout", NULL);
		break;
	case FUTEX_WAIT_BITSET:
		add(s, "val", NULL);
		add(s, "timeout", NULL);
		add(s, "val3", NULL);
		s->items[s->n - 1].bitset = true;
		break;
	case FUTEX_WAKE:
		add(s, "val", NULL);
		break;
	case FUTEX_WAKE_BITSET:
		add(s, "val", NULL);
		add(s, "val3", NULL);
		s->items[s->n - 1].bitset = true;
		break;
	case FUTEX_REQUEUE:
		add(s, "val", NULL);
		add(s, "timeout", NULL); /* val2: a count in the timeout slot */
		s->items[s->n - 1].decimal = true;
		add(s, "uaddr2", NULL);
		break;
	case FUTEX_CMP_REQUEUE:
	case FUTEX_CMP_REQUEUE_PI:
	case FUTEX_WAKE_OP:
		add(s, "val", NULL);
		add(s, "timeout", NULL);
		s->items[s->n - 1].decimal = true;
		add(s, "uaddr2", NULL);
		add(s, "val3", NULL);
		break;
	case FUTEX_LOCK_PI:
#ifdef FUTEX_LOCK_PI2
	case FUTEX_LOCK_PI2:
#endif
		add(s, "timeout", NULL);
		break;
	case FUTEX_UNLOCK_PI:
	case FUTEX_TRYLOCK_PI:
		break;
	case FUTEX_WAIT_REQUEUE_PI:
		add(s, "val", NULL);
		add(s, "timeout", NULL);
		add(s, "uaddr2", NULL);
		break;
	default:
		return false; /* all six, as for any call */
	}
	return true;
}

bool text_call_shape(const struct event_syscall *c, struct text_shape *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (!c->name || jv_kind_of(c->args) != JV_OBJECT)
		return false;
	if (strcmp(c->name, "clone") == 0)
		return clone_shape(c, ret);
	if (strcmp(c->name, "futex") == 0)
		return futex_shape(c, ret);
	return false;
}
