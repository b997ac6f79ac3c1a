/* atk-floor-ptrace: a traced program tries to become the tracer of its
 * own child (issue 19, item 15): it starts a child (clone3 while a sibling
 * thread sets CLONE_UNTRACED, as in atk-floor-clone3; fork when clone3
 * fails), PTRACE_SEIZEs it with TRACESECCOMP and resumes each of its stops
 * itself, so that the child's calls would never reach jtrace.  While the
 * seize fails and clone3 works, the child is killed and the race tried
 * again, up to 100 times.  The child
 * waits for a byte on a pipe, then makes socket(AF_INET, SOCK_STREAM, 0)
 * and execve("/bin/sh", "-c", "echo child-exec-ran").
 *
 * Usage: atk-floor-ptrace
 *
 * Prints "seize = RET ERRNO", the child's "child socket = RET ERRNO" and,
 * when its execve returns, "child execve = RET ERRNO" (or the shell's
 * "child-exec-ran"); exits 0 once the child is gone.
 */
#include <err.h>
#include <errno.h>
#include <linux/sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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

static void report(const char *name, long r)
{
	printf("%s = %ld %s\n", name, r, r < 0 ? strerrorname_np(errno) : "");
	fflush(stdout);
}

static void child(int rfd)
{
	char c = 0;
	char *const args[] = {"/bin/sh", "-c", "echo child-exec-ran", NULL};

	if (read(rfd, &c, 1) != 1)
		_exit(1);
	report("child socket", syscall(SYS_socket, AF_INET, SOCK_STREAM, 0));
	report("child execve", syscall(SYS_execve, "/bin/sh", args, NULL));
	_exit(0);
}

/* A child from clone3 raced against the flipper; from fork once clone3
 * fails.  Sets *used_clone3. */
static long start_child(int rfd, int *used_clone3)
{
	pthread_t th;
	long pid = -1;

	stop_flipping = 0;
	memset(&ca, 0, sizeof(ca));
	ca.exit_signal = SIGCHLD;
	if (pthread_create(&th, NULL, flipper, NULL) != 0)
		errx(1, "pthread_create");
	usleep(1000);
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0)
		child(rfd);
	stop_flipping = 1;
	pthread_join(th, NULL);
	*used_clone3 = pid > 0;
	if (pid < 0) {
		pid = fork();
		if (pid == 0)
			child(rfd);
	}
	if (pid < 0)
		err(1, "fork");
	return pid;
}

int main(void)
{
	int pfd[2] = {-1, -1};
	long pid = -1, r = -1;
	int status = 0, used_clone3 = 0;

	if (pipe(pfd) < 0)
		err(1, "pipe");
	fflush(stdout);
	for (int i = 0; i < 100; i++) {
		pid = start_child(pfd[0], &used_clone3);
		r = syscall(SYS_ptrace, PTRACE_SEIZE, pid, 0,
			    PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL);
		if (r == 0 || !used_clone3)
			break;
		kill((pid_t)pid, SIGKILL);
		waitpid((pid_t)pid, NULL, 0);
	}
	report("seize", r);
	if (write(pfd[1], "x", 1) != 1)
		err(1, "write");
	for (;;) {
		if (waitpid((pid_t)pid, &status, __WALL) < 0)
			break;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		if (r == 0)
			syscall(SYS_ptrace, PTRACE_CONT, pid, 0, 0);
	}
	return 0;
}
