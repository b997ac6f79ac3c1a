/* try-syscall: makes one system call per argument and prints its outcome,
 * like bubblewrap's tests/try-syscall.c, so policy tests can see which
 * calls were denied and with which errno.
 *
 * Usage: try-syscall OP...
 *
 * Each OP prints one line "OP RESULT", RESULT being "ok" (or "ok N" when
 * the call returns a number worth seeing) or the errno name (EPERM,
 * ENOENT, ...).  The calls are made through syscall(2) with exactly the
 * arguments below, so no libc wrapper adds, drops or changes one.
 *
 *   getppid                 getppid()
 *   socket:FAM              socket(FAM, SOCK_STREAM or SOCK_DGRAM/RAW, 0);
 *                           FAM: unix inet inet6 netlink packet vsock
 *   socket-hi:FAM           the same with 0xffffffff00000000 added to FAM (the
 *                           kernel uses the low 32 bits: still FAM)
 *   socketpair:FAM          socketpair(FAM, SOCK_STREAM, 0, sv); unix inet
 *   connect:ADDR:PORT       socket(inet or inet6, SOCK_STREAM) + connect();
 *                           ADDR is a.b.c.d or [v6]; prints connect's result
 *   sendto:ADDR:PORT        socket(..., SOCK_DGRAM) + sendto() of 1 byte
 *   bind:ADDR:PORT          socket(..., SOCK_STREAM) + bind()
 *   sendmsg:ADDR:PORT       socket(..., SOCK_DGRAM) + sendmsg() of 1 byte with
 *                           msg_name = ADDR:PORT
 *   sendmmsg:A1:P1,A2:P2    socket(family of A1, SOCK_DGRAM) + one sendmmsg()
 *                           of two 1-byte messages, to A1:P1 and A2:P2 (same
 *                           family); prints "ok N" with the number sent
 *   ioctl-tiocsti           ioctl(-1, TIOCSTI, &c): EBADF when it runs
 *   ioctl-tiocsti-hi        the same with request 0xffffffff00000000|TIOCSTI
 *                           (the kernel uses the low 32 bits: still TIOCSTI)
 *   ioctl-fionread          ioctl(-1, FIONREAD, &n): EBADF when it runs
 *   mprotect:PROT           mprotect() of an anonymous page; PROT: r rw rx
 *   clone-newuser           clone(CLONE_NEWUSER|SIGCHLD); the child _exits 0
 *   unshare-user            unshare(CLONE_NEWUSER) (last op: changes us)
 *   open:PATH:MODE          openat(AT_FDCWD, PATH, MODE); MODE: r (O_RDONLY)
 *                           w (O_WRONLY|O_CREAT|O_TRUNC, 0644), prints ok
 *   openat-in:DIR:NAME      dirfd = open(DIR, O_PATH|O_DIRECTORY), then
 *                           openat(dirfd, NAME, O_WRONLY|O_CREAT|O_TRUNC)
 *   chdir:DIR               chdir(DIR)
 *   mkdir:PATH  unlink:PATH  rmdir:PATH  chmod:PATH (0600)
 *   rename:OLD:NEW
 *   swapoff:PATH            swapoff(PATH)
 *   personality:N           personality(N) (N in C syntax: 0x20000)
 *   io_uring_setup          io_uring_setup(1, &params); closes the ring fd
 *   exec:PATH               fork; the child execve(PATH, [PATH], environ);
 *                           prints the child's errno, or "ok" if PATH ran and
 *                           exited 0 ("exit N" otherwise)
 *   exit:N                  exit_group(N) at once
 *   nr:N                    syscall(N) with no arguments: a number jtrace's
 *                           table does not know (ENOSYS when it runs)
 *
 * Exits 0 after the last OP, 2 on bad usage.
 */
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif

extern char **environ;

static void report(const char *op, long r)
{
	if (r < 0) {
		const char *name = strerrorname_np(errno);
		printf("%s %s\n", op, name ? name : "E?");
	} else {
		printf("%s ok\n", op);
	}
	fflush(stdout);
}

static int family_of(const char *s)
{
	if (strcmp(s, "unix") == 0)
		return AF_UNIX;
	if (strcmp(s, "inet") == 0)
		return AF_INET;
	if (strcmp(s, "inet6") == 0)
		return AF_INET6;
	if (strcmp(s, "netlink") == 0)
		return AF_NETLINK;
	if (strcmp(s, "packet") == 0)
		return AF_PACKET;
	if (strcmp(s, "vsock") == 0)
		return AF_VSOCK;
	errx(2, "unknown family '%s'", s);
}

/* ADDR:PORT, ADDR a.b.c.d or [v6] -> sockaddr */
static socklen_t parse_sockaddr(const char *s, struct sockaddr_storage *ss)
{
	char buf[128];
	const char *colon = strrchr(s, ':');
	size_t alen;
	long port;

	if (!colon || strlen(s) >= sizeof(buf))
		errx(2, "bad address '%s'", s);
	port = strtol(colon + 1, NULL, 10);
	alen = (size_t)(colon - s);
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (buf[0] == '[') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

		if (alen < 2 || buf[alen - 1] != ']')
			errx(2, "bad address '%s'", s);
		buf[alen - 1] = '\0';
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, buf + 1, &a6->sin6_addr) != 1)
			errx(2, "bad address '%s'", s);
		return sizeof(*a6);
	}
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;

	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, buf, &a4->sin_addr) != 1)
		errx(2, "bad address '%s'", s);
	return sizeof(*a4);
}

/* "PREFIX:REST" -> REST when op starts with PREFIX: */
static const char *arg_of(const char *op, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(op, prefix, n) == 0 && op[n] == ':')
		return op + n + 1;
	return NULL;
}

static void *page(void)
{
	static void *p;

	if (!p) {
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			err(1, "mmap");
	}
	return p;
}

static void do_exec(const char *op, const char *path)
{
	int status = 0;
	pid_t pid = fork();

	if (pid < 0)
		err(1, "fork");
	if (pid == 0) {
		char *argv[] = {(char *)path, NULL};

		syscall(SYS_execve, path, argv, environ);
		report(op, -1);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		err(1, "waitpid");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		printf("%s ok\n", op);
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 127)
		printf("%s exit %d\n", op, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("%s signal %d\n", op, WTERMSIG(status));
	fflush(stdout);
}

static void try(const char *op)
{
	const char *a;
	long r;

	if (strcmp(op, "getppid") == 0) {
		report(op, syscall(SYS_getppid));
	} else if ((a = arg_of(op, "socket"))) {
		int fam = family_of(a);
		int type = fam == AF_NETLINK ? SOCK_RAW : fam == AF_PACKET ? SOCK_DGRAM : SOCK_STREAM;

		r = syscall(SYS_socket, fam, type, 0);
		report(op, r);
		if (r >= 0)
			close((int)r);
	} else if ((a = arg_of(op, "socket-hi"))) {
		r = syscall(SYS_socket, 0xffffffff00000000UL | (unsigned long)family_of(a), SOCK_STREAM, 0);
		report(op, r);
		if (r >= 0)
			close((int)r);
	} else if ((a = arg_of(op, "socketpair"))) {
		int sv[2];

		r = syscall(SYS_socketpair, family_of(a), SOCK_STREAM, 0, sv);
		report(op, r);
		if (r == 0) {
			close(sv[0]);
			close(sv[1]);
		}
	} else if ((a = arg_of(op, "connect")) || (a = arg_of(op, "sendto")) ||
		   (a = arg_of(op, "bind"))) {
		struct sockaddr_storage ss;
		socklen_t len = parse_sockaddr(a, &ss);
		int fd = (int)syscall(SYS_socket, ss.ss_family,
				      op[0] == 's' ? SOCK_DGRAM : SOCK_STREAM, 0);

		if (fd < 0) {
			report(op, -1);
			return;
		}
		if (op[0] == 'c')
			r = syscall(SYS_connect, fd, &ss, len);
		else if (op[0] == 'b')
			r = syscall(SYS_bind, fd, &ss, len);
		else
			r = syscall(SYS_sendto, fd, "x", 1, 0, &ss, len);
		report(op, r);
		close(fd);
	} else if ((a = arg_of(op, "sendmsg"))) {
		struct sockaddr_storage ss;
		socklen_t len = parse_sockaddr(a, &ss);
		struct iovec iov = {.iov_base = "x", .iov_len = 1};
		struct msghdr mh = {.msg_name = &ss, .msg_namelen = len, .msg_iov = &iov, .msg_iovlen = 1};
		int fd = (int)syscall(SYS_socket, ss.ss_family, SOCK_DGRAM, 0);

		if (fd < 0) {
			report(op, -1);
			return;
		}
		report(op, syscall(SYS_sendmsg, fd, &mh, 0));
		close(fd);
	} else if ((a = arg_of(op, "sendmmsg"))) {
		char first[128];
		const char *comma = strchr(a, ',');
		struct sockaddr_storage ss[2];
		struct iovec iov[2] = {{.iov_base = "x", .iov_len = 1}, {.iov_base = "y", .iov_len = 1}};
		struct mmsghdr mm[2];
		int fd;

		if (!comma || (size_t)(comma - a) >= sizeof(first))
			errx(2, "bad sendmmsg '%s'", op);
		memcpy(first, a, (size_t)(comma - a));
		first[comma - a] = '\0';
		memset(mm, 0, sizeof(mm));
		for (int i = 0; i < 2; i++) {
			mm[i].msg_hdr.msg_name = &ss[i];
			mm[i].msg_hdr.msg_namelen = parse_sockaddr(i ? comma + 1 : first, &ss[i]);
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		fd = (int)syscall(SYS_socket, ss[0].ss_family, SOCK_DGRAM, 0);
		if (fd < 0) {
			report(op, -1);
			return;
		}
		r = syscall(SYS_sendmmsg, fd, mm, 2, 0);
		if (r < 0) {
			report(op, r);
		} else {
			printf("%s ok %ld\n", op, r);
			fflush(stdout);
		}
		close(fd);
	} else if (strcmp(op, "ioctl-tiocsti") == 0) {
		char c = 'x';

		report(op, syscall(SYS_ioctl, -1, (unsigned long)TIOCSTI, &c));
	} else if (strcmp(op, "ioctl-tiocsti-hi") == 0) {
		char c = 'x';

		report(op, syscall(SYS_ioctl, -1, 0xffffffff00000000UL | (unsigned long)TIOCSTI, &c));
	} else if (strcmp(op, "ioctl-fionread") == 0) {
		int n = 0;

		report(op, syscall(SYS_ioctl, -1, (unsigned long)FIONREAD, &n));
	} else if ((a = arg_of(op, "mprotect"))) {
		int prot = strcmp(a, "r") == 0    ? PROT_READ
			   : strcmp(a, "rw") == 0 ? PROT_READ | PROT_WRITE
			   : strcmp(a, "rx") == 0 ? PROT_READ | PROT_EXEC
						  : -1;

		if (prot < 0)
			errx(2, "bad prot '%s'", a);
		report(op, syscall(SYS_mprotect, page(), 4096, prot));
	} else if (strcmp(op, "clone-newuser") == 0) {
		int status = 0;

		r = syscall(SYS_clone, (unsigned long)(CLONE_NEWUSER | SIGCHLD), NULL, NULL, NULL, 0);
		if (r == 0)
			_exit(0);
		report(op, r);
		if (r > 0)
			waitpid((pid_t)r, &status, 0);
	} else if (strcmp(op, "unshare-user") == 0) {
		report(op, syscall(SYS_unshare, CLONE_NEWUSER));
	} else if ((a = arg_of(op, "open"))) {
		char path[4096];
		const char *colon = strrchr(a, ':');
		int flags;

		if (!colon || (size_t)(colon - a) >= sizeof(path))
			errx(2, "bad open '%s'", op);
		memcpy(path, a, (size_t)(colon - a));
		path[colon - a] = '\0';
		if (strcmp(colon + 1, "r") == 0)
			flags = O_RDONLY;
		else if (strcmp(colon + 1, "w") == 0)
			flags = O_WRONLY | O_CREAT | O_TRUNC;
		else
			errx(2, "bad open mode '%s'", colon + 1);
		r = syscall(SYS_openat, AT_FDCWD, path, flags, 0644);
		report(op, r);
		if (r >= 0)
			close((int)r);
	} else if ((a = arg_of(op, "openat-in"))) {
		char dir[4096];
		const char *colon = strchr(a, ':');
		int dfd;

		if (!colon || (size_t)(colon - a) >= sizeof(dir))
			errx(2, "bad openat-in '%s'", op);
		memcpy(dir, a, (size_t)(colon - a));
		dir[colon - a] = '\0';
		dfd = open(dir, O_PATH | O_DIRECTORY);
		if (dfd < 0)
			err(1, "open %s", dir);
		r = syscall(SYS_openat, dfd, colon + 1, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		report(op, r);
		if (r >= 0)
			close((int)r);
		close(dfd);
	} else if ((a = arg_of(op, "chdir"))) {
		report(op, syscall(SYS_chdir, a));
	} else if ((a = arg_of(op, "mkdir"))) {
		report(op, syscall(SYS_mkdir, a, 0755));
	} else if ((a = arg_of(op, "unlink"))) {
		report(op, syscall(SYS_unlink, a));
	} else if ((a = arg_of(op, "rmdir"))) {
		report(op, syscall(SYS_rmdir, a));
	} else if ((a = arg_of(op, "chmod"))) {
		report(op, syscall(SYS_chmod, a, 0600));
	} else if ((a = arg_of(op, "rename"))) {
		char old[4096];
		const char *colon = strchr(a, ':');

		if (!colon || (size_t)(colon - a) >= sizeof(old))
			errx(2, "bad rename '%s'", op);
		memcpy(old, a, (size_t)(colon - a));
		old[colon - a] = '\0';
		report(op, syscall(SYS_rename, old, colon + 1));
	} else if ((a = arg_of(op, "swapoff"))) {
		report(op, syscall(SYS_swapoff, a));
	} else if ((a = arg_of(op, "personality"))) {
		unsigned long p = strtoul(a, NULL, 0);

		r = syscall(SYS_personality, p);
		report(op, r == -1 ? -1 : 0);
		if (r != -1 && p != 0xffffffffUL)
			syscall(SYS_personality, (unsigned long)r);
	} else if (strcmp(op, "io_uring_setup") == 0) {
		struct io_uring_params params;

		memset(&params, 0, sizeof(params));
		r = syscall(SYS_io_uring_setup, 1, &params);
		report(op, r);
		if (r >= 0)
			close((int)r);
	} else if ((a = arg_of(op, "exec"))) {
		do_exec(op, a);
	} else if ((a = arg_of(op, "nr"))) {
		report(op, syscall(strtol(a, NULL, 0)));
	} else if ((a = arg_of(op, "exit"))) {
		fflush(stdout);
		syscall(SYS_exit_group, atoi(a));
	} else {
		errx(2, "unknown op '%s'", op);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: try-syscall OP...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		try(argv[i]);
	return 0;
}
