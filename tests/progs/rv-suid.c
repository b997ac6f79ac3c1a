/* rv-suid: as the sandbox's root under --ns --rw=DIR (jtrace-run run as
 * root), copy SRC to DST and set its setuid bit.  Through the idmapped
 * mount the new file is owned on disk by DIR's owner (root), so outside
 * the sandbox DST is a setuid-root program any host user can run. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	char buf[65536];
	ssize_t n;
	int in, out;
	struct stat st;

	if (argc != 3) {
		fprintf(stderr, "usage: rv-suid SRC DST\n");
		return 2;
	}
	in = open(argv[1], O_RDONLY);
	out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (in < 0 || out < 0) {
		perror("open");
		return 1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			return 1;
	close(out);
	if (chmod(argv[2], 04755) < 0) {
		perror("chmod");
		return 1;
	}
	if (stat(argv[2], &st) == 0)
		printf("mode=%o uid=%d\n", st.st_mode & 07777, (int)st.st_uid);
	return 0;
}
