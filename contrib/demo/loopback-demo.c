/*
 * loopback-demo: the program contrib/setup/demo.sh traces.  It makes a small,
 * readable set of network calls over the loopback interface: a TCP server on
 * 127.0.0.1 (ephemeral port), a forked client that connects and sends
 * "hello", the server echoing it back, both sides closing.  It prints one
 * line saying what happened and exits 0, or 1 with a message on failure.
 * Self-contained on purpose: it links nothing from jtrace.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* accept4 */
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MESSAGE "hello"

static void close_fdp(int *fdp)
{
	if (*fdp >= 0)
		close(*fdp);
}

#define cleanup_fd __attribute__((cleanup(close_fdp)))

static int fail(const char *what)
{
	fprintf(stderr, "loopback-demo: %s: %s\n", what, strerror(errno));
	return -1;
}

/* Reads exactly len bytes unless the peer closes first; returns bytes read. */
static ssize_t read_full(int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(fd, buf + got, len - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static int write_full(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The client side, run in the child: exit status 0 when the echo matched. */
static int run_client(const struct sockaddr_in *addr)
{
	cleanup_fd int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	char buf[sizeof(MESSAGE)] = {0};

	if (fd < 0)
		return fail("client socket");
	if (connect(fd, (const struct sockaddr *)addr, sizeof(*addr)) < 0)
		return fail("connect");
	if (write_full(fd, MESSAGE, strlen(MESSAGE)) < 0)
		return fail("client send");
	/* Half-close: the server reads until EOF, then echoes. */
	if (shutdown(fd, SHUT_WR) < 0)
		return fail("shutdown");
	if (read_full(fd, buf, sizeof(buf) - 1) < 0)
		return fail("client recv");
	if (strcmp(buf, MESSAGE) != 0) {
		fprintf(stderr, "loopback-demo: client got \"%s\", expected \"%s\"\n", buf,
			MESSAGE);
		return -1;
	}
	return 0;
}

/* The server side: accept one connection, echo what it sent, close. */
static int serve_one(int lfd, char *buf, size_t len)
{
	cleanup_fd int cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	ssize_t n;

	if (cfd < 0)
		return fail("accept");
	n = read_full(cfd, buf, len - 1);
	if (n < 0)
		return fail("server recv");
	buf[n] = '\0';
	if (write_full(cfd, buf, (size_t)n) < 0)
		return fail("server send");
	return 0;
}

static int run_demo(void)
{
	cleanup_fd int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = 0,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t addrlen = sizeof(addr);
	char buf[64] = {0};
	int status = 0;
	int served;
	pid_t child;

	if (lfd < 0)
		return fail("socket");
	if (bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return fail("bind");
	if (listen(lfd, 1) < 0)
		return fail("listen");
	if (getsockname(lfd, (struct sockaddr *)&addr, &addrlen) < 0)
		return fail("getsockname");

	/* stdio buffers must not be flushed twice, once by each process. */
	fflush(NULL);
	child = fork();
	if (child < 0)
		return fail("fork");
	if (child == 0) {
		close(lfd);
		lfd = -1;
		_exit(run_client(&addr) == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
	}

	served = serve_one(lfd, buf, sizeof(buf));
	while (waitpid(child, &status, 0) < 0) {
		if (errno != EINTR)
			return fail("waitpid");
	}
	if (served < 0)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "loopback-demo: client (pid %d) failed\n", (int)child);
		return -1;
	}
	printf("loopback-demo: server on 127.0.0.1:%u echoed \"%s\" back to client pid %d\n",
	       (unsigned)ntohs(addr.sin_port), buf, (int)child);
	return 0;
}

int main(void)
{
	return run_demo() == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
