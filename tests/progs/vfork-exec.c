/* vfork-exec: vfork()s a child that execs this program again, so the tracer
 * sees PTRACE_EVENT_VFORK (a "vfork" fork record) and then the exec.
 *
 * Usage: vfork-exec          vfork, child execs "vfork-exec child", wait
 *        vfork-exec child    socket(AF_UNIX, SOCK_DGRAM), print, exit 0
 *
 * Prints "parent pid P child C" and, from the child, "child pid C socket FD".
 */
#include <err.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status = 0, fd = -1;
	pid_t pid = -1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			err(1, "socket");
		printf("child pid %d socket %d\n", (int)getpid(), fd);
		return 0;
	}
	pid = vfork();
	if (pid < 0)
		err(1, "vfork");
	if (pid == 0) {
		/* Only exec or _exit are allowed in a vfork child. */
		execl("/proc/self/exe", argv[0], "child", (char *)NULL);
		_exit(127);
	}
	printf("parent pid %d child %d\n", (int)getpid(), (int)pid);
	if (waitpid(pid, &status, 0) != pid)
		err(1, "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		errx(1, "child failed (status 0x%x)", status);
	return 0;
}
