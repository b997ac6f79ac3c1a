/* syscalls: the syscall signature table (generated from src/data/syscalls.in)
 * and lookups by name and by (arch, number).
 *
 * The table holds names, argument names/types and classes only.  Numbers
 * are never typed by hand: syscalls_init() takes them from the build's
 * kernel headers and libseccomp (see syscalls.c) and builds the reverse
 * index.
 *
 * Names are arrays, not pointers: a table of pointers is relocated by the
 * dynamic loader at every start of a PIE, which writes (and so copies) every
 * page of it; arrays stay in read-only pages nothing copies.  The generated
 * table has a _Static_assert that its longest names fit, with their NUL. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "argtype-gen.h" /* enum arg_type, ARG_TYPE_COUNT, argtype_name() */
#include "classes-gen.h" /* enum syscall_class bits, CLASS_COUNT */
#include "xlat.h"

#define SYSCALL_MAX_ARGS      6
#define SYSCALL_NAME_SIZE     24 /* longest name + 1 */
#define SYSCALL_ARG_NAME_SIZE 16

struct syscall_arg {
	char name[SYSCALL_ARG_NAME_SIZE];
	enum arg_type type;
	enum xlat_id xlat; /* for flags(LIST) / enum(LIST), else XLAT_NONE */
};

struct syscall_sig {
	char name[SYSCALL_NAME_SIZE];
	uint32_t classes; /* bitwise OR of CLASS_* */
	enum arg_type ret;
	uint8_t nargs;
	struct syscall_arg args[SYSCALL_MAX_ARGS];
};

/* Generated: sorted by name, unique. */
extern const struct syscall_sig syscall_table[];
extern const size_t syscall_table_len;

/* A set of table entries (by index into syscall_table). */
#define SYSCALL_SET_WORDS 16
struct syscall_set {
	uint64_t bits[SYSCALL_SET_WORDS];
};

static inline void syscall_set_add(struct syscall_set *s, size_t i)
{
	s->bits[i / 64] |= 1ull << (i % 64);
}
static inline void syscall_set_del(struct syscall_set *s, size_t i)
{
	s->bits[i / 64] &= ~(1ull << (i % 64));
}
static inline bool syscall_set_has(const struct syscall_set *s, size_t i)
{
	return (s->bits[i / 64] >> (i % 64)) & 1;
}

/* Architectures jtrace decodes.  Values are the AUDIT_ARCH_* constants as
 * reported by PTRACE_GET_SYSCALL_INFO. */
const char *syscalls_arch_name(uint32_t audit_arch); /* "x86_64", "i386", "x32", "aarch64" or NULL */
uint32_t syscalls_native_arch(void);

/* Resolve every table entry's number for the native architecture; the
 * compat ones on x86_64 are resolved when first looked up.  Idempotent;
 * returns 0 or -errno. */
int syscalls_init(void);

/* Resolve @audit_arch's numbers now (native, or i386/x32 on x86_64), for
 * callers that must not meet a lookup failure later: a lookup that cannot
 * build its map finds nothing.  0, -EINVAL (not followed) or -ENOMEM. */
int syscalls_arch_init(uint32_t audit_arch);

/* Index into syscall_table, or -1. */
long syscalls_index_by_name(const char *name);
const struct syscall_sig *syscalls_by_name(const char *name);

/* The number of entry @index on @audit_arch, or -1 if it has none there. */
long syscalls_nr(size_t index, uint32_t audit_arch);

/* Table entry for a call stopped in the tracer; NULL when the table does
 * not know it (the caller then logs "syscall_NNN" with raw arguments).
 * For x32 the caller passes the number with __X32_SYSCALL_BIT cleared. */
const struct syscall_sig *syscalls_by_nr(uint32_t audit_arch, long nr);
long syscalls_index_of(const struct syscall_sig *sig);

/* Argument types the kernel reads as 32-bit (int, fd, flags, enums, ioctl
 * requests...): comparisons on them must ignore the register's upper half,
 * or a program could set high bits to slip past a rule. */
bool argtype_is_32bit(enum arg_type t);
