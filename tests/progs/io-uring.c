/* io-uring: calls io_uring_setup(1, {}) with a raw call (io_uring submits
 * I/O that seccomp never sees, so the floor of a restrictive policy denies
 * it).
 *
 * Usage: io-uring
 *
 * Prints "io_uring_setup = RET ERRNO" and exits 0 (the test judges).
 */
#include <errno.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	struct io_uring_params p;
	long r = 0;

	memset(&p, 0, sizeof(p));
	r = syscall(SYS_io_uring_setup, 1, &p);
	printf("io_uring_setup = %ld %s\n", r, r < 0 ? strerrorname_np(errno) : "");
	if (r >= 0)
		close((int)r);
	return 0;
}
