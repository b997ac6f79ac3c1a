/* sig-blocker: a program that blocks every signal it can, then makes calls
 * while signals aimed at it stay pending; the tracer must neither hang nor
 * lose the calls, and must not deliver a blocked signal.
 *
 * Usage: sig-blocker C [SECONDS]
 *
 * Blocks all signals (sigfillset), raises SIGUSR1, SIGTERM and SIGINT
 * (which stay pending), forks a child that exits at once (its SIGCHLD stays
 * pending too), makes C getsockname(-1) calls (class net, EBADF), then, when
 * SECONDS is given, sleeps that long (the test kills it with SIGKILL, which
 * cannot be blocked).  Prints "blocked pid P", then "pending USR1 TERM INT
 * CHLD calls N" and exits 0 when all four are still pending; 1 otherwise.
 */
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	sigset_t all, pending;
	long calls = argc > 1 ? strtol(argv[1], NULL, 10) : 10, done = 0;
	pid_t pid = -1;
	int ok = 1;

	sigfillset(&all);
	if (sigprocmask(SIG_BLOCK, &all, NULL) < 0)
		err(1, "sigprocmask");
	printf("blocked pid %d\n", (int)getpid());
	fflush(stdout);
	raise(SIGUSR1);
	raise(SIGTERM);
	raise(SIGINT);
	pid = fork();
	if (pid < 0)
		err(1, "fork");
	if (pid == 0)
		_exit(0);
	/* Reap without consuming SIGCHLD (it stays pending). */
	if (waitpid(pid, NULL, 0) < 0)
		err(1, "waitpid");
	for (long i = 0; i < calls; i++)
		if (syscall(SYS_getsockname, -1, NULL, NULL) == -1 && errno == EBADF)
			done++;
	if (sigpending(&pending) < 0)
		err(1, "sigpending");
	ok = sigismember(&pending, SIGUSR1) && sigismember(&pending, SIGTERM) &&
	     sigismember(&pending, SIGINT) && sigismember(&pending, SIGCHLD);
	printf("pending%s%s%s%s calls %ld\n", sigismember(&pending, SIGUSR1) ? " USR1" : "",
	       sigismember(&pending, SIGTERM) ? " TERM" : "",
	       sigismember(&pending, SIGINT) ? " INT" : "",
	       sigismember(&pending, SIGCHLD) ? " CHLD" : "", done);
	fflush(stdout);
	if (argc > 2) {
		struct timespec ts = {strtol(argv[2], NULL, 10), 0};

		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
	return ok && done == calls ? 0 : 1;
}
