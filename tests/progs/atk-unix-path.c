/* atk-unix-path: AF_UNIX socket addresses as paths (the third review of
 * issue 19).  bind(2) of a filesystem address creates a socket file at its
 * sun_path, which no path argument names; connect, sendto, sendmsg and
 * sendmmsg reach one.  Runs each OP in order and prints "OP = RESULT"
 * (0 or the byte count, or "-1 ERRNO"):
 *
 *   chroot:DIR          chroot(DIR) (in a user namespace of its own when
 *                       not root), then chdir("/")
 *   chdir:DIR           chdir(DIR)
 *   bind:PATH           socket(AF_UNIX, SOCK_STREAM) + bind(PATH)
 *   bind-abstract:NAME  the same with the abstract name "\0NAME"
 *   bind-unnamed        bind with the family only (the kernel autobinds)
 *   bind-unmapped       bind with an address in an unmapped page
 *   connect:PATH        socket(AF_UNIX, SOCK_STREAM) + connect(PATH)
 *   connect-abstract:NAME
 *   sendto:PATH         socket(AF_UNIX, SOCK_DGRAM) + sendto(PATH) of 2 bytes
 *   sendmsg:PATH        the same through sendmsg's msg_name
 *   sendmmsg:PATH       the same through one sendmmsg message
 *
 * Exits 0 after the last OP, 2 on bad usage, 77 when chroot is refused. */
#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void result(const char *op, long r)
{
	if (r < 0)
		printf("%s = -1 %s\n", op, strerrorname_np(errno));
	else
		printf("%s = %ld\n", op, r);
	fflush(stdout);
}

/* @name as a filesystem (@abstract false) or abstract address. */
static socklen_t unix_addr(struct sockaddr_un *sa, const char *name, int abstract)
{
	size_t n = strlen(name);

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (n + 2 > sizeof(sa->sun_path))
		n = sizeof(sa->sun_path) - 2;
	memcpy(sa->sun_path + (abstract ? 1 : 0), name, n);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + (abstract ? 1 : 0) + n + 1);
}

/* The first @kw bytes of @op are the keyword @name. */
static int is_op(const char *op, size_t kw, const char *name)
{
	return kw == strlen(name) && strncmp(op, name, kw) == 0;
}

static int do_chroot(const char *dir)
{
	if (geteuid() != 0 && unshare(CLONE_NEWUSER) < 0)
		return -1;
	if (chroot(dir) < 0)
		return -1;
	return chdir("/");
}

static long send_one(const char *how, const struct sockaddr_un *sa, socklen_t len)
{
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	char data[2] = "hi";
	struct iovec iov = {data, sizeof(data)};
	struct mmsghdr mm = {.msg_hdr = {.msg_name = (void *)sa,
					 .msg_namelen = len,
					 .msg_iov = &iov,
					 .msg_iovlen = 1}};

	if (s < 0)
		return -1;
	if (strcmp(how, "sendto") == 0)
		return sendto(s, data, sizeof(data), 0, (const struct sockaddr *)sa, len);
	if (strcmp(how, "sendmsg") == 0)
		return sendmsg(s, &mm.msg_hdr, 0);
	return sendmmsg(s, &mm, 1, 0);
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	char *gone = mmap(NULL, (size_t)page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (argc < 2 || gone == MAP_FAILED) {
		fprintf(stderr, "usage: atk-unix-path OP...\n");
		return 2;
	}
	munmap(gone, (size_t)page);
	for (int i = 1; i < argc; i++) {
		const char *op = argv[i], *colon = strchr(op, ':');
		const char *arg = colon ? colon + 1 : "";
		size_t kw = colon ? (size_t)(colon - op) : strlen(op);
		struct sockaddr_un sa;
		socklen_t len = 0;
		int s = -1;

		if (is_op(op, kw, "chroot")) {
			if (do_chroot(arg) < 0) {
				result(op, -1);
				return 77;
			}
			result(op, 0);
		} else if (is_op(op, kw, "chdir")) {
			result(op, chdir(arg));
		} else if (is_op(op, kw, "bind")) {
			len = unix_addr(&sa, arg, 0);
			s = socket(AF_UNIX, SOCK_STREAM, 0);
			result(op, bind(s, (struct sockaddr *)&sa, len));
		} else if (is_op(op, kw, "bind-abstract")) {
			len = unix_addr(&sa, arg, 1);
			s = socket(AF_UNIX, SOCK_STREAM, 0);
			result(op, bind(s, (struct sockaddr *)&sa, len - 1));
		} else if (strcmp(op, "bind-unnamed") == 0) {
			sa.sun_family = AF_UNIX;
			s = socket(AF_UNIX, SOCK_STREAM, 0);
			result(op, bind(s, (struct sockaddr *)&sa, sizeof(sa_family_t)));
		} else if (strcmp(op, "bind-unmapped") == 0) {
			s = socket(AF_UNIX, SOCK_STREAM, 0);
			result(op, bind(s, (struct sockaddr *)(void *)gone, sizeof(sa)));
		} else if (is_op(op, kw, "connect")) {
			len = unix_addr(&sa, arg, 0);
			s = socket(AF_UNIX, SOCK_STREAM, 0);
			result(op, connect(s, (struct sockaddr *)&sa, len));
		} else if (is_op(op, kw, "connect-abstract")) {
			len = unix_addr(&sa, arg, 1);
			s = socket(AF_UNIX, SOCK_STREAM, 0);
			result(op, connect(s, (struct sockaddr *)&sa, len - 1));
		} else if (is_op(op, kw, "sendto") || is_op(op, kw, "sendmsg") ||
			   is_op(op, kw, "sendmmsg")) {
			char how[16];

			snprintf(how, sizeof(how), "%.*s", (int)kw, op);
			len = unix_addr(&sa, arg, 0);
			result(op, send_one(how, &sa, len));
		} else {
			fprintf(stderr, "atk-unix-path: unknown op %s\n", op);
			return 2;
		}
		/* Kept open: a bound name stays bound while the run goes on. */
		(void)s;
	}
	return 0;
}
