/* foreign-abi: makes getpid through an ABI other than the native x86_64
 * one, which a seccomp filter written for x86_64 alone would let through:
 *   int80   the i386 entry, `int $0x80` with eax = 20 (i386 getpid)
 *   x32     the x32 entry, `syscall` with nr = 39 | __X32_SYSCALL_BIT
 *
 * Usage: foreign-abi int80|x32
 *
 * Prints "MODE = RET" (the raw return value: the pid, or -ENOSYS when the
 * kernel lacks that ABI) and exits 0.  A kernel without IA32 emulation
 * kills the int80 call with SIGSEGV.  x86_64 only (exits 77 elsewhere).
 */
#include <err.h>
#include <stdio.h>
#include <string.h>
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
	} else {
		errx(2, "usage: foreign-abi int80|x32");
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
