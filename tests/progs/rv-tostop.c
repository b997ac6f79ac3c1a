/* rv-tostop: a traced program, on jtrace-run's controlling terminal (no
 * --ns), leaves jtrace-run's process group, makes its own group the
 * terminal's foreground group and sets TOSTOP.  jtrace-run is then a
 * background process whose next write to the terminal (the default stderr
 * log) raises SIGTTOU: stopped (a hung run, like kill(tracer, SIGSTOP)) or,
 * in an orphaned group, EIO (a lost log).  Then 3 getsockname(-1) calls,
 * which the tracer must still log.
 *
 * Usage: rv-tostop     prints "tostop = 0" (or the errno), "after 3" */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

int main(void)
{
	struct termios t;
	int r = 0;

	signal(SIGTTOU, SIG_IGN); /* tcsetpgrp from the background group */
	if (setpgid(0, 0) < 0 || tcsetpgrp(STDERR_FILENO, getpgrp()) < 0 ||
	    tcgetattr(STDERR_FILENO, &t) < 0)
		r = errno;
	if (r == 0) {
		t.c_lflag |= TOSTOP;
		if (tcsetattr(STDERR_FILENO, TCSANOW, &t) < 0)
			r = errno;
	}
	printf("tostop = %s\n", r ? strerror(r) : "0");
	fflush(stdout);
	for (int i = 0; i < 3; i++)
		getsockname(-1, NULL, NULL);
	printf("after 3\n");
	return 0;
}
