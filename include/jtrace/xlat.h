/* xlat: symbolic names of constants (flags and enums), generated at build
 * time from src/data/xlat/NAME.in by src/data/gen-xlat.py.  The values come
 * from the system headers through the C compiler; nothing is typed by hand
 * except where a header may lack a constant (then the .in file gives a
 * fallback value, used only when the header does not define it). */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* An array, not a pointer, for the reason syscalls.h gives; the generated
 * lists have a _Static_assert that the longest name fits, with its NUL. */
#define XLAT_NAME_SIZE 40

struct xlat_entry {
	uint64_t val;
	char name[XLAT_NAME_SIZE];
};

struct xlat {
	const char *name; /* the .in file's base name */
	const struct xlat_entry *entries;
	size_t len;
};

#include "xlat-gen.h" /* enum xlat_id { XLAT_NONE, XLAT_<NAME>..., XLAT_COUNT } */

extern const struct xlat xlat_tables[XLAT_COUNT];

/* Name of @val in list @id, or NULL. */
const char *xlat_name(enum xlat_id id, uint64_t val);
/* Value of @name in list @id; returns 0 and sets *ret, or -ENOENT. */
int xlat_value(enum xlat_id id, const char *name, uint64_t *ret);
/* Value of @name in any list (policy constants); 0 or -ENOENT. */
int xlat_lookup_any(const char *name, uint64_t *ret);

/* errno number -> "ENOENT" (NULL when unknown); and the reverse (-1). */
const char *xlat_errno_name(int err);
int xlat_errno_value(const char *name);
/* signal number -> "SIGKILL", "SIGRT_3" (NULL when unknown); and the
 * reverse (-1). */
const char *xlat_signal_name(int sig);
int xlat_signal_value(const char *name);
