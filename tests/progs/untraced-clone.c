/* untraced-clone: starts a child the ways that could keep it out of a
 * tracer's sight, with raw system calls (no libc wrapper can change the
 * flags):
 *   clone-untraced    clone(CLONE_UNTRACED | SIGCHLD)
 *   clone3            clone3({.exit_signal = SIGCHLD})
 *   clone3-untraced   clone3({.flags = CLONE_UNTRACED, .exit_signal = SIGCHLD})
 *
 * Usage: untraced-clone MODE
 *
 * The child makes 3 getsockname(-1) calls (class net, EBADF) and exits 0
 * with raw calls only.  The parent prints "MODE child C" (C: the child's
 * pid as clone returned it), or "MODE unsupported ERRNO" and exits 77 when
 * the kernel lacks the call; it exits with the child's status (0).
 */
#include <err.h>
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void child(void)
{
	for (int i = 0; i < 3; i++)
		syscall(SYS_getsockname, -1, NULL, NULL);
	syscall(SYS_exit_group, 0);
}

int main(int argc, char **argv)
{
	struct clone_args ca;
	const char *mode = argc == 2 ? argv[1] : "";
	long pid = -1;
	int status = 0;

	memset(&ca, 0, sizeof(ca));
	ca.exit_signal = SIGCHLD;
	fflush(stdout);
	if (strcmp(mode, "clone-untraced") == 0) {
		/* x86_64 argument order: flags, stack, parent_tid, child_tid, tls;
		 * stack 0: the child runs on a copy of this stack, like fork. */
		pid = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, NULL, NULL, 0);
	} else if (strcmp(mode, "clone3") == 0) {
		pid = syscall(SYS_clone3, &ca, sizeof(ca));
	} else if (strcmp(mode, "clone3-untraced") == 0) {
		ca.flags = CLONE_UNTRACED;
		pid = syscall(SYS_clone3, &ca, sizeof(ca));
	} else {
		errx(2, "usage: untraced-clone clone-untraced|clone3|clone3-untraced");
	}
	if (pid == 0)
		child();
	if (pid < 0) {
		if (errno == ENOSYS) {
			printf("%s unsupported %s\n", mode, strerrorname_np(errno));
			return 77;
		}
		err(1, "%s", mode);
	}
	printf("%s child %ld\n", mode, pid);
	if (waitpid((pid_t)pid, &status, 0) < 0)
		err(1, "waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
