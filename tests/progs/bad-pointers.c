/* bad-pointers: passes unreadable, unmapped and absurd pointers and lengths
 * to traced calls; the kernel answers EFAULT (or EINVAL) and the tracer must
 * log each call with the argument shown as unreadable, without crashing.
 *
 * Usage: bad-pointers
 *
 * Each call's result is printed as "NAME CASE = RET ERRNO":
 *   openat  path 0x1                       (EFAULT)
 *   openat  path in a PROT_NONE page       (EFAULT)
 *   openat  path at a kernel address       (EFAULT)
 *   write   buffer 0x1, 10 bytes, to a pipe (EFAULT)
 *   write   buffer in a PROT_NONE page, to a pipe (EFAULT)
 *   write   valid 16-byte buffer, count 2^62 (the tracer must not try to
 *           read or allocate 2^62 bytes; the kernel writes what it can)
 *   connect sockaddr 0x1, len 16           (EFAULT)
 *   connect sockaddr valid, len 2^31-1     (EINVAL)
 *   connect sockaddr valid, len 0          (EINVAL)
 *   connect AF_UNIX sockaddr with a 108-byte path and no NUL
 *   bind    sockaddr in a PROT_NONE page   (EFAULT)
 *   sendto  buffer 0x1 and address 0x1    (EFAULT)
 * Exits 0.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

static void report(const char *name, const char *what, long r)
{
	printf("%s %s = %ld %s\n", name, what, r, r < 0 ? strerrorname_np(errno) : "");
}

int main(void)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(9)};
	struct sockaddr_un sun;
	const uintptr_t kernel = 0xffffffff81000000ul;
	char buf[16] = "0123456789abcdef";
	char *none = NULL;
	int null = open("/dev/null", O_WRONLY), pfd[2] = {-1, -1};
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	int u = socket(AF_UNIX, SOCK_STREAM, 0);

	if (null < 0 || s < 0 || u < 0 || pipe(pfd) < 0)
		err(1, "open/socket");
	none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (none == MAP_FAILED)
		err(1, "mmap");

	report("openat", "0x1", syscall(SYS_openat, AT_FDCWD, (char *)1, O_RDONLY));
	report("openat", "prot-none", syscall(SYS_openat, AT_FDCWD, none, O_RDONLY));
	report("openat", "kernel", syscall(SYS_openat, AT_FDCWD, kernel, O_RDONLY));
	report("write", "0x1", syscall(SYS_write, pfd[1], (char *)1, 10));
	report("write", "prot-none", syscall(SYS_write, pfd[1], none, 10));
	report("write", "huge-count", syscall(SYS_write, null, buf, 1ul << 62));
	report("connect", "0x1", syscall(SYS_connect, s, (void *)1, 16));
	report("connect", "huge-len", syscall(SYS_connect, s, &sin, 0x7fffffff));
	report("connect", "zero-len", syscall(SYS_connect, s, &sin, 0));
	memset(&sun, 'A', sizeof(sun));
	sun.sun_family = AF_UNIX;
	report("connect", "unix-no-nul", syscall(SYS_connect, u, &sun, sizeof(sun)));
	report("bind", "prot-none", syscall(SYS_bind, s, none, sizeof(sin)));
	report("sendto", "0x1", syscall(SYS_sendto, s, (void *)1, 10, 0, (void *)1, sizeof(sin)));
	return 0;
}
