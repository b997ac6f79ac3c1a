/* syscalls: lookups in the generated signature table (syscall_table, from
 * src/data/syscalls.in) by name and by (architecture, number).
 *
 * The table has no numbers.  syscalls_init() takes the native number of
 * every entry from the kernel headers we were built with (syscall_hdr_nr,
 * generated behind #ifdef __NR_name) and asks libseccomp for the calls
 * those headers lack; on x86_64 it asks libseccomp for the i386 and x32
 * numbers too, when those ABIs are first asked for.
 * It then builds one nr -> index array per architecture.
 *
 * x32 numbers are kept without __X32_SYSCALL_BIT, both in what syscalls_nr()
 * returns and in what syscalls_by_nr() takes, so the two round-trip; the
 * architecture value for x32 is SCMP_ARCH_X32 (AUDIT_ARCH_X86_64 without
 * __AUDIT_ARCH_64BIT), since the kernel reports x32 calls as x86_64. */
#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "jtrace/syscalls.h"
#include "jtrace/util.h"

/* Generated with the table: native numbers from the kernel headers, -1 where
 * the headers lack the call. */
extern const long syscall_hdr_nr[];

#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif

struct arch_map {
	uint32_t audit_arch;
	long *nr;	/* per table entry, -1 when absent */
	int32_t *by_nr; /* per number, table index or -1 */
	size_t by_nr_len;
};

enum {
	ARCH_MAP_NATIVE,
	ARCH_MAP_I386,
	ARCH_MAP_X32,
	ARCH_MAP_MAX,
};

static struct arch_map arch_maps[ARCH_MAP_MAX];

/* Names whose i386 call of the same name has a different signature (one
 * pointer to a struct of the x86_64 arguments): decoding them with the x86_64
 * signature would show garbage, so on i386 they stay unknown (syscall_NNN). */
static const char *const i386_other_signature[] = {
	"mmap",	  /* old_mmap(struct mmap_arg_struct *); mmap2 is the real one */
	"select", /* old_select(struct sel_arg_struct *); _newselect is the real one */
};

const char *syscalls_arch_name(uint32_t audit_arch)
{
	switch (audit_arch) {
	case AUDIT_ARCH_X86_64:
		return "x86_64";
	case AUDIT_ARCH_I386:
		return "i386";
	case SCMP_ARCH_X32:
		return "x32";
	case AUDIT_ARCH_AARCH64:
		return "aarch64";
	default:
		return NULL;
	}
}

uint32_t syscalls_native_arch(void)
{
#if defined(__x86_64__) && !defined(__ILP32__)
	return AUDIT_ARCH_X86_64;
#elif defined(__x86_64__)
	return SCMP_ARCH_X32;
#elif defined(__aarch64__)
	return AUDIT_ARCH_AARCH64;
#else
	return seccomp_arch_native();
#endif
}

static bool i386_skips(const char *name)
{
	for (size_t i = 0; i < JT_ARRAY_SIZE(i386_other_signature); i++)
		if (strcmp(name, i386_other_signature[i]) == 0)
			return true;
	return false;
}

/* The number of table entry @i on @audit_arch, or -1. */
static long resolve_one(size_t i, uint32_t audit_arch, bool native)
{
	const char *name = syscall_table[i].name;
	uint32_t scmp_arch = native ? SCMP_ARCH_NATIVE : audit_arch;
	long nr;

	if (audit_arch == AUDIT_ARCH_I386 && i386_skips(name))
		return -1;
	/* Native: the build's own headers first, libseccomp only for what
	 * they lack.  Both are the kernel's ABI (test-syscalls checks they
	 * agree), and libseccomp's lookup is a linear search by name: asking
	 * it for every entry was 50-60 us of each start-up. */
	nr = native ? syscall_hdr_nr[i] : -1;
	if (nr < 0)
		nr = seccomp_syscall_resolve_name_arch(scmp_arch, name);
	/* Negative: unknown to both, or one of libseccomp's pseudo-numbers
	 * for a call that does not exist on this architecture. */
	if (nr < 0)
		return -1;
	if (audit_arch == SCMP_ARCH_X32)
		nr &= ~(long)__X32_SYSCALL_BIT;
	return nr;
}

static int arch_map_build(struct arch_map *m, uint32_t audit_arch, bool native)
{
	cleanup_free long *nr = NULL;
	cleanup_free int32_t *by_nr = NULL;
	long max = -1;

	nr = calloc(syscall_table_len, sizeof(*nr));
	if (!nr)
		return -ENOMEM;
	for (size_t i = 0; i < syscall_table_len; i++) {
		nr[i] = resolve_one(i, audit_arch, native);
		if (nr[i] > max)
			max = nr[i];
	}

	/* One spare slot so that an architecture with no match still allocates. */
	by_nr = malloc(((size_t)max + 2) * sizeof(*by_nr));
	if (!by_nr)
		return -ENOMEM;
	for (long n = 0; n <= max; n++)
		by_nr[n] = -1;
	/* The first name wins if two entries share a number (aliases). */
	for (size_t i = 0; i < syscall_table_len; i++)
		if (nr[i] >= 0 && by_nr[nr[i]] < 0)
			by_nr[nr[i]] = (int32_t)i;

	m->audit_arch = audit_arch;
	m->nr = steal_pointer(&nr);
	m->by_nr = steal_pointer(&by_nr);
	m->by_nr_len = (size_t)max + 1;
	return 0;
}

/* The map's slot for @audit_arch, or -1 for an architecture not followed. */
static int arch_slot(uint32_t audit_arch)
{
	uint32_t native = syscalls_native_arch();

	if (audit_arch == native)
		return ARCH_MAP_NATIVE;
	if (native != AUDIT_ARCH_X86_64)
		return -1;
	if (audit_arch == AUDIT_ARCH_I386)
		return ARCH_MAP_I386;
	if (audit_arch == SCMP_ARCH_X32)
		return ARCH_MAP_X32;
	return -1;
}

/* Built when first asked for: every run needs the native map, but few
 * meet a foreign ABI, and resolving i386 and x32 through libseccomp was
 * most of jtrace-run's start-up before the fork (about 120 us). */
static const struct arch_map *arch_map_get(uint32_t audit_arch)
{
	int slot = arch_slot(audit_arch);
	struct arch_map *m = NULL;

	if (slot < 0)
		return NULL;
	m = &arch_maps[slot];
	if (!m->nr && arch_map_build(m, audit_arch, slot == ARCH_MAP_NATIVE) < 0)
		return NULL;
	return m;
}

int syscalls_init(void)
{
	return syscalls_arch_init(syscalls_native_arch());
}

int syscalls_arch_init(uint32_t audit_arch)
{
	if (arch_slot(audit_arch) < 0)
		return -EINVAL;
	return arch_map_get(audit_arch) ? 0 : -ENOMEM;
}

static int cmp_name_sig(const void *key, const void *elem)
{
	const struct syscall_sig *sig = elem;

	return strcmp(key, sig->name);
}

long syscalls_index_by_name(const char *name)
{
	const struct syscall_sig *sig;

	if (!name)
		return -1;
	sig = bsearch(name, syscall_table, syscall_table_len, sizeof(syscall_table[0]),
		      cmp_name_sig);
	return sig ? sig - syscall_table : -1;
}

const struct syscall_sig *syscalls_by_name(const char *name)
{
	long i = syscalls_index_by_name(name);

	return i < 0 ? NULL : &syscall_table[i];
}

long syscalls_nr(size_t index, uint32_t audit_arch)
{
	const struct arch_map *m;

	if (index >= syscall_table_len)
		return -1;
	m = arch_map_get(audit_arch);
	return m ? m->nr[index] : -1;
}

const struct syscall_sig *syscalls_by_nr(uint32_t audit_arch, long nr)
{
	const struct arch_map *m = arch_map_get(audit_arch);

	if (audit_arch == SCMP_ARCH_X32 && nr >= 0)
		nr &= ~(long)__X32_SYSCALL_BIT;
	if (!m || nr < 0 || (unsigned long)nr >= m->by_nr_len || m->by_nr[nr] < 0)
		return NULL;
	return &syscall_table[m->by_nr[nr]];
}

long syscalls_index_of(const struct syscall_sig *sig)
{
	if (!sig || sig < syscall_table || sig >= syscall_table + syscall_table_len)
		return -1;
	return sig - syscall_table;
}

bool argtype_is_32bit(enum arg_type t)
{
	switch (t) {
	case ARG_INT:
	case ARG_FD:
	case ARG_DIRFD:
	case ARG_FLAGS:
	case ARG_ENUM:
	case ARG_SIGNO:
	case ARG_MODE:
	case ARG_IOCTL_REQ:
	case ARG_SOCKOPTNAME:
		return true;
	default:
		return false;
	}
}
