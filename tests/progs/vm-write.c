/* vm-write: writes into another process's memory with process_vm_writev
 * (same uid, so the kernel allows it unless a policy denies the call).
 *
 * Usage: vm-write
 *
 * Forks a child holding `target = 1` that waits on a pipe; the parent
 * writes 42 into the child's `target` with process_vm_writev, then lets the
 * child look.  Prints "process_vm_writev = RET ERRNO" and, from the child,
 * "child saw N"; exits 0 (the test judges from the output and the log).
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int target = 1;

int main(void)
{
	int pfd[2] = {-1, -1}, value = 42, status = 0;
	struct iovec local = {.iov_base = &value, .iov_len = sizeof(value)};
	struct iovec remote = {.iov_base = (void *)&target, .iov_len = sizeof(target)};
	char c = 0;
	pid_t pid = -1;
	long r = 0;

	if (pipe(pfd) < 0)
		err(1, "pipe");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		err(1, "fork");
	if (pid == 0) {
		close(pfd[1]);
		(void)!read(pfd[0], &c, 1);
		printf("child saw %d\n", target);
		fflush(stdout);
		_exit(0);
	}
	close(pfd[0]);
	r = syscall(SYS_process_vm_writev, pid, &local, 1, &remote, 1, 0);
	printf("process_vm_writev = %ld %s\n", r, r < 0 ? strerrorname_np(errno) : "");
	fflush(stdout);
	close(pfd[1]);
	if (waitpid(pid, &status, 0) < 0)
		err(1, "waitpid");
	return 0;
}
