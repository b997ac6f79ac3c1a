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
#define SYSCALL_NAME_SIZE     32 /* longest name + 1 (sched_rr_get_interval_time64) */
#define SYSCALL_ARG_NAME_SIZE 16

/* The C type the kernel gives an argument's register (its SYSCALL_DEFINE
 * prototype, cast by the syscall wrapper): what the kernel sees is the
 * register zero- or sign-extended from that width. */
enum syscall_ctype {
	CTYPE_INT,    /* int, pid_t, clockid_t, key_serial_t, rwf_t: signed 32 */
	CTYPE_UINT,   /* unsigned int, u32, uid_t, gid_t, qid_t: unsigned 32 */
	CTYPE_USHORT, /* umode_t, old_uid_t (i386): unsigned 16 */
	CTYPE_LONG,   /* long, off_t, loff_t: signed, the ABI's long */
	CTYPE_ULONG,  /* unsigned long, size_t, u64, aio_context_t */
	CTYPE_PTR,    /* an address: the ABI's unsigned long */
	CTYPE_LO,     /* low half of a 64-bit value in two registers; its high
		       * half is the argument named NAME_hi (i386) */
	CTYPE_HI,     /* that high half */
};

struct syscall_arg {
	char name[SYSCALL_ARG_NAME_SIZE];
	enum arg_type type;
	enum xlat_id xlat;	  /* for flags(LIST) / enum(LIST), else XLAT_NONE */
	enum syscall_ctype ctype; /* from syscalls.in; never guessed */
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

/* A foreign ABI's name or register layout of a native call (aliases.in):
 * rules, classes and groups of syscall_table[canon] apply to it. */
struct syscall_alias {
	struct syscall_sig sig; /* its own name and arguments, canon's classes */
	uint32_t arch;		/* AUDIT_ARCH_I386 or SCMP_ARCH_X32 */
	int32_t canon;		/* index into syscall_table */
};
extern const struct syscall_alias syscall_alias_table[];
extern const size_t syscall_alias_table_len;

/* A multiplexer's sub-call (i386 socketcall, ipc): syscall_alias_table[alias]
 * is the call that MUX(sub, ...) makes when (argument 0 & submask) == sub.
 * Its arguments are @words 32-bit words at the address in argument
 * @ptr_arg (socketcall: 1; old_mmap and old_select, submask 0: 0), or when
 * words is 0 MUX's own arguments regs[i] - 1 (ipc; 0: none). */
struct syscall_mux {
	uint32_t alias;
	uint32_t sub;
	uint32_t submask;
	uint32_t words;
	uint32_t ptr_arg;
	uint8_t regs[SYSCALL_MAX_ARGS];
};
extern const struct syscall_mux syscall_mux_table[];
extern const size_t syscall_mux_table_len;

/* Foreign-ABI calls with no native counterpart: the policy default
 * decides them (they are unknown to the table). */
struct syscall_unsupported {
	const char *name;
	uint32_t arch;
};
extern const struct syscall_unsupported syscall_unsupported_table[];
extern const size_t syscall_unsupported_table_len;

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

/* Index into syscall_table, or -1.  Only native names: a foreign ABI's
 * name of a native call is matched by the native name (i386 "signal" would
 * otherwise shadow the class of that name). */
long syscalls_index_by_name(const char *name);
const struct syscall_sig *syscalls_by_name(const char *name);

/* The number of entry @index on @audit_arch, or -1 if it has none there. */
long syscalls_nr(size_t index, uint32_t audit_arch);

/* Table entry for a call stopped in the tracer; NULL when the table does
 * not know it (the caller then logs "syscall_NNN" with raw arguments).
 * For x32 the caller passes the number with __X32_SYSCALL_BIT cleared. */
const struct syscall_sig *syscalls_by_nr(uint32_t audit_arch, long nr);
/* The syscall_table index whose rules decide @sig: its own, or for an
 * alias (a foreign ABI's name or layout) its native call's.  -1 if none. */
long syscalls_index_of(const struct syscall_sig *sig);

/* A multiplexed call (i386 socketcall or ipc, number @nr, @sig NULL: no
 * entry of its own) as the call it makes: the sub-call its first register
 * names, with its arguments (from thread @pid's memory for socketcall,
 * old_mmap and old_select, from the registers for ipc) in @args at their C
 * types.  Returns 1 and sets *@sig when it is one; 0 when not (or an
 * unknown sub-call: the policy default decides it); -EFAULT when the
 * arguments cannot be read: *@sig is then set, @args zeroed and
 * *@ret_ptr_arg says which argument held their address, which the caller
 * must make unreadable to the kernel too (the kernel may read what the
 * tracer cannot: memfd_secret).  The memory read races with the program's
 * other threads, as every memory condition does. */
int syscalls_demux(const struct syscall_sig **sig, uint32_t audit_arch, long nr, uint64_t args[6],
		   int pid, unsigned *ret_ptr_arg);

/* Whether the kernel reads at most 32 bits of native argument @i of @sig
 * (int, unsigned int, umode_t...), and whether it reads it signed:
 * comparisons must ignore the register's upper half, or a program could
 * set high bits to slip past a rule.  False for i out of range. */
bool syscalls_arg_is_32bit(const struct syscall_sig *sig, int i);
bool syscalls_arg_is_signed(const struct syscall_sig *sig, int i);
/* The bits of native argument @i the kernel reads: 0xffff (umode_t),
 * 0xffffffff (int, unsigned int) or all 64.  All 64 for i out of range. */
uint64_t syscalls_arg_mask(const struct syscall_sig *sig, int i);

/* Reduce the registers of a call stopped on @audit_arch to the values the
 * kernel sees: each argument of @sig zero- or sign-extended from its C
 * type's width on that ABI (on i386 every register is 32 bits, and a
 * value split over two registers is joined in its low half's slot);
 * arguments past sig->nargs and every argument of a NULL @sig are left as
 * they are.  Called once per stop, before anything reads the arguments, so
 * the policy, the guard and the log all see what the kernel sees. */
void syscalls_args_at_type(const struct syscall_sig *sig, uint32_t audit_arch, uint64_t args[6]);
