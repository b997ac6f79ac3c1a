/* test-syscalls: the generated signature table (src/data/syscalls.in) and the
 * lookups of src/common/syscalls.c: sortedness, types and xlat lists, numbers on
 * the running architecture, and round trips name -> index -> nr -> entry;
 * every argument's C type (spot checks against the kernel's prototypes,
 * syscalls_args_at_type on both ABIs); the i386 map covering every number
 * of <asm/unistd_32.h>; and, for every call the shipped policies name, the
 * verdict of policy_decide and of the compiled pre-filter unchanged by high
 * garbage bits in the call's 32-bit arguments. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <jtrace/policy.h>
#include <jtrace/syscalls.h>
#include <jtrace/util.h>

#include "config.h"

extern const long syscall_hdr_nr[];

#include "tests/fuzz/bpfsim.h"
#include "check.h"

static void test_table_sorted_unique(void)
{
	for (size_t i = 1; i < syscall_table_len; i++)
		CHECK(strcmp(syscall_table[i - 1].name, syscall_table[i].name) < 0,
		      "table not sorted/unique at %s, %s", syscall_table[i - 1].name,
		      syscall_table[i].name);
	CHECK(syscall_table_len > 350, "only %zu entries", syscall_table_len);
	CHECK(syscall_table_len <= SYSCALL_SET_WORDS * 64, "%zu entries do not fit a syscall_set",
	      syscall_table_len);
}

static void test_arg_types(void)
{
	for (size_t i = 0; i < syscall_table_len; i++) {
		const struct syscall_sig *s = &syscall_table[i];

		CHECK(s->nargs <= SYSCALL_MAX_ARGS, "%s has %u args", s->name, s->nargs);
		CHECK((unsigned)s->ret < ARG_TYPE_COUNT, "%s: bad return type", s->name);
		CHECK(s->ret != ARG_FLAGS && s->ret != ARG_ENUM, "%s: flags/enum return type",
		      s->name);
		for (unsigned a = 0; a < s->nargs && a < SYSCALL_MAX_ARGS; a++) {
			const struct syscall_arg *arg = &s->args[a];
			bool wants_xlat = arg->type == ARG_FLAGS || arg->type == ARG_ENUM;

			CHECK(arg->name[0] != '\0', "%s arg %u has no name", s->name, a);
			CHECK((unsigned)arg->type < ARG_TYPE_COUNT, "%s arg %u: bad type", s->name,
			      a);
			CHECK(argtype_name(arg->type) != NULL, "%s arg %u: type without name",
			      s->name, a);
			if (wants_xlat)
				CHECK(arg->xlat != XLAT_NONE && arg->xlat < XLAT_COUNT,
				      "%s.%s: flags/enum without xlat list", s->name, arg->name);
			else
				CHECK(arg->xlat == XLAT_NONE, "%s.%s: xlat list on a %s argument",
				      s->name, arg->name, argtype_name(arg->type));
			for (unsigned b = 0; b < a; b++)
				CHECK(strcmp(s->args[b].name, arg->name) != 0,
				      "%s: argument %s twice", s->name, arg->name);
		}
	}
	CHECK(argtype_name(ARG_TYPE_COUNT) == NULL, "argtype_name out of range");
	CHECK(strcmp(argtype_name(ARG_FD), "fd") == 0, "ARG_FD is \"%s\"", argtype_name(ARG_FD));
	CHECK(argtype_at_exit(ARG_OBUF) == 1, "obuf decoded at exit");
	CHECK(argtype_at_exit(ARG_PATH) == 0, "path decoded at entry");
}

static void test_spot_checks(void)
{
	const struct syscall_sig *s = syscalls_by_name("openat");
	static const char *const openat_args[] = {"dirfd", "pathname", "flags", "mode"};

	CHECK(s != NULL, "openat missing");
	if (s) {
		CHECK(s->nargs == 4, "openat has %u args", s->nargs);
		for (unsigned a = 0; a < 4 && a < s->nargs; a++)
			CHECK(strcmp(s->args[a].name, openat_args[a]) == 0, "openat arg %u is %s",
			      a, s->args[a].name);
		CHECK(s->args[0].type == ARG_DIRFD, "openat dirfd type");
		CHECK(s->args[1].type == ARG_PATH, "openat pathname type");
		CHECK(s->args[2].type == ARG_FLAGS, "openat flags type");
		CHECK(s->args[3].type == ARG_MODE, "openat mode type");
		CHECK(s->ret == ARG_FD, "openat returns fd");
		CHECK(s->classes & CLASS_FILE, "openat in file");
		CHECK(s->classes & CLASS_DESC, "openat in desc");
	}

	s = syscalls_by_name("read");
	CHECK(s && s->nargs == 3 && s->args[0].type == ARG_FD && s->args[1].type == ARG_OBUF &&
		      s->args[2].type == ARG_SIZE,
	      "read(fd, obuf, size)");
	s = syscalls_by_name("execve");
	CHECK(s && (s->classes & CLASS_PROCESS), "execve in process");
	CHECK(s && (s->classes & CLASS_FILE), "execve in file");
	s = syscalls_by_name("execveat");
	CHECK(s && (s->classes & CLASS_PROCESS), "execveat in process");
	s = syscalls_by_name("connect");
	CHECK(s && (s->classes & CLASS_NET), "connect in net");
	CHECK(s && s->args[1].type == ARG_SOCKADDR, "connect addr is a sockaddr");
	s = syscalls_by_name("getpid");
	CHECK(s && s->classes == 0 && s->nargs == 0, "getpid has no class and no args");

	CHECK(syscalls_by_name("nosuchcall") == NULL, "unknown name");
	CHECK(syscalls_index_by_name("") == -1, "empty name");
	CHECK(syscalls_index_by_name(NULL) == -1, "NULL name");
	CHECK(syscalls_index_by_name(syscall_table[0].name) == 0, "first entry");
	CHECK(syscalls_index_by_name(syscall_table[syscall_table_len - 1].name) ==
		      (long)syscall_table_len - 1,
	      "last entry");
	CHECK(syscalls_index_of(NULL) == -1, "index_of(NULL)");
	CHECK(syscalls_index_of(&syscall_table[5]) == 5, "index_of");
}

static void test_arch_names(void)
{
	CHECK(strcmp(syscalls_arch_name(AUDIT_ARCH_X86_64), "x86_64") == 0, "x86_64 name");
	CHECK(strcmp(syscalls_arch_name(AUDIT_ARCH_I386), "i386") == 0, "i386 name");
	CHECK(strcmp(syscalls_arch_name(SCMP_ARCH_X32), "x32") == 0, "x32 name");
	CHECK(strcmp(syscalls_arch_name(AUDIT_ARCH_AARCH64), "aarch64") == 0, "aarch64 name");
	CHECK(syscalls_arch_name(0) == NULL, "arch 0 has no name");
	CHECK(syscalls_arch_name(syscalls_native_arch()) != NULL, "native arch has a name");
}

/* Every entry has a number on the native architecture, from libseccomp or the
 * kernel headers; entries newer than both are listed, not failed: they are
 * the reason the table is independent of both. */
static void test_numbers(void)
{
	uint32_t native = syscalls_native_arch();
	size_t newer = 0;

	CHECK(syscalls_init() == 0, "syscalls_init");
	CHECK(syscalls_init() == 0, "syscalls_init twice");

	for (size_t i = 0; i < syscall_table_len; i++) {
		const char *name = syscall_table[i].name;
		long nr = syscalls_nr(i, native);
		int lib = seccomp_syscall_resolve_name_arch(SCMP_ARCH_NATIVE, name);

		if (nr < 0) {
			CHECK(syscall_hdr_nr[i] < 0, "%s: headers give %ld but no number resolved",
			      name, syscall_hdr_nr[i]);
#if defined(__x86_64__)
			if (lib < 0 && syscall_hdr_nr[i] < 0) {
				if (newer++ == 0)
					fprintf(stderr,
						"note: newer than libseccomp %u.%u.%u and the "
						"kernel headers:",
						seccomp_version()->major, seccomp_version()->minor,
						seccomp_version()->micro);
				fprintf(stderr, " %s", name);
			}
#endif
			continue;
		}
		if (lib >= 0)
			CHECK(nr == lib, "%s: nr %ld, libseccomp %d", name, nr, lib);
		else
			CHECK(nr == syscall_hdr_nr[i], "%s: nr %ld, headers %ld", name, nr,
			      syscall_hdr_nr[i]);
		/* Round trip index -> nr -> entry. */
		CHECK(syscalls_by_nr(native, nr) == &syscall_table[i], "%s: nr %ld maps back to %s",
		      name, nr,
		      syscalls_by_nr(native, nr) ? syscalls_by_nr(native, nr)->name : "(null)");
	}
	if (newer)
		fprintf(stderr, "\n");

#if defined(__x86_64__)
	/* Everything the build's kernel headers know must resolve. */
	CHECK(newer < 25, "%zu entries without a number", newer);
	CHECK(syscalls_by_nr(AUDIT_ARCH_X86_64, __NR_openat) == syscalls_by_name("openat"),
	      "openat by nr");
	CHECK(syscalls_by_nr(AUDIT_ARCH_X86_64, __NR_read) == syscalls_by_name("read"),
	      "read by nr");
	CHECK(syscalls_by_nr(AUDIT_ARCH_X86_64, -1) == NULL, "nr -1");
	CHECK(syscalls_by_nr(AUDIT_ARCH_X86_64, 100000) == NULL, "nr 100000");
	CHECK(syscalls_by_nr(0x1234, 0) == NULL, "unknown arch");
	CHECK(syscalls_nr(0, 0x1234) == -1, "unknown arch nr");
	CHECK(syscalls_nr(syscall_table_len, AUDIT_ARCH_X86_64) == -1, "index out of range");

	/* i386: openat is 295 there, and the x86_64-only calls are absent. */
	CHECK(syscalls_by_nr(AUDIT_ARCH_I386, 295) == syscalls_by_name("openat"), "i386 openat");
	CHECK(syscalls_nr((size_t)syscalls_index_by_name("arch_prctl"), AUDIT_ARCH_I386) == 384,
	      "i386 arch_prctl");
	CHECK(syscalls_nr((size_t)syscalls_index_by_name("epoll_ctl_old"), AUDIT_ARCH_I386) == -1,
	      "epoll_ctl_old not on i386");
	/* old_mmap has a different signature on i386: its own entry (aliases.in),
	 * decided as mmap. */
	CHECK(syscalls_nr((size_t)syscalls_index_by_name("mmap"), AUDIT_ARCH_I386) == -1,
	      "i386 mmap is not the native layout");
	CHECK(syscalls_by_nr(AUDIT_ARCH_I386, 90) == NULL,
	      "i386 old_mmap has its arguments in memory: syscalls_demux");
	/* libseccomp 2.5 gives i386 socket a pseudo-number; the headers 359. */
	CHECK(syscalls_nr((size_t)syscalls_index_by_name("socket"), AUDIT_ARCH_I386) == 359,
	      "i386 socket");
	CHECK(syscalls_nr((size_t)syscalls_index_by_name("connect"), AUDIT_ARCH_I386) == 362,
	      "i386 connect");

	/* x32: numbers without __X32_SYSCALL_BIT; x32's own rt_sigaction is 512. */
	CHECK(syscalls_nr((size_t)syscalls_index_by_name("read"), SCMP_ARCH_X32) == 0, "x32 read");
	CHECK(syscalls_nr((size_t)syscalls_index_by_name("rt_sigaction"), SCMP_ARCH_X32) == 512,
	      "x32 rt_sigaction");
	CHECK(syscalls_by_nr(SCMP_ARCH_X32, 512) == syscalls_by_name("rt_sigaction"), "x32 512");
	CHECK(syscalls_by_nr(SCMP_ARCH_X32, 512 | 0x40000000) == syscalls_by_name("rt_sigaction"),
	      "x32 with the bit set");

	/* Round trips on the compat ABIs too. */
	for (size_t i = 0; i < syscall_table_len; i++) {
		long n32 = syscalls_nr(i, AUDIT_ARCH_I386), nx32 = syscalls_nr(i, SCMP_ARCH_X32);

		if (n32 >= 0)
			CHECK(syscalls_by_nr(AUDIT_ARCH_I386, n32) == &syscall_table[i], "i386 %s",
			      syscall_table[i].name);
		if (nx32 >= 0)
			CHECK(syscalls_by_nr(SCMP_ARCH_X32, nx32) == &syscall_table[i], "x32 %s",
			      syscall_table[i].name);
	}
#endif
}

static enum syscall_ctype ctype_of(const char *call, const char *arg)
{
	const struct syscall_sig *s = syscalls_by_name(call);

	for (unsigned i = 0; s && i < s->nargs; i++)
		if (strcmp(s->args[i].name, arg) == 0)
			return s->args[i].ctype;
	return (enum syscall_ctype) - 1;
}

/* From the kernel's SYSCALL_DEFINE prototypes (6.x), written here rather
 * than taken from the table, so that a wrong table fails: every argument
 * issue 19 named, and every argument a shipped policy compares. */
static const struct {
	const char *call, *arg;
	enum syscall_ctype ctype;
} proto[] = {
	{"personality", "persona", CTYPE_UINT},	   /* unsigned int personality */
	{"flock", "operation", CTYPE_UINT},	   /* unsigned int cmd */
	{"pidfd_open", "flags", CTYPE_UINT},	   /* unsigned int flags */
	{"pidfd_open", "pid", CTYPE_INT},	   /* pid_t */
	{"mlockall", "flags", CTYPE_INT},	   /* int flags */
	{"msgget", "key", CTYPE_INT},		   /* key_t */
	{"msgget", "msgflg", CTYPE_INT},	   /* int msgflg */
	{"close_range", "flags", CTYPE_UINT},	   /* unsigned int flags */
	{"close_range", "last", CTYPE_UINT},	   /* unsigned int max_fd */
	{"seccomp", "operation", CTYPE_UINT},	   /* unsigned int op */
	{"seccomp", "flags", CTYPE_UINT},	   /* unsigned int flags */
	{"socket", "domain", CTYPE_INT},	   /* int family */
	{"ioctl", "request", CTYPE_UINT},	   /* unsigned int cmd */
	{"ioctl", "arg", CTYPE_ULONG},		   /* unsigned long arg */
	{"openat", "flags", CTYPE_INT},		   /* int flags */
	{"openat", "mode", CTYPE_USHORT},	   /* umode_t */
	{"umask", "mask", CTYPE_INT},		   /* int mask */
	{"chown", "owner", CTYPE_UINT},		   /* uid_t */
	{"setuid", "uid", CTYPE_UINT},		   /* uid_t */
	{"clone", "flags", CTYPE_ULONG},	   /* unsigned long clone_flags */
	{"unshare", "flags", CTYPE_ULONG},	   /* unsigned long unshare_flags */
	{"mmap", "prot", CTYPE_ULONG},		   /* unsigned long prot */
	{"mmap", "length", CTYPE_ULONG},	   /* unsigned long len */
	{"mprotect", "prot", CTYPE_ULONG},	   /* unsigned long prot */
	{"prctl", "option", CTYPE_INT},		   /* int option */
	{"prctl", "arg2", CTYPE_ULONG},		   /* unsigned long arg2 */
	{"ptrace", "request", CTYPE_LONG},	   /* long request */
	{"kill", "pid", CTYPE_INT},		   /* pid_t */
	{"timer_delete", "timerid", CTYPE_INT},	   /* timer_t */
	{"add_key", "keyring", CTYPE_INT},	   /* key_serial_t */
	{"preadv2", "flags", CTYPE_INT},	   /* rwf_t */
	{"lseek", "offset", CTYPE_LONG},	   /* off_t */
	{"truncate", "length", CTYPE_LONG},	   /* long length */
	{"msgrcv", "msgtyp", CTYPE_LONG},	   /* long msgtyp */
	{"io_submit", "nr", CTYPE_LONG},	   /* long nr */
	{"fanotify_mark", "mask", CTYPE_ULONG},	   /* __u64 mask */
	{"getrlimit", "resource", CTYPE_UINT},	   /* unsigned int resource */
	{"sendto", "flags", CTYPE_UINT},	   /* unsigned int flags */
	{"write", "count", CTYPE_ULONG},	   /* size_t count */
	{"readlink", "bufsiz", CTYPE_INT},	   /* int bufsiz */
	{"socket", "type", CTYPE_INT},		   /* int type */
	{"socket", "protocol", CTYPE_INT},	   /* int protocol */
	{"socketpair", "domain", CTYPE_INT},	   /* int family */
	{"open", "flags", CTYPE_INT},		   /* int flags */
	{"open_by_handle_at", "flags", CTYPE_INT}, /* int flags */
	{"utimensat", "pathname", CTYPE_PTR},	   /* const char __user *filename */
};

static bool proto_says_32bit(const char *call, const char *arg)
{
	for (size_t i = 0; i < JT_ARRAY_SIZE(proto); i++)
		if (strcmp(proto[i].call, call) == 0 && strcmp(proto[i].arg, arg) == 0)
			return proto[i].ctype == CTYPE_INT || proto[i].ctype == CTYPE_UINT ||
			       proto[i].ctype == CTYPE_USHORT;
	return false;
}

/* Spot checks of the table against SYSCALL_DEFINE prototypes (kernel 6.x),
 * among them every argument issue 19 named, and the shape of every entry. */
static void test_ctypes(void)
{

	for (size_t i = 0; i < JT_ARRAY_SIZE(proto); i++)
		CHECK(ctype_of(proto[i].call, proto[i].arg) == proto[i].ctype,
		      "%s %s: C type %d, the prototype says %d", proto[i].call, proto[i].arg,
		      (int)ctype_of(proto[i].call, proto[i].arg), (int)proto[i].ctype);

	/* Native entries never use the split halves; addresses are CTYPE_PTR
	 * and nothing else is. */
	for (size_t i = 0; i < syscall_table_len; i++) {
		const struct syscall_sig *s = &syscall_table[i];

		for (unsigned a = 0; a < s->nargs; a++) {
			enum arg_type t = s->args[a].type;
			bool scalar = t == ARG_INT || t == ARG_UINT || t == ARG_HEX ||
				      t == ARG_SIZE || t == ARG_OFF || t == ARG_FD ||
				      t == ARG_DIRFD || t == ARG_MODE || t == ARG_FLAGS ||
				      t == ARG_ENUM || t == ARG_SIGNO || t == ARG_IOCTL_REQ ||
				      t == ARG_SOCKOPTNAME;

			CHECK(s->args[a].ctype <= CTYPE_PTR,
			      "%s %s: split half in the native table", s->name, s->args[a].name);
			CHECK(scalar == (s->args[a].ctype != CTYPE_PTR),
			      "%s %s: type %s, C type %d", s->name, s->args[a].name,
			      argtype_name(t), (int)s->args[a].ctype);
		}
	}
}

static void test_args_at_type(void)
{
	const struct syscall_sig *pers = syscalls_by_name("personality");
	const struct syscall_sig *sock = syscalls_by_name("socket");
	const struct syscall_sig *mm = syscalls_by_name("mmap");
	const struct syscall_sig *op = syscalls_by_name("openat");
	const struct syscall_sig *ls = syscalls_by_name("lseek");
	uint32_t x86 = AUDIT_ARCH_X86_64;
	uint64_t a[6] = {0};

	memcpy(a, (uint64_t[6]){0x100400000, 7, 8, 9, 10, 11}, sizeof(a));
	syscalls_args_at_type(pers, x86, a);
	CHECK(a[0] == 0x400000, "personality: %#llx", (unsigned long long)a[0]);
	CHECK(a[1] == 7 && a[5] == 11, "arguments past nargs are left alone");

	memcpy(a, (uint64_t[6]){0xffffffff00000002, 0xdead000000000001, 0x00000000ffffffff},
	       sizeof(a));
	syscalls_args_at_type(sock, x86, a);
	CHECK(a[0] == 2 && a[1] == 1 && a[2] == (uint64_t)-1, "socket: %#llx %#llx %#llx",
	      (unsigned long long)a[0], (unsigned long long)a[1], (unsigned long long)a[2]);

	memcpy(a,
	       (uint64_t[6]){0x7f0000001000, 0x100000000, 0x100000001, 0x2, 0xffffffff00000003,
			     0x1000},
	       sizeof(a));
	syscalls_args_at_type(mm, x86, a);
	CHECK(a[0] == 0x7f0000001000 && a[1] == 0x100000000 && a[2] == 0x100000001,
	      "mmap: unsigned long arguments untouched");
	CHECK(a[4] == 3, "mmap fd reaches fget's unsigned int: %#llx", (unsigned long long)a[4]);

	memcpy(a, (uint64_t[6]){0xffffff9c, 1, 0xdead00000040, 0x100010000 | 0644}, sizeof(a));
	syscalls_args_at_type(op, x86, a);
	CHECK(a[0] == (uint64_t)-100 && a[2] == 0x40 && a[3] == 0644,
	      "openat: dirfd %lld flags %#llx mode %#llo", (long long)a[0],
	      (unsigned long long)a[2], (unsigned long long)a[3]);

	/* i386: every register 32 bits, long sign-extended from there. */
	memcpy(a, (uint64_t[6]){0xabcd000000000003, 0xffffffff, 0x100000001}, sizeof(a));
	syscalls_args_at_type(ls, AUDIT_ARCH_I386, a);
	CHECK(a[0] == 3 && a[1] == (uint64_t)-1 && a[2] == 1, "i386 lseek: %#llx %#llx %#llx",
	      (unsigned long long)a[0], (unsigned long long)a[1], (unsigned long long)a[2]);
	memcpy(a, (uint64_t[6]){0x7f0000001000, 0x100000000}, sizeof(a));
	syscalls_args_at_type(mm, AUDIT_ARCH_I386, a);
	CHECK(a[0] == 0x1000 && a[1] == 0, "i386: pointers and unsigned longs are 32 bits");

	/* A NULL signature: nothing known, nothing changed. */
	memcpy(a, (uint64_t[6]){0xffffffff00000001}, sizeof(a));
	syscalls_args_at_type(NULL, x86, a);
	CHECK(a[0] == 0xffffffff00000001, "NULL sig");
}

/* Aliases: decided as their native entry, logged under their own name, a
 * split 64-bit value joined. */
static void test_aliases(void)
{
	for (size_t k = 0; k < syscall_alias_table_len; k++) {
		const struct syscall_alias *al = &syscall_alias_table[k];
		const struct syscall_sig *canon = &syscall_table[al->canon];

		CHECK(syscalls_index_of(&al->sig) == al->canon, "%s: index", al->sig.name);
		CHECK(al->sig.classes == canon->classes, "%s: classes of %s", al->sig.name,
		      canon->name);
		CHECK(al->arch == AUDIT_ARCH_I386 || al->arch == SCMP_ARCH_X32, "%s: arch",
		      al->sig.name);
	}
#if defined(__x86_64__)
	/* chown32 (212), truncate64 (193), _llseek (140), stat64 (195). */
	static const struct {
		long nr;
		const char *name, *native;
	} spot[] = {
		{212, "chown32", "chown"},	 {193, "truncate64", "truncate"},
		{140, "_llseek", "lseek"},	 {195, "stat64", "stat"},
		{182, "chown", "chown"},	 {221, "fcntl64", "fcntl"},
		{192, "mmap2", "mmap"},		 {142, "_newselect", "select"},
		{239, "sendfile64", "sendfile"}, {403, "clock_gettime64", "clock_gettime"},
		{359, "socket", "socket"},	 {174, "rt_sigaction", "rt_sigaction"},
	};

	for (size_t i = 0; i < JT_ARRAY_SIZE(spot); i++) {
		const struct syscall_sig *s = syscalls_by_nr(AUDIT_ARCH_I386, spot[i].nr);

		CHECK(s && strcmp(s->name, spot[i].name) == 0 &&
			      syscalls_index_of(s) == syscalls_index_by_name(spot[i].native),
		      "i386 %ld: %s, decided as %s", spot[i].nr, s ? s->name : "(none)",
		      spot[i].native);
	}

	const struct syscall_sig *t64 = syscalls_by_nr(AUDIT_ARCH_I386, 193);
	uint64_t a[6] = {0x1000, 0x00000001, 0x00000002};

	syscalls_args_at_type(t64, AUDIT_ARCH_I386, a);
	CHECK(a[1] == 0x200000001, "truncate64 length joined: %#llx", (unsigned long long)a[1]);
	/* i386 chown is the 16-bit one: owner 0x10000 is uid 0. */
	const struct syscall_sig *c16 = syscalls_by_nr(AUDIT_ARCH_I386, 182);
	uint64_t b[6] = {0x1000, 0x10000, 0x1ffff};

	syscalls_args_at_type(c16, AUDIT_ARCH_I386, b);
	CHECK(b[1] == 0 && b[2] == 0xffff, "chown16: %#llx %#llx", (unsigned long long)b[1],
	      (unsigned long long)b[2]);
#endif
}

/* i386 socketcall(call, args) is the call it names, its arguments read from
 * memory (here this process's own). */
static void test_demux(void)
{
#if defined(__x86_64__)
	/* i386 pointers are 32 bits: the block must be below 4 GiB. */
	uint32_t *block = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	const struct syscall_sig *s = NULL;
	uint64_t a[6] = {1, (uint64_t)(uintptr_t)block};
	int pid = (int)getpid();
	unsigned pa = 9;

	CHECK(block != MAP_FAILED, "mmap MAP_32BIT");
	if (block == MAP_FAILED)
		return;
	block[0] = 2;
	block[1] = 1;
	block[2] = 0;
	CHECK(syscalls_demux(&s, AUDIT_ARCH_I386, 102, a, pid, &pa) == 1, "socketcall(SYS_SOCKET)");
	CHECK(s && strcmp(s->name, "socketcall") == 0 &&
		      syscalls_index_of(s) == syscalls_index_by_name("socket"),
	      "decided as socket, logged as socketcall");
	CHECK(a[0] == 2 && a[1] == 1 && a[2] == 0, "arguments from memory");
	s = NULL;
	memcpy(a, (uint64_t[6]){99, (uint64_t)(uintptr_t)block}, sizeof(a));
	CHECK(syscalls_demux(&s, AUDIT_ARCH_I386, 102, a, pid, &pa) == 0 && !s, "unknown sub-call");
	memcpy(a, (uint64_t[6]){3, 0x10}, sizeof(a));
	CHECK(syscalls_demux(&s, AUDIT_ARCH_I386, 102, a, pid, &pa) == -EFAULT && s &&
		      syscalls_index_of(s) == syscalls_index_by_name("connect") && a[1] == 0 &&
		      pa == 1,
	      "unreadable arguments");
	/* old_mmap (90): one pointer to its six arguments. */
	s = NULL;
	memcpy(block, (uint32_t[6]){0, 4096, 7, 0x22, 0xffffffff, 0}, 6 * sizeof(uint32_t));
	memcpy(a, (uint64_t[6]){(uint64_t)(uintptr_t)block}, sizeof(a));
	CHECK(syscalls_demux(&s, AUDIT_ARCH_I386, 90, a, pid, &pa) == 1 && s &&
		      syscalls_index_of(s) == syscalls_index_by_name("mmap") && a[1] == 4096 &&
		      a[2] == 7 && a[3] == 0x22,
	      "old_mmap is mmap");
	s = NULL;
	memcpy(a, (uint64_t[6]){0x10}, sizeof(a));
	CHECK(syscalls_demux(&s, AUDIT_ARCH_I386, 90, a, pid, &pa) == -EFAULT && pa == 0,
	      "old_mmap unreadable: its pointer is argument 0");
	s = syscalls_by_name("read");
	CHECK(syscalls_demux(&s, AUDIT_ARCH_I386, 102, a, pid, &pa) == 0, "a known call is no mux");
	/* ipc (117): registers only; version 1 of msgrcv (12) in the top half. */
	s = NULL;
	memcpy(a, (uint64_t[6]){0x1000c, 5, 100, 0x800, 0x2000, 0xffffffff}, sizeof(a));
	CHECK(syscalls_demux(&s, AUDIT_ARCH_I386, 117, a, pid, &pa) == 1 && s &&
		      syscalls_index_of(s) == syscalls_index_by_name("msgrcv"),
	      "ipc(MSGRCV) is msgrcv");
	CHECK(a[0] == 5 && a[1] == 0x2000 && a[2] == 100 && a[3] == (uint64_t)-1 && a[4] == 0x800,
	      "msgrcv(first, ptr, second, fifth, third): %llx %llx %llx %llx %llx",
	      (unsigned long long)a[0], (unsigned long long)a[1], (unsigned long long)a[2],
	      (unsigned long long)a[3], (unsigned long long)a[4]);
	munmap(block, 4096);
#endif
}

/* Every number of <asm/unistd_32.h> is a table entry, an alias, or listed as
 * unsupported in aliases.in: a call added to the kernel fails here until
 * someone decides what it is (before, the i386 map silently lacked socket,
 * chown32, truncate64...). */
static void test_i386_coverage(void)
{
#if defined(__x86_64__)
	static const char *const headers[] = {"/usr/include/x86_64-linux-gnu/asm/unistd_32.h",
					      "/usr/include/asm/unistd_32.h"};
	FILE *f = NULL;
	char line[256];
	size_t n = 0;

	for (size_t i = 0; i < JT_ARRAY_SIZE(headers) && !f; i++)
		f = fopen(headers[i], "re");
	if (!f) {
		fprintf(stderr, "note: no <asm/unistd_32.h> found: i386 coverage not checked\n");
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		char name[64];
		long nr = 0;
		const struct syscall_sig *s = NULL;
		bool unsupported = false;

		if (sscanf(line, "#define __NR_%63s %ld", name, &nr) != 2)
			continue;
		n++;
		s = syscalls_by_nr(AUDIT_ARCH_I386, nr);
		for (size_t k = 0; k < syscall_unsupported_table_len; k++)
			unsupported |= syscall_unsupported_table[k].arch == AUDIT_ARCH_I386 &&
				       strcmp(syscall_unsupported_table[k].name, name) == 0;
		/* A multiplexer is known by its sub-calls. */
		for (size_t m = 0; m < syscall_mux_table_len && !s; m++) {
			const struct syscall_alias *al =
				&syscall_alias_table[syscall_mux_table[m].alias];

			if (al->arch == AUDIT_ARCH_I386 && strcmp(al->sig.name, name) == 0)
				s = &al->sig;
		}
		CHECK(s || unsupported,
		      "i386 %s (%ld) is neither in the table, an alias, nor unsupported "
		      "(src/data/aliases.in)",
		      name, nr);
		CHECK(!s || !unsupported, "i386 %s is both known and unsupported", name);
		CHECK(!s || strcmp(s->name, name) == 0, "i386 %ld is %s in the header, %s here", nr,
		      name, s ? s->name : "");
		CHECK(!s || syscalls_index_of(s) >= 0, "i386 %s decides as nothing", name);
	}
	fclose(f);
	CHECK(n > 400, "only %zu numbers read from unistd_32.h", n);
#endif
}

/* ---- high bits in 32-bit arguments change no verdict, in either layer ---- */

struct prog {
	struct sock_filter *insns;
	size_t len;
};

static int compile_prog(const struct policy *p, struct prog *ret)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int fd = memfd_create("test-syscalls", MFD_CLOEXEC);
	off_t size = 0;
	int r = ctx && fd >= 0 ? 0 : -ENOMEM;

	/* No --filter set: every decision is the pre-filter's own. */
	if (r == 0)
		r = policy_compile(p, ctx, NULL, 1);
	if (r == 0)
		r = seccomp_export_bpf(ctx, fd);
	if (r == 0) {
		size = lseek(fd, 0, SEEK_END);
		ret->len = (size_t)size / sizeof(struct sock_filter);
		ret->insns = malloc((size_t)size);
		if (!ret->insns || pread(fd, ret->insns, (size_t)size, 0) != size)
			r = -EIO;
	}
	if (fd >= 0)
		close(fd);
	if (ctx)
		seccomp_release(ctx);
	return r;
}

static uint32_t filter_verdict(const struct prog *prog, long nr, const uint64_t *args)
{
	struct seccomp_data d = {.nr = (int)nr, .arch = syscalls_native_arch()};

	memcpy(d.args, args, sizeof(d.args));
	return bpfsim_run(prog->insns, prog->len, &d);
}

static uint64_t rnd_state = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Values the shipped policies' conditions compare with, and neighbours. */
static const uint64_t values[] = {
	0,	    1,		2,	    3,		8,	    10,		16,
	40,	    0x40,	0x200,	    0x241,	0x5412,	    0x541c,	0x20000,
	0x20008,    0x400000,	0x7fffffff, 0x80000000, 0xffffffff, 0x10000000, 0x04000000,
	0x40000000, 0x20000000, 0x00020000, 0x02000000, 0x00010000,
};

static void test_garbage_bits(void)
{
	static const char *const shipped[] = {"ci-default", "docker-default", "loopback-only",
					      "no-exec",    "no-network",     "read-only-fs"};
	uint32_t native = syscalls_native_arch();
	size_t compared = 0;

	for (size_t pi = 0; pi < JT_ARRAY_SIZE(shipped); pi++) {
		struct policy p;
		struct policy_error err;
		struct prog prog = {0};
		struct syscall_set named = {{0}};
		int r = 0;

		policy_init(&p);
		r = policy_load(&p, shipped[pi], &err);
		CHECK(r == 0, "%s loads", shipped[pi]);
		if (r < 0)
			continue;
		r = compile_prog(&p, &prog);
		CHECK(r == 0, "%s compiles: %d", shipped[pi], r);
		for (size_t i = 0; i < p.n_rules; i++)
			for (size_t w = 0; w < SYSCALL_SET_WORDS; w++)
				named.bits[w] |= p.rules[i].targets.bits[w];
		for (size_t i = 0; r == 0 && i < syscall_table_len; i++) {
			const struct syscall_sig *sig = &syscall_table[i];
			long nr = syscalls_nr(i, native);

			if (!syscall_set_has(&named, i) || nr < 0)
				continue;
			for (int round = 0; round < 64; round++) {
				uint64_t clean[6] = {0}, dirty[6] = {0};
				struct policy_verdict vc, vd;
				uint32_t fc = 0, fd = 0;

				for (unsigned a = 0; a < 6; a++) {
					/* Pointers stay NULL: memory conditions read
					 * nothing either way. */
					if (a < sig->nargs && sig->args[a].ctype == CTYPE_PTR)
						continue;
					clean[a] = values[rnd() % JT_ARRAY_SIZE(values)];
				}
				syscalls_args_at_type(sig, native, clean);
				memcpy(dirty, clean, sizeof(dirty));
				/* 32-bit as the table says, or as the prototypes
				 * above say (so that a wrong table fails here too). */
				for (unsigned a = 0; a < sig->nargs; a++)
					if (syscalls_arg_is_32bit(sig, (int)a) ||
					    proto_says_32bit(sig->name, sig->args[a].name))
						dirty[a] = (rnd() << 32) | (uint32_t)clean[a] |
							   (sig->args[a].ctype == CTYPE_USHORT
								    ? (rnd() & 0xffff0000u)
								    : 0);
				/* The tracer: the raw registers and the reduced ones. */
				policy_decide(&p, sig, clean, NULL, &vc);
				policy_decide(&p, sig, dirty, NULL, &vd);
				CHECK(vc.action == vd.action && vc.rule == vd.rule,
				      "%s: %s: high bits change the tracer's verdict (%d -> %d)",
				      shipped[pi], sig->name, (int)vc.action, (int)vd.action);
				syscalls_args_at_type(sig, native, dirty);
				CHECK(memcmp(dirty, clean, sizeof(clean)) == 0,
				      "%s: %s: at_type does not undo the garbage", shipped[pi],
				      sig->name);
				/* The kernel pre-filter, on the raw registers. */
				for (unsigned a = 0; a < sig->nargs; a++)
					if (syscalls_arg_is_32bit(sig, (int)a) ||
					    proto_says_32bit(sig->name, sig->args[a].name))
						dirty[a] |= rnd() << 32;
				/* What the program gets: the pre-filter's ALLOW, or the
				 * tracer's verdict when it stops the call (on the
				 * registers reduced at their C type, as tracer.c does).
				 * Garbage may make the pre-filter stop a call it would
				 * let through (the tracer then allows it): never the
				 * reverse. */
				fc = filter_verdict(&prog, nr, clean);
				fd = filter_verdict(&prog, nr, dirty);
				CHECK(vc.action == POLICY_ALLOW || fc != SECCOMP_RET_ALLOW,
				      "%s: %s: the pre-filter lets through a call the policy "
				      "refuses",
				      shipped[pi], sig->name);
				if (fd != SECCOMP_RET_ALLOW) {
					syscalls_args_at_type(sig, native, dirty);
					policy_decide(&p, sig, dirty, NULL, &vd);
				} else {
					vd.action = POLICY_ALLOW;
				}
				CHECK((fc == SECCOMP_RET_ALLOW ? POLICY_ALLOW : vc.action) ==
					      vd.action,
				      "%s: %s: high bits change the verdict (pre-filter %#x -> "
				      "%#x)",
				      shipped[pi], sig->name, fc, fd);
				compared++;
			}
		}
		free(prog.insns);
		policy_free(&p);
	}
	CHECK(compared > 1000, "only %zu calls compared", compared);
}

int main(void)
{
	test_table_sorted_unique();
	test_arg_types();
	test_spot_checks();
	test_arch_names();
	test_numbers();
	test_ctypes();
	test_args_at_type();
	test_aliases();
	test_i386_coverage();
	test_demux();
	/* Shipped policies come from the source tree, whatever the environment. */
	setenv("JTRACE_POLICY_PATH", JTRACE_SRC_POLICYDIR, 1);
	test_garbage_bits();
	return check_exit_status("test-syscalls");
}
