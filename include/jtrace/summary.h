/* summary: per-syscall totals (calls, errors, time) as strace -c shows
 * them.  Fed by the tracer at each finished call (jtrace-run -c) or by the
 * log reader (jtrace-policy summary), so both print the same table. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "value.h"

struct summary_row {
	char *name; /* owned */
	uint64_t calls;
	uint64_t errors;
	uint64_t total_ns; /* saturates at SUMMARY_MAX_NS */
};

/* Totals stop here rather than wrap (the JSON has them as int64). */
#define SUMMARY_MAX_NS ((uint64_t)INT64_MAX)

/* Rows in order of first appearance, found by name through a hash index:
 * a log's names are the program's to choose, so lookups must not be
 * linear in them. */
struct summary {
	struct summary_row *rows;
	size_t len, cap;
	size_t *index; /* open addressing: row + 1, 0 free */
	size_t index_cap;
};

void summary_init(struct summary *s);
void summary_free(struct summary *s);
/* Count one call (@dur_ns is added saturating).  0 or -ENOMEM. */
int summary_add(struct summary *s, const char *name, uint64_t dur_ns, bool failed);
/* The table, sorted by time, then calls, then name (strace -c layout). */
void summary_print(const struct summary *s, FILE *f);
/* {"syscalls":[{"name","calls","errors","total_ns","usecs_per_call"}...], "total": {...}} */
struct jv *summary_to_json(const struct summary *s);
