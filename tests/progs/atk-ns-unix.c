/* atk-ns-unix: the probe of issue 19 item 9.  Connects to a path-based
 * unix socket (as an ssh-agent's) and sends a line.
 *
 * Usage: atk-ns-unix PATH
 *
 * Prints "connect = 0 0" and "send = N 0" when it got through, or
 * "connect = -1 ERRNO-TEXT"; exits 0.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	const char msg[] = "from-the-sandbox\n";
	int fd = -1;
	ssize_t n = 0;

	if (argc != 2 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: atk-ns-unix PATH\n");
		return 2;
	}
	strcpy(sa.sun_path, argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		printf("connect = -1 %s\n", strerror(errno));
		return 0;
	}
	printf("connect = 0 0\n");
	n = write(fd, msg, sizeof(msg) - 1);
	printf("send = %zd %s\n", n, n < 0 ? strerror(errno) : "0");
	close(fd);
	return 0;
}
