/* rv3-chroot: a sequence of steps, then report.  Steps:
 *   userns          unshare(CLONE_NEWUSER) when not root
 *   dirfd:PATH      open PATH O_PATH|O_DIRECTORY as the dirfd for open steps
 *   chroot:DIR      chroot(DIR) (no chdir)
 *   chdir:DIR       chdir(DIR)
 *   fchdir          fchdir(dirfd)
 *   open:PATH       openat(dirfd or AT_FDCWD, PATH, O_WRONLY|O_CREAT)
 *   bindu:PATH      bind an AF_UNIX socket at PATH
 *   mkdir:PATH      mkdirat(dirfd, PATH)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

int main(int argc, char **argv)
{
	int dfd = AT_FDCWD;
	for (int i = 1; i < argc; i++) {
		char *a = argv[i], *v = strchr(a, ':');
		int r = 0;
		if (v) *v++ = 0;
		if (!strcmp(a, "userns")) r = geteuid() ? unshare(CLONE_NEWUSER) : 0;
		else if (!strcmp(a, "dirfd")) r = dfd = open(v, O_PATH | O_DIRECTORY);
		else if (!strcmp(a, "chroot")) r = chroot(v);
		else if (!strcmp(a, "chdir")) r = chdir(v);
		else if (!strcmp(a, "fchdir")) r = fchdir(dfd);
		else if (!strcmp(a, "open")) r = openat(dfd, v, O_WRONLY | O_CREAT, 0644);
		else if (!strcmp(a, "mkdir")) r = mkdirat(dfd, v, 0755);
		else if (!strcmp(a, "bindu")) {
			struct sockaddr_un sa = {.sun_family = AF_UNIX};
			int s = socket(AF_UNIX, SOCK_STREAM, 0);
			strncpy(sa.sun_path, v, sizeof(sa.sun_path) - 1);
			r = bind(s, (struct sockaddr *)&sa, sizeof(sa));
		}
		printf("%s:%s = %d %s\n", a, v ? v : "", r, r < 0 ? strerrorname_np(errno) : "");
		if (r < 0 && strcmp(a, "open") && strcmp(a, "bindu") && strcmp(a, "mkdir")) return 77;
	}
	return 0;
}
