/* loopback-server-client: a TCP server and a client in two processes over
 * 127.0.0.1, plus a UDP exchange and an AF_UNIX socketpair; network calls
 * only (apart from fork, wait and close), for the differential test against
 * strace and the quick-start demo.
 *
 * Usage: loopback-server-client [ROUNDS]   (default 3)
 *
 * Parent (server): socket bind(127.0.0.1:0) listen getsockname, fork,
 *   accept4, then ROUNDS x (recvfrom 4 bytes, sendto 4 bytes), close;
 *   then UDP: socket bind getsockname recvfrom sendto; waitpid.
 * Child (client): socket connect getpeername, ROUNDS x (sendto, recvfrom),
 *   shutdown, close; UDP: socket sendto recvfrom; socketpair sendmsg recvmsg.
 * Each process makes the same calls in the same order on every run.
 *
 * Prints: "port P", then "client done" and "server done".
 */
#include <arpa/inet.h>
#include <err.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static long parse_count(const char *s)
{
	char *end = NULL;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0 || v > 1000000)
		errx(2, "bad count: %s", s);
	return v;
}

static void recv_exact(int fd, char *buf, size_t len)
{
	ssize_t n = recvfrom(fd, buf, len, MSG_WAITALL, NULL, NULL);

	if (n < 0 || (size_t)n != len)
		err(1, "recvfrom");
}

static int run_client(const struct sockaddr_in *tcp, int udp_port_fd, long rounds)
{
	struct sockaddr_in peer = { 0 }, udp = { 0 };
	socklen_t len = sizeof(peer);
	char buf[8];
	unsigned short udp_port = 0;
	int fd = -1, ufd = -1, sp[2] = { -1, -1 };
	struct iovec iov = { .iov_base = buf, .iov_len = 4 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		err(1, "socket");
	if (connect(fd, (const struct sockaddr *)tcp, sizeof(*tcp)) < 0)
		err(1, "connect");
	if (getpeername(fd, (struct sockaddr *)&peer, &len) < 0)
		err(1, "getpeername");
	for (long i = 0; i < rounds; i++) {
		if (sendto(fd, "ping", 4, 0, NULL, 0) != 4)
			err(1, "sendto");
		recv_exact(fd, buf, 4);
		if (memcmp(buf, "pong", 4) != 0)
			errx(1, "client: unexpected reply");
	}
	if (shutdown(fd, SHUT_WR) < 0)
		err(1, "shutdown");
	close(fd);

	/* The server tells us its UDP port over a pipe (not a traced call). */
	if (read(udp_port_fd, &udp_port, sizeof(udp_port)) != sizeof(udp_port))
		errx(1, "client: no udp port");
	udp.sin_family = AF_INET;
	udp.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	udp.sin_port = htons(udp_port);
	ufd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (ufd < 0)
		err(1, "socket udp");
	if (sendto(ufd, "dgrm", 4, 0, (struct sockaddr *)&udp, sizeof(udp)) != 4)
		err(1, "sendto udp");
	recv_exact(ufd, buf, 4);
	close(ufd);

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0)
		err(1, "socketpair");
	memcpy(buf, "unix", 4);
	if (sendmsg(sp[0], &mh, 0) != 4)
		err(1, "sendmsg");
	if (recvmsg(sp[1], &mh, MSG_WAITALL) != 4)
		err(1, "recvmsg");
	close(sp[0]);
	close(sp[1]);
	printf("client done\n");
	return 0;
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? parse_count(argv[1]) : 3;
	struct sockaddr_in sin = { 0 }, from = { 0 };
	socklen_t len = sizeof(sin), flen = sizeof(from);
	char buf[8];
	int srv = -1, conn = -1, ufd = -1, status = 0, pfd[2] = { -1, -1 };
	unsigned short udp_port = 0;
	pid_t pid = -1;

	setvbuf(stdout, NULL, _IOLBF, 0);

	srv = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (srv < 0)
		err(1, "socket");
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(srv, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		err(1, "bind");
	if (listen(srv, 4) < 0)
		err(1, "listen");
	if (getsockname(srv, (struct sockaddr *)&sin, &len) < 0)
		err(1, "getsockname");
	printf("port %u\n", ntohs(sin.sin_port));
	if (pipe2(pfd, O_CLOEXEC) < 0)
		err(1, "pipe2");

	pid = fork();
	if (pid < 0)
		err(1, "fork");
	if (pid == 0) {
		close(srv);
		close(pfd[1]);
		_exit(run_client(&sin, pfd[0], rounds));
	}
	close(pfd[0]);

	conn = accept4(srv, NULL, NULL, SOCK_CLOEXEC);
	if (conn < 0)
		err(1, "accept4");
	for (long i = 0; i < rounds; i++) {
		recv_exact(conn, buf, 4);
		if (memcmp(buf, "ping", 4) != 0)
			errx(1, "server: unexpected request");
		if (sendto(conn, "pong", 4, 0, NULL, 0) != 4)
			err(1, "sendto");
	}
	close(conn);
	close(srv);

	ufd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (ufd < 0)
		err(1, "socket udp");
	sin.sin_port = 0;
	if (bind(ufd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		err(1, "bind udp");
	len = sizeof(sin);
	if (getsockname(ufd, (struct sockaddr *)&sin, &len) < 0)
		err(1, "getsockname udp");
	udp_port = ntohs(sin.sin_port);
	if (write(pfd[1], &udp_port, sizeof(udp_port)) != sizeof(udp_port))
		err(1, "write pipe");
	close(pfd[1]);
	if (recvfrom(ufd, buf, 4, 0, (struct sockaddr *)&from, &flen) != 4)
		err(1, "recvfrom udp");
	if (sendto(ufd, buf, 4, 0, (struct sockaddr *)&from, flen) != 4)
		err(1, "sendto udp");
	close(ufd);

	if (waitpid(pid, &status, 0) != pid)
		err(1, "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		errx(1, "client failed (status 0x%x)", status);
	printf("server done\n");
	return 0;
}
