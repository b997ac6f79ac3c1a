/* decode-calls: one call of each decoded structure, in a fixed order and
 * with fixed arguments, so that jtrace's decoding can be compared with
 * strace's (tests/cli/decode.bats) and its text lines with golden files
 * (tests/cli/text-format.bats).  Works in the current directory.
 *
 * Usage: decode-calls [bad]   ("bad" adds calls with unreadable pointers) */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <unistd.h>

static void on_usr1(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	char buf[64];
	int fds[2];

	/* The fd numbers in the golden lines must not depend on what the
	 * test harness left open. */
	syscall(SYS_close_range, 3, ~0u, 0);

	/* Files: create, write, read back, stat, list, remove. */
	int fd = openat(AT_FDCWD, "decode-file", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return 1;
	struct iovec wv[2] = {{.iov_base = "hello ", .iov_len = 6},
			      {.iov_base = "world\n", .iov_len = 6}};
	if (writev(fd, wv, 2) != 12)
		return 1;
	close(fd);
	fd = openat(AT_FDCWD, "decode-file", O_RDONLY);
	char a[6], b[6];
	struct iovec rv[2] = {{.iov_base = a, .iov_len = sizeof(a)},
			      {.iov_base = b, .iov_len = sizeof(b)}};
	if (readv(fd, rv, 2) != 12)
		return 1;
	lseek(fd, 0, SEEK_SET);
	if (read(fd, buf, sizeof(buf)) != 12)
		return 1;
	struct stat st;
	fstat(fd, &st);
	close(fd);
	struct statx stx;
	statx(AT_FDCWD, "decode-file", AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_SIZE, &stx);
	open("decode-missing", O_RDONLY);
	mkdir("decode-dir", 0755);
	int dfd = open("decode-dir", O_RDONLY | O_DIRECTORY);
	syscall(SYS_getdents64, dfd, buf, sizeof(buf));
	close(dfd);
	rmdir("decode-dir");
	unlink("decode-file");

	/* Signals. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGTERM);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_SETMASK, NULL, &set);

	/* Limits, names. */
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	struct utsname u;
	uname(&u);

	/* Descriptors: pipe, poll, epoll. */
	if (pipe2(fds, O_CLOEXEC) < 0)
		return 1;
	write(fds[1], "x", 1);
	struct pollfd pfd = {.fd = fds[0], .events = POLLIN};
	poll(&pfd, 1, 0);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = 7};
	epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev);
	close(ep);

	/* Sockets: inet with options, unix path and abstract, SCM_RIGHTS. */
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	int one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	int err = -1;
	socklen_t elen = sizeof(err);
	getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &elen);
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(9)};
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	connect(s, (struct sockaddr *)&sin, sizeof(sin)); /* ECONNREFUSED */
	close(s);
	s = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6, .sin6_port = htons(9)};
	inet_pton(AF_INET6, "::1", &sin6.sin6_addr);
	sendto(s, "ping", 4, 0, (struct sockaddr *)&sin6, sizeof(sin6));
	close(s);

	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	char cbuf[CMSG_SPACE(sizeof(int))];
	memset(cbuf, 0, sizeof(cbuf));
	struct iovec iov = {.iov_base = "fd", .iov_len = 2};
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fds[1], sizeof(int));
	sendmsg(sv[0], &mh, 0);
	close(sv[0]);
	close(sv[1]);

	s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	strcpy(sun.sun_path, "decode-sock");
	bind(s, (struct sockaddr *)&sun, sizeof(sun));
	unlink("decode-sock");
	close(s);
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, "\0decode-abstract", 16);
	bind(s, (struct sockaddr *)&sun, offsetof(struct sockaddr_un, sun_path) + 16);
	close(s);

	/* A child, reaped. */
	pid_t pid = fork();
	if (pid == 0)
		_exit(3);
	int status = 0;
	waitpid(pid, &status, 0);

	if (argc > 1 && strcmp(argv[1], "bad") == 0) {
		/* Unreadable pointers: each call fails with EFAULT, and the
		 * tracer must show the address, not crash. */
		void *bad = (void *)16;
		syscall(SYS_openat, AT_FDCWD, bad, O_RDONLY);
		syscall(SYS_connect, fds[0], bad, 16);
		syscall(SYS_writev, fds[1], bad, 2);
		syscall(SYS_rt_sigaction, SIGUSR2, bad, NULL, 8);
		syscall(SYS_execve, "/nonexistent", bad, bad);
	}
	close(fds[0]);
	close(fds[1]);
	printf("decode-calls done\n");
	return 0;
}
