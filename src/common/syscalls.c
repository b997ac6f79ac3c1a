/* syscalls: lookups in the generated signature table (syscall_table, from
 * src/data/syscalls.in) by name and by (architecture, number).
 *
 * The table has no numbers.  syscalls_init() takes the native number of
 * every entry from the kernel headers we were built with (syscall_hdr_nr,
 * generated behind #ifdef __NR_name) and asks libseccomp for the calls
 * those headers lack.  On x86_64 the i386 and x32 numbers come from
 * <asm/unistd_32.h> and <asm/unistd_x32.h> the same way (syscall_i386_nr,
 * syscall_x32_nr), when those ABIs are first asked for, and from
 * libseccomp only for what those headers lack (a header older than the
 * kernel left i386 fchmodat2 unknown: a call no rule named): not first
 * from libseccomp, whose 2.5 resolves i386 socket, connect... to pseudo-numbers
 * (socketcall multiplexing), which left those calls out of the i386 map
 * and so out of every rule naming them.  The foreign ABIs' own names and
 * layouts of native calls (chown32, _llseek; aliases.in) join the map as
 * syscall_alias_table entries, decided by their native entry's rules.
 * It then builds one nr -> entry array per architecture.
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

#include <jtrace/syscalls.h>
#include <jtrace/tracee-mem.h>
#include <jtrace/util.h>

/* Generated with the table: native numbers from the kernel headers, -1 where
 * the headers lack the call. */
extern const long syscall_hdr_nr[];
/* Generated from <asm/unistd_32.h> and <asm/unistd_x32.h>: per table entry
 * and per alias, -1 where the header lacks it (all -1 off x86_64), -2 for
 * an entry the ABI has under its own layout (an alias). */
extern const long syscall_i386_nr[], syscall_i386_alias_nr[];
extern const long syscall_x32_nr[], syscall_x32_alias_nr[];

#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif

struct arch_map {
	uint32_t audit_arch;
	long *nr;	/* per table entry, -1 when absent */
	int32_t *by_nr; /* per number: table index, table length + alias index, or -1 */
	size_t by_nr_len;
};

enum {
	ARCH_MAP_NATIVE,
	ARCH_MAP_I386,
	ARCH_MAP_X32,
	ARCH_MAP_MAX,
};

static struct arch_map arch_maps[ARCH_MAP_MAX];

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

/* The number of table entry @i on @audit_arch, or -1. */
static long resolve_one(size_t i, uint32_t audit_arch, bool native)
{
	long nr;

	if ((audit_arch == AUDIT_ARCH_I386 || audit_arch == SCMP_ARCH_X32) && !native) {
		nr = audit_arch == AUDIT_ARCH_I386 ? syscall_i386_nr[i] : syscall_x32_nr[i];
		if (nr != -1)
			return nr < 0 ? -1 : nr; /* -2: its own layout, an alias */
		/* Headers older than the kernel (i386 fchmodat2 unknown made it
		 * a call no floor rule or policy rule named): libseccomp for
		 * what they lack, as natively.  Its pseudo-numbers (i386
		 * socket... under socketcall) are negative: still -1. */
		nr = seccomp_syscall_resolve_name_arch(
			audit_arch == AUDIT_ARCH_I386 ? SCMP_ARCH_X86 : SCMP_ARCH_X32,
			syscall_table[i].name);
		if (nr < 0)
			return -1;
		return nr & ~(long)__X32_SYSCALL_BIT;
	}
	/* Native: the build's own headers first, libseccomp only for what
	 * they lack.  Both are the kernel's ABI (test-syscalls checks they
	 * agree), and libseccomp's lookup is a linear search by name: asking
	 * it for every entry was 50-60 us of each start-up. */
	nr = syscall_hdr_nr[i];
	if (nr < 0)
		nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_NATIVE, syscall_table[i].name);
	/* Negative: unknown to both, or one of libseccomp's pseudo-numbers
	 * for a call that does not exist on this architecture. */
	if (nr < 0)
		return -1;
	if (audit_arch == SCMP_ARCH_X32)
		nr &= ~(long)__X32_SYSCALL_BIT;
	return nr;
}

static bool alias_is_mux(size_t k)
{
	for (size_t m = 0; m < syscall_mux_table_len; m++)
		if (syscall_mux_table[m].alias == k)
			return true;
	return false;
}

/* The number of alias @k on @audit_arch, or -1 (another ABI's alias, or a
 * multiplexer's sub-call, which has its multiplexer's number). */
static long alias_nr(size_t k, uint32_t audit_arch, bool native)
{
	if (native || alias_is_mux(k))
		return -1;
	if (audit_arch == AUDIT_ARCH_I386)
		return syscall_i386_alias_nr[k];
	if (audit_arch == SCMP_ARCH_X32)
		return syscall_x32_alias_nr[k];
	return -1;
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
	for (size_t k = 0; k < syscall_alias_table_len; k++)
		if (alias_nr(k, audit_arch, native) > max)
			max = alias_nr(k, audit_arch, native);

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
	for (size_t k = 0; k < syscall_alias_table_len; k++) {
		long n = alias_nr(k, audit_arch, native);

		if (n >= 0 && by_nr[n] < 0)
			by_nr[n] = (int32_t)(syscall_table_len + k);
	}

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
	if ((size_t)m->by_nr[nr] >= syscall_table_len)
		return &syscall_alias_table[(size_t)m->by_nr[nr] - syscall_table_len].sig;
	return &syscall_table[m->by_nr[nr]];
}

int syscalls_demux(const struct syscall_sig **sig, uint32_t audit_arch, long nr, uint64_t args[6],
		   int pid, unsigned *ret_ptr_arg)
{
	uint32_t words[SYSCALL_MAX_ARGS] = {0};
	const struct syscall_mux *mux = NULL;
	size_t len = 0;

	if (*sig || audit_arch != AUDIT_ARCH_I386 || nr < 0)
		return 0;
	for (size_t m = 0; m < syscall_mux_table_len && !mux; m++) {
		const struct syscall_mux *c = &syscall_mux_table[m];

		if (syscall_i386_alias_nr[c->alias] == nr &&
		    c->sub == ((uint32_t)args[0] & c->submask))
			mux = c;
	}
	if (!mux)
		return 0;
	*sig = &syscall_alias_table[mux->alias].sig;
	if (mux->words == 0) {
		uint64_t regs[SYSCALL_MAX_ARGS];

		memcpy(regs, args, sizeof(regs));
		for (unsigned i = 0; i < SYSCALL_MAX_ARGS; i++)
			args[i] = mux->regs[i] && mux->regs[i] <= SYSCALL_MAX_ARGS
					  ? regs[mux->regs[i] - 1]
					  : 0;
		syscalls_args_at_type(*sig, audit_arch, args);
		return 1;
	}
	len = mux->words * sizeof(words[0]);
	*ret_ptr_arg = mux->ptr_arg;
	if (mux->words > SYSCALL_MAX_ARGS || mux->ptr_arg >= SYSCALL_MAX_ARGS ||
	    tmem_read_exact(pid, (uint32_t)args[mux->ptr_arg], words, len) < 0) {
		memset(args, 0, SYSCALL_MAX_ARGS * sizeof(args[0]));
		return -EFAULT;
	}
	for (unsigned i = 0; i < SYSCALL_MAX_ARGS; i++)
		args[i] = words[i];
	syscalls_args_at_type(*sig, audit_arch, args);
	return 1;
}

long syscalls_index_of(const struct syscall_sig *sig)
{
	if (!sig)
		return -1;
	if (sig >= syscall_table && sig < syscall_table + syscall_table_len)
		return sig - syscall_table;
	for (size_t k = 0; k < syscall_alias_table_len; k++)
		if (sig == &syscall_alias_table[k].sig)
			return syscall_alias_table[k].canon;
	return -1;
}

static bool ctype_is_32bit(enum syscall_ctype c)
{
	return c == CTYPE_INT || c == CTYPE_UINT || c == CTYPE_USHORT;
}

bool syscalls_arg_is_32bit(const struct syscall_sig *sig, int i)
{
	if (!sig || i < 0 || i >= sig->nargs)
		return false;
	return ctype_is_32bit(sig->args[i].ctype);
}

bool syscalls_arg_is_signed(const struct syscall_sig *sig, int i)
{
	if (!sig || i < 0 || i >= sig->nargs)
		return false;
	return sig->args[i].ctype == CTYPE_INT || sig->args[i].ctype == CTYPE_LONG;
}

uint64_t syscalls_arg_mask(const struct syscall_sig *sig, int i)
{
	if (!sig || i < 0 || i >= sig->nargs)
		return ~(uint64_t)0;
	if (sig->args[i].ctype == CTYPE_USHORT)
		return 0xffffu;
	return ctype_is_32bit(sig->args[i].ctype) ? 0xffffffffu : ~(uint64_t)0;
}

/* @v at C type @c on an ABI whose long is @long32 ? 32 : 64 bits wide. */
static uint64_t at_ctype(uint64_t v, enum syscall_ctype c, bool long32)
{
	switch (c) {
	case CTYPE_INT:
		return (uint64_t)(int64_t)(int32_t)v;
	case CTYPE_UINT:
	case CTYPE_LO:
	case CTYPE_HI:
		return (uint32_t)v;
	case CTYPE_USHORT:
		return (uint16_t)v;
	case CTYPE_LONG:
		return long32 ? (uint64_t)(int64_t)(int32_t)v : v;
	case CTYPE_ULONG:
	case CTYPE_PTR:
	default:
		return long32 ? (uint32_t)v : v;
	}
}

void syscalls_args_at_type(const struct syscall_sig *sig, uint32_t audit_arch, uint64_t args[6])
{
	/* i386 is the only ILP32 ABI followed whose registers the kernel
	 * reads as 32 bits; x32 calls run the 64-bit entry points, which
	 * read the whole register. */
	bool long32 = audit_arch == AUDIT_ARCH_I386;
	unsigned n = 0;

	if (!sig)
		return;
	n = sig->nargs < SYSCALL_MAX_ARGS ? sig->nargs : SYSCALL_MAX_ARGS;
	if (long32)
		for (unsigned i = 0; i < SYSCALL_MAX_ARGS; i++)
			args[i] = (uint32_t)args[i];
	for (unsigned i = 0; i < n; i++)
		args[i] = at_ctype(args[i], sig->args[i].ctype, long32);
	/* A 64-bit value split over two registers: the kernel joins them, so
	 * the low half's slot carries the whole value. */
	for (unsigned i = 0; i < n; i++) {
		if (sig->args[i].ctype != CTYPE_LO)
			continue;
		for (unsigned j = 0; j < n; j++) {
			size_t len = strlen(sig->args[i].name);

			if (sig->args[j].ctype == CTYPE_HI &&
			    strncmp(sig->args[j].name, sig->args[i].name, len) == 0 &&
			    strcmp(sig->args[j].name + len, "_hi") == 0)
				args[i] |= args[j] << 32;
		}
	}
}
