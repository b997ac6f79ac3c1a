/* classes: strace-style classes (net, file, ...) and systemd-style groups
 * (@network-io, ...) as data (src/data/classes.in, src/data/groups.in), and
 * the resolution of a --filter list into a set of syscalls. */
#pragma once

#include <stddef.h>
#include <stdio.h>

#include "syscalls.h"

struct class_info {
	const char *name; /* "net" */
	const char *help;
	uint32_t bit; /* CLASS_NET */
};

struct group_info {
	const char *name; /* "@network-io" */
	const char *help;
	const char *const *members; /* syscall names, classes or "@groups", NULL-terminated */
};

extern const struct class_info class_table[];
extern const size_t class_table_len;
extern const struct group_info group_table[];
extern const size_t group_table_len;

/* Add to @set every syscall that NAME denotes: "all", a class name, an
 * "@group" (recursively) or a syscall name.  -ENOENT when NAME is unknown. */
int classes_expand(const char *name, struct syscall_set *set);

/* Parse a --filter list: comma-separated NAMEs, "!NAME" removes, "all".
 * Items apply left to right, so "all,!read" and "net,!connect" work.
 * On -ENOENT, *ret_bad is set to a malloc'd copy of the unknown item. */
int classes_parse_filter(const char *list, struct syscall_set *ret_set, char **ret_bad);

/* Up to @max known names (syscalls, classes, groups) closest to @name,
 * written into @out; returns how many. */
size_t classes_suggest(const char *name, const char **out, size_t max);

/* Print every class and group with its members (--list-filters). */
void classes_print_all(FILE *f);
