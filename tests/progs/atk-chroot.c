/* atk-chroot: chroot into DIR (in a user namespace of its own when not
 * root), then open PATH for writing with O_CREAT, and print the outcome:
 *   atk-chroot DIR PATH [CWD]
 * With CWD the program chdirs there (inside the new root) first and PATH
 * may be relative.  Issue 19 item 5: a policy that judges PATH against the
 * tracer's root instead of the program's lets the write land in DIR.
 * CWD "@cwd" or "@dirfd": "/" is opened before the chroot and the program
 * fchdirs there (a cwd outside its root) or opens PATH relative to it
 * (openat); the kernel's ".." still stops at DIR when the walk reaches it. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fd = -1, dfd = AT_FDCWD, outside = -1;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: atk-chroot DIR PATH [CWD]\n");
		return 2;
	}
	if (geteuid() != 0 && unshare(CLONE_NEWUSER) < 0) {
		printf("unshare = -1 %s\n", strerrorname_np(errno));
		return 77;
	}
	if (argc == 4 && argv[3][0] == '@' && (outside = open("/", O_PATH | O_DIRECTORY)) < 0) {
		printf("open(\"/\") = -1 %s\n", strerrorname_np(errno));
		return 77;
	}
	if (chroot(argv[1]) < 0) {
		printf("chroot = -1 %s\n", strerrorname_np(errno));
		return 77;
	}
	if (outside >= 0 && strcmp(argv[3], "@cwd") == 0) {
		if (fchdir(outside) < 0) {
			printf("fchdir = -1 %s\n", strerrorname_np(errno));
			return 1;
		}
	} else if (outside >= 0) {
		dfd = outside;
	} else if (chdir(argc == 4 ? argv[3] : "/") < 0) {
		printf("chdir = -1 %s\n", strerrorname_np(errno));
		return 1;
	}
	fd = openat(dfd, argv[2], O_WRONLY | O_CREAT, 0644);
	if (fd < 0)
		printf("open = -1 %s\n", strerrorname_np(errno));
	else
		printf("open = %d\n", fd);
	return 0;
}
