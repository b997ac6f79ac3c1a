/* syscall-loop: N cheap, non-network system calls (getppid through
 * syscall(2), which glibc never caches), for benchmarks and for tests that
 * count records of one call.
 *
 * Usage: syscall-loop [N]   (default 1000000)
 *
 * Prints "calls N" and exits 0.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = 1000000;
	char *end = NULL;

	if (argc > 1) {
		n = strtol(argv[1], &end, 10);
		if (*argv[1] == '\0' || *end != '\0' || n < 0)
			errx(2, "bad count: %s", argv[1]);
	}
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	printf("calls %ld\n", n);
	return 0;
}
