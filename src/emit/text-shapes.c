/* text-shapes: strace's own shapes for clone and futex (text-shapes.h). */
#include "text-shapes.h"

#include <linux/futex.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include <jtrace/xlat.h>

static void add(struct text_shape *s, const char *key, const char *label)
{
	if (s->n < TEXT_SHAPE_MAX)
		s->items[s->n++] = (struct text_shape_item){.key = key, .label = label};
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* clone(child_stack=..., flags=..., parent_tid=..., child_tidptr=..., tls=...):
 * the pointers only when the flags make the kernel use them. */
static bool clone_shape(json_object *args, struct text_shape *s)
{
	json_object *flags = get(args, "flags");
	uint64_t raw = 0;

	if (!flags || !get(flags, "raw"))
		return false;
	raw = json_object_get_uint64(get(flags, "raw"));
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

/* The futex command from the decoded op ("FUTEX_WAIT_PRIVATE",
 * "FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME"), or -1. */
static int futex_cmd(json_object *op)
{
	char name[64];
	uint64_t v = 0;

	if (!op)
		return -1;
	if (json_object_is_type(op, json_type_int))
		return (int)(json_object_get_int64(op) & FUTEX_CMD_MASK);
	if (!json_object_is_type(op, json_type_string))
		return -1;
	snprintf(name, sizeof(name), "%s", json_object_get_string(op));
	name[strcspn(name, "|")] = '\0';
	if (xlat_value(XLAT_FUTEX_OPS, name, &v) < 0)
		return -1;
	return (int)(v & FUTEX_CMD_MASK);
}

/* futex: the arguments each command reads, as strace prints them. */
static bool futex_shape(json_object *args, struct text_shape *s)
{
	int cmd = futex_cmd(get(args, "futex_op"));

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

bool text_call_shape(const char *name, json_object *args, struct text_shape *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (!name || !args)
		return false;
	if (strcmp(name, "clone") == 0)
		return clone_shape(args, ret);
	if (strcmp(name, "futex") == 0)
		return futex_shape(args, ret);
	return false;
}
