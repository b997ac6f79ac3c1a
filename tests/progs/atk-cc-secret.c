/* atk-cc-secret: memory arguments the tracer cannot read (issue 19 item
 * 19).  The sockaddr or path is put in memfd_secret memory, which this
 * process and the kernel read but process_vm_readv and /proc/PID/mem do
 * not, or (unmapped) at an address with nothing mapped.
 *
 *   atk-cc-secret connect A.B.C.D PORT   connect(2) a TCP socket, non-blocking
 *   atk-cc-secret open PATH              openat(AT_FDCWD, PATH, O_RDONLY)
 *   atk-cc-secret unmapped               connect() with an unmapped sockaddr
 *
 * Prints "connect: ok", "connect: EPERM" (errno name) and the like; exits
 * 77 with "memfd_secret: ERRNO" when the kernel has no secret memory. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_memfd_secret
#define SYS_memfd_secret 447
#endif

static const char *errname(int e)
{
	switch (e) {
	case 0:
		return "ok";
	case EPERM:
		return "EPERM";
	case EACCES:
		return "EACCES";
	case EFAULT:
		return "EFAULT";
	case ENETUNREACH:
		return "ENETUNREACH";
	case EINPROGRESS:
		return "EINPROGRESS";
	case ECONNREFUSED:
		return "ECONNREFUSED";
	case ENOENT:
		return "ENOENT";
	default:
		return strerror(e);
	}
}

static void *secret_page(void)
{
	long fd = syscall(SYS_memfd_secret, 0);
	void *p = MAP_FAILED;

	if (fd < 0) {
		printf("memfd_secret: %s\n", errname(errno));
		exit(77);
	}
	if (ftruncate((int)fd, 4096) < 0 ||
	    (p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0)) == MAP_FAILED) {
		printf("memfd_secret mmap: %s\n", errname(errno));
		exit(77);
	}
	close((int)fd);
	return p;
}

static int do_connect(const struct sockaddr *sa, socklen_t len)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	if (s < 0) {
		printf("socket: %s\n", errname(errno));
		return 1;
	}
	printf("connect: %s\n", errname(connect(s, sa, len) < 0 ? errno : 0));
	close(s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "connect") == 0) {
		struct sockaddr_in *sin = secret_page();
		char *end = NULL;
		unsigned long port = strtoul(argv[3], &end, 10);

		if (*end || port > 65535 || inet_pton(AF_INET, argv[2], &sin->sin_addr) != 1) {
			fprintf(stderr, "atk-cc-secret: bad address\n");
			return 2;
		}
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		return do_connect((struct sockaddr *)sin, sizeof(*sin));
	}
	if (argc == 3 && strcmp(argv[1], "open") == 0) {
		char *path = secret_page();
		int fd = -1;

		snprintf(path, 4096, "%s", argv[2]);
		fd = openat(AT_FDCWD, path, O_RDONLY);
		printf("open: %s\n", errname(fd < 0 ? errno : 0));
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "unmapped") == 0) {
		void *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || munmap(p, 4096) < 0)
			return 1;
		return do_connect(p, sizeof(struct sockaddr_in));
	}
	fprintf(stderr, "usage: atk-cc-secret connect ADDR PORT | open PATH | unmapped\n");
	return 2;
}
