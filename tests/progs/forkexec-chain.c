/* forkexec-chain: a chain of processes, each forking a child that execs this
 * program again one level deeper, so tests can match fork and exec records
 * against pids the program reports itself.
 *
 * Usage: forkexec-chain [DEPTH [LEVEL]]   (DEPTH defaults to 3, LEVEL to 0)
 *
 * Every level prints "level L pid P ppid Q" (from getpid/getppid).  A level
 * below DEPTH forks; the child execs /proc/self/exe DEPTH L+1 and the parent
 * waits for it.  The last level (L == DEPTH) makes one traced call of each
 * of two classes: socket(AF_UNIX, SOCK_DGRAM) (net) and
 * openat("/dev/null") (file), and prints "last pid P socket FD".
 * Exits 0 when every level succeeded.
 */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static long parse_level(const char *s)
{
	char *end = NULL;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0 || v > 64)
		errx(2, "bad level: %s", s);
	return v;
}

int main(int argc, char **argv)
{
	long depth = argc > 1 ? parse_level(argv[1]) : 3;
	long level = argc > 2 ? parse_level(argv[2]) : 0;
	char depth_s[24], next_s[24];
	int status = 0, sfd = -1, nfd = -1;
	pid_t pid = -1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("level %ld pid %d ppid %d\n", level, (int)getpid(), (int)getppid());

	if (level >= depth) {
		sfd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (sfd < 0)
			err(1, "socket");
		nfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (nfd < 0)
			err(1, "open /dev/null");
		printf("last pid %d socket %d\n", (int)getpid(), sfd);
		close(nfd);
		close(sfd);
		return 0;
	}

	snprintf(depth_s, sizeof(depth_s), "%ld", depth);
	snprintf(next_s, sizeof(next_s), "%ld", level + 1);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		err(1, "fork");
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], depth_s, next_s, (char *)NULL);
		err(127, "exec /proc/self/exe");
	}
	if (waitpid(pid, &status, 0) != pid)
		err(1, "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		errx(1, "level %ld: child failed (status 0x%x)", level + 1, status);
	return 0;
}
