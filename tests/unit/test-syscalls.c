/* test-syscalls: the generated signature table (src/data/syscalls.in) and the
 * lookups of src/syscalls.c: sortedness, types and xlat lists, numbers on
 * the running architecture, and round trips name -> index -> nr -> entry. */
#include <linux/audit.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include "jtrace/syscalls.h"

extern const long syscall_hdr_nr[];

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
	/* old_mmap has a different signature on i386. */
	CHECK(syscalls_nr((size_t)syscalls_index_by_name("mmap"), AUDIT_ARCH_I386) == -1,
	      "i386 mmap skipped");

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

int main(void)
{
	test_table_sorted_unique();
	test_arg_types();
	test_spot_checks();
	test_arch_names();
	test_numbers();
	return check_exit_status("test-syscalls");
}
