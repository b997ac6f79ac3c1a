/* atk-floor-clone3: the clone3 CLONE_UNTRACED race (issue 19, item 7).
 * clone3 takes its flags in memory: while the main thread calls clone3, a
 * sibling thread sets CLONE_UNTRACED in that memory in a loop, so that a
 * tracer clearing it with POKEDATA at the stop is undone before the kernel
 * reads it.  When clone3 fails with ENOSYS the program falls back to
 * clone(CLONE_UNTRACED | SIGCHLD), as libc does (the flag in a register).
 *
 * Each child appends its pid to FILE (one line), makes one
 * getsockname(-1) and sleeps 2 s before it exits, raw calls only; an
 * untraced child would outlive its tracer.  The parent does not wait.
 *
 * Usage: atk-floor-clone3 FILE TRIES
 *
 * Prints "clone3 ENOSYS N" (how many clone3 calls failed with ENOSYS),
 * "clone3 ok N", "clone ok N"; exits 0.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static struct clone_args ca;
static volatile int stop_flipping;

static void *flipper(void *arg)
{
	volatile __u64 *flags = &ca.flags;

	(void)arg;
	while (!stop_flipping)
		*flags |= CLONE_UNTRACED;
	return NULL;
}

static void child(int fd)
{
	char line[24];
	long pid = syscall(SYS_getpid);
	int n = 0;
	struct timespec ts = {.tv_sec = 2, .tv_nsec = 0};

	/* Decimal by hand: no stdio in a child of a threaded parent. */
	char digits[20];
	int k = 0;

	do {
		digits[k++] = (char)('0' + pid % 10);
		pid /= 10;
	} while (pid > 0 && k < 20);
	while (k > 0)
		line[n++] = digits[--k];
	line[n++] = '\n';
	syscall(SYS_write, fd, line, n);
	syscall(SYS_getsockname, -1, NULL, NULL);
	syscall(SYS_nanosleep, &ts, NULL);
	syscall(SYS_exit_group, 0);
}

int main(int argc, char **argv)
{
	pthread_t th;
	long tries = 0;
	unsigned enosys = 0, ok3 = 0, ok = 0;
	int fd = -1;

	if (argc != 3)
		errx(2, "usage: atk-floor-clone3 FILE TRIES");
	tries = strtol(argv[2], NULL, 10);
	fd = open(argv[1], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		err(1, "%s", argv[1]);
	if (pthread_create(&th, NULL, flipper, NULL) != 0)
		errx(1, "pthread_create");
	for (long i = 0; i < tries; i++) {
		long pid = 0;

		ca.flags = 0;
		ca.exit_signal = SIGCHLD;
		pid = syscall(SYS_clone3, &ca, sizeof(ca));
		if (pid == 0)
			child(fd);
		if (pid > 0) {
			ok3++;
			continue;
		}
		if (errno != ENOSYS)
			err(1, "clone3");
		enosys++;
		pid = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, NULL, NULL, 0);
		if (pid == 0)
			child(fd);
		if (pid < 0)
			err(1, "clone");
		ok++;
	}
	stop_flipping = 1;
	pthread_join(th, NULL);
	printf("clone3 ENOSYS %u\nclone3 ok %u\nclone ok %u\n", enosys, ok3, ok);
	return 0;
}
