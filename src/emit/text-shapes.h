/* text-shapes: the calls strace prints in a shape of their own rather than
 * as every argument in order: clone as "child_stack=..., flags=..." with
 * only the pointers its flags use, futex with the arguments its command
 * reads.  Private to src/emit/. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#define TEXT_SHAPE_MAX 8

struct text_shape_item {
	const char *key;   /* the argument's name in the record's "args" */
	const char *label; /* printed as "label=" before the value, or NULL */
	bool decimal;      /* a "0x..." value that strace shows as a number */
	bool bitset;       /* 0xffffffff shown as FUTEX_BITSET_MATCH_ANY */
};

struct text_shape {
	size_t n;
	struct text_shape_item items[TEXT_SHAPE_MAX];
};

/* True when call @name has a shape of its own for these @args (the
 * record's "args" object); @ret then lists what to print, in order. */
bool text_call_shape(const char *name, json_object *args, struct text_shape *ret);
