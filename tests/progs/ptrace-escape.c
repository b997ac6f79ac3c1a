/* ptrace-escape: a traced program tries to leave its tracer or to trace
 * others with ptrace, each with a raw call:
 *   PTRACE_TRACEME                      (already traced: EPERM)
 *   PTRACE_DETACH of itself             (it is not its own tracee: ESRCH)
 *   PTRACE_ATTACH of its child          (the child is traced: EPERM)
 *   PTRACE_SEIZE of its child           (EPERM)
 * and then makes 2 getsockname(-1) calls (class net), which the tracer must
 * still see.  With the argument "parent", instead:
 *   PTRACE_ATTACH of its parent         (the parent is jtrace-run itself,
 *                                        or its init under --ns: EPERM
 *                                        expected; if it works, the parent
 *                                        is detached again after 2 s)
 *
 * Usage: ptrace-escape [parent]
 *
 * Prints one line per attempt, "NAME = RET ERRNO", then "child C" and
 * "after 2"; exits 0.
 */
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *name, long r)
{
	printf("%s = %ld %s\n", name, r, r < 0 ? strerrorname_np(errno) : "");
	fflush(stdout);
}

/* An attach that should have failed worked: let the process go again (wait
 * up to 2 s for its stop, detach, and SIGCONT it in case it stays stopped). */
static void undo_attach(pid_t pid)
{
	for (int i = 0; i < 200; i++) {
		if (waitpid(pid, NULL, WNOHANG | __WALL) == pid)
			break;
		usleep(10000);
	}
	syscall(SYS_ptrace, PTRACE_DETACH, pid, 0, 0);
	kill(pid, SIGCONT);
}

int main(int argc, char **argv)
{
	int pfd[2] = {-1, -1};
	char c = 0;
	pid_t pid = -1;
	long r = 0;

	if (argc > 1 && strcmp(argv[1], "parent") == 0) {
		r = syscall(SYS_ptrace, PTRACE_ATTACH, getppid(), 0, 0);
		report("attach-parent", r);
		if (r == 0)
			undo_attach(getppid());
		return 0;
	}
	if (pipe(pfd) < 0)
		err(1, "pipe");
	pid = fork();
	if (pid < 0)
		err(1, "fork");
	if (pid == 0) {
		close(pfd[1]);
		/* Sleep until the parent closes the pipe. */
		(void)!read(pfd[0], &c, 1);
		_exit(0);
	}
	close(pfd[0]);
	report("traceme", syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0));
	report("detach-self", syscall(SYS_ptrace, PTRACE_DETACH, getpid(), 0, 0));
	r = syscall(SYS_ptrace, PTRACE_ATTACH, pid, 0, 0);
	report("attach-child", r);
	if (r == 0)
		undo_attach(pid);
	r = syscall(SYS_ptrace, PTRACE_SEIZE, pid, 0, 0);
	report("seize-child", r);
	if (r == 0)
		syscall(SYS_ptrace, PTRACE_DETACH, pid, 0, 0);
	printf("child %d\n", (int)pid);
	close(pfd[1]);
	waitpid(pid, NULL, 0);
	for (int i = 0; i < 2; i++)
		syscall(SYS_getsockname, -1, NULL, NULL);
	printf("after 2\n");
	return 0;
}
