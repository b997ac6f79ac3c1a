/* file-and-net: makes file calls, then network calls over 127.0.0.1, so
 * tests can check that a class filter keeps one kind and drops the other.
 *
 * Usage: file-and-net [PATH]   (PATH defaults to /etc/hostname)
 *
 * Sequence, one process, no threads:
 *   openat(PATH) read() close()
 *   socket(AF_INET, SOCK_STREAM) bind(127.0.0.1:0) listen() getsockname()
 *   socket(AF_INET, SOCK_STREAM) connect() accept4() sendto(4 bytes)
 *   recvfrom(4 bytes) close() x3
 * Network calls are made through the wrappers that map one-to-one onto
 * syscalls (accept4, sendto, recvfrom), so the count below is exact.
 *
 * Prints:
 *   file PATH bytes N
 *   port P
 *   net-calls 9
 */
#include <arpa/inet.h>
#include <err.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/etc/hostname";
	char buf[256];
	struct sockaddr_in sin = { 0 };
	socklen_t len = sizeof(sin);
	int fd = -1, srv = -1, cli = -1, conn = -1;
	ssize_t n = 0;
	unsigned net_calls = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		err(1, "open %s", path);
	n = read(fd, buf, sizeof(buf));
	if (n < 0)
		err(1, "read %s", path);
	close(fd);
	printf("file %s bytes %zd\n", path, n);

	srv = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	net_calls++;
	if (srv < 0)
		err(1, "socket");
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = 0;
	net_calls++;
	if (bind(srv, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		err(1, "bind");
	net_calls++;
	if (listen(srv, 1) < 0)
		err(1, "listen");
	net_calls++;
	if (getsockname(srv, (struct sockaddr *)&sin, &len) < 0)
		err(1, "getsockname");
	printf("port %u\n", ntohs(sin.sin_port));

	cli = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	net_calls++;
	if (cli < 0)
		err(1, "socket");
	/* Blocking connect on loopback completes against the backlog. */
	net_calls++;
	if (connect(cli, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		err(1, "connect");
	conn = accept4(srv, NULL, NULL, SOCK_CLOEXEC);
	net_calls++;
	if (conn < 0)
		err(1, "accept4");
	net_calls++;
	if (sendto(cli, "ping", 4, 0, NULL, 0) != 4)
		err(1, "sendto");
	net_calls++;
	if (recvfrom(conn, buf, 4, MSG_WAITALL, NULL, NULL) != 4 || memcmp(buf, "ping", 4) != 0)
		errx(1, "recvfrom: short or wrong data");
	close(conn);
	close(cli);
	close(srv);
	printf("net-calls %u\n", net_calls);
	return 0;
}
