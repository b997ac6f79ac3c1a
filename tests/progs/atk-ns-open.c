/* atk-ns-open: the probes of issue 19 items 10 and 16.  Tries to open each
 * path as asked, without ever writing, so that a sandbox that fails the
 * test changes nothing on the host:
 *   w:PATH  open O_WRONLY (a sysctl or sysfs file: opening is the check)
 *   r:PATH  open O_RDONLY (a block device)
 *   c:PATH  create O_CREAT|O_EXCL, and unlink it again at once
 *
 * Usage: atk-ns-open SPEC...
 *
 * Prints "SPEC = 0" when the open succeeded, "SPEC = ERRNO-NAME" when it
 * failed; exits 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *spec = argv[i];
		const char *path = spec + 2;
		int flags = O_RDONLY;
		int fd = -1;

		if (strlen(spec) < 3 || spec[1] != ':') {
			printf("%s = bad-spec\n", spec);
			continue;
		}
		if (spec[0] == 'w')
			flags = O_WRONLY;
		else if (spec[0] == 'c')
			flags = O_WRONLY | O_CREAT | O_EXCL;
		fd = open(path, flags | O_CLOEXEC | O_NOCTTY, 0600);
		if (fd < 0) {
			printf("%s = %s\n", spec, strerrorname_np(errno));
			continue;
		}
		close(fd);
		if (spec[0] == 'c')
			unlink(path);
		printf("%s = 0\n", spec);
	}
	return 0;
}
