/* exec-chain: a process that execs itself N times in a row (the same pid
 * runs N+1 program images), each image making one getsockname(-1) call
 * (class net, EBADF) before the next exec.
 *
 * Usage: exec-chain N          N in 0..100000
 *
 * The first image prints "chain pid P links N"; the last (N == 0) prints
 * "chain end pid P".  Exits 0; 1 when an exec failed or the pid changed.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char next[32], pidbuf[32];
	char *end = NULL;
	long n = 0, first_pid = 0;

	if (argc != 2 && argc != 3)
		errx(2, "usage: exec-chain N");
	errno = 0;
	n = strtol(argv[1], &end, 10);
	if (*argv[1] == '\0' || *end != '\0' || errno != 0 || n < 0 || n > 100000)
		errx(2, "bad count: %s", argv[1]);
	/* argv[2]: the pid of the first image, carried along the chain. */
	if (argc == 3) {
		first_pid = strtol(argv[2], &end, 10);
		if (first_pid != (long)getpid())
			errx(1, "pid changed across exec: %ld -> %d", first_pid, (int)getpid());
	} else {
		first_pid = (long)getpid();
		printf("chain pid %ld links %ld\n", first_pid, n);
		fflush(stdout);
	}
	(void)syscall(SYS_getsockname, -1, NULL, NULL);
	if (n == 0) {
		printf("chain end pid %d\n", (int)getpid());
		return 0;
	}
	snprintf(next, sizeof(next), "%ld", n - 1);
	snprintf(pidbuf, sizeof(pidbuf), "%ld", first_pid);
	execl("/proc/self/exe", argv[0], next, pidbuf, (char *)NULL);
	err(1, "execl");
}
