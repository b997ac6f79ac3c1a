/* atk-floor-retdata: the program stacks a seccomp filter of its own that
 * returns SECCOMP_RET_TRACE | 0x7 for every call.  When two filters both
 * return TRACE the kernel reports the newest filter's data, so a tracer
 * that decided from SECCOMP_RET_DATA would take every later stop for one
 * it did not ask for (issue 19, item 2).  Then:
 *   log            3 getsockname(-1) calls (class net: selected by
 *                  --filter=net and by the default "all")
 *   int80-socket   socket(AF_INET, SOCK_STREAM, 0) through int 0x80 (i386
 *                  socket, 359): under a policy the foreign-ABI floor
 *                  kills the program
 *
 * Usage: atk-floor-retdata MODE
 *
 * Prints "install = RET ERRNO", then "getsockname x3" or
 * "int80-socket = RET" (the raw return value); exits 0.
 */
#include <err.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sock_filter trace7[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 0x7),
	};
	struct sock_fprog prog = {.len = 1, .filter = trace7};
	const char *mode = argc == 2 ? argv[1] : "";
	long r = 0;

	if (strcmp(mode, "log") != 0 && strcmp(mode, "int80-socket") != 0)
		errx(2, "usage: atk-floor-retdata log|int80-socket");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		err(1, "PR_SET_NO_NEW_PRIVS");
	r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
	printf("install = %ld %s\n", r, r < 0 ? strerrorname_np(errno) : "");
	fflush(stdout);
	if (strcmp(mode, "log") == 0) {
		for (int i = 0; i < 3; i++)
			syscall(SYS_getsockname, -1, NULL, NULL);
		printf("getsockname x3\n");
		return 0;
	}
#if defined(__x86_64__)
	{
		long nr = 359, domain = 2, type = 1, proto = 0;

		__asm__ volatile("int $0x80"
				 : "=a"(r)
				 : "0"(nr), "b"(domain), "c"(type), "d"(proto)
				 : "memory", "r8", "r9", "r10", "r11");
	}
	printf("int80-socket = %ld\n", r);
	return 0;
#else
	printf("not x86_64\n");
	return 77;
#endif
}
