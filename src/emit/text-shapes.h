/* text-shapes: the calls strace prints in a shape of their own rather than
 * as every argument in order: clone as "child_stack=..., flags=..." with
 * only the pointers its flags use, futex with the arguments its command
 * reads.  Private to src/emit/. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <jtrace/event.h>

#define TEXT_SHAPE_MAX 8

struct text_shape_item {
	const char *key;   /* the argument's name in the call's args */
	const char *label; /* printed as "label=" before the value, or NULL */
	bool decimal;      /* an address-like value that strace shows as a number */
	bool bitset;       /* 0xffffffff shown as FUTEX_BITSET_MATCH_ANY */
};

struct text_shape {
	size_t n;
	struct text_shape_item items[TEXT_SHAPE_MAX];
};

/* True when call @s has a shape of its own; @ret then lists what to
 * print, in order.  Only decoded arguments have one: a call shown raw
 * (arg0..arg5) is printed as it is. */
bool text_call_shape(const struct event_syscall *s, struct text_shape *ret);
