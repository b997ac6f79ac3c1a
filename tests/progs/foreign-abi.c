/* foreign-abi: makes getpid through an ABI other than the native x86_64
 * one, which a seccomp filter written for x86_64 alone would let through:
 *   int80   the i386 entry, `int $0x80` with eax = 20 (i386 getpid)
 *   x32     the x32 entry, `syscall` with nr = 39 | __X32_SYSCALL_BIT
 *   int80-clone-untraced
 *           i386 clone (120) through `int $0x80` with CLONE_UNTRACED|SIGCHLD
 *           in ebx; the child makes 3 getsockname(-1) calls (native) and
 *           exits 0; the parent waits and prints "int80-clone-untraced
 *           child PID"
 *
 * Usage: foreign-abi int80|x32|int80-clone-untraced
 *
 * Prints "MODE = RET" (the raw return value: the pid, or -ENOSYS when the
 * kernel lacks that ABI) and exits 0.  A kernel without IA32 emulation
 * kills the int80 call with SIGSEGV.  x86_64 only (exits 77 elsewhere).
 */
#include <err.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *mode = argc == 2 ? argv[1] : "";
	long r = -1;

#if defined(__x86_64__)
	if (strcmp(mode, "int80") == 0) {
		long nr = 20;

		__asm__ volatile("int $0x80" : "=a"(r) : "0"(nr) : "memory", "r8", "r9", "r10", "r11");
	} else if (strcmp(mode, "x32") == 0) {
		long nr = 39 | 0x40000000L;

		__asm__ volatile("syscall" : "=a"(r) : "0"(nr) : "memory", "rcx", "r11");
	} else if (strcmp(mode, "int80-clone-untraced") == 0) {
		long nr = 120, flags = CLONE_UNTRACED | SIGCHLD, zero = 0;
		int status = 0;

		fflush(stdout);
		__asm__ volatile("int $0x80"
				 : "=a"(r)
				 : "0"(nr), "b"(flags), "c"(zero), "d"(zero), "S"(zero), "D"(zero)
				 : "memory", "r8", "r9", "r10", "r11");
		if (r == 0) {
			for (int i = 0; i < 3; i++)
				syscall(SYS_getsockname, -1, NULL, NULL);
			_exit(0);
		}
		if (r > 0) {
			if (waitpid((pid_t)r, &status, 0) < 0)
				err(1, "waitpid");
			printf("%s child %ld\n", mode, r);
			return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
		}
	} else {
		errx(2, "usage: foreign-abi int80|x32|int80-clone-untraced");
	}
	printf("%s = %ld\n", mode, r);
	return 0;
#else
	(void)mode;
	(void)r;
	printf("not x86_64\n");
	return 77;
#endif
}
