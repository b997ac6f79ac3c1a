/* ioctl-hibits: ioctl(fd, TIOCSTI) on /dev/null, once plain and once with
 * bit 32 of the request set.  The kernel takes the request as a 32-bit
 * unsigned int and ignores the high bits, so both are TIOCSTI to it; a
 * filter comparing all 64 bits would let the second one through.
 *
 * Usage: ioctl-hibits
 *
 * Prints "ioctl plain = RET ERRNO" and "ioctl hibits = RET ERRNO" (ENOTTY
 * untraced: /dev/null is no terminal, and nothing is injected); exits 0.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *what, long r)
{
	printf("ioctl %s = %ld %s\n", what, r, r < 0 ? strerrorname_np(errno) : "");
}

int main(void)
{
	char c = 'x';
	int fd = open("/dev/null", O_RDWR);

	if (fd < 0)
		err(1, "/dev/null");
	report("plain", syscall(SYS_ioctl, fd, (unsigned long)TIOCSTI, &c));
	report("hibits", syscall(SYS_ioctl, fd, (unsigned long)TIOCSTI | (1UL << 32), &c));
	return 0;
}
