/* rv-ttyflow: the fourth review's route (issue 19, item 12's class) to the
 * tracer's log on a shared terminal: stop the terminal's output (TCXONC
 * TCOOFF, which needs no job-control rights), optionally with O_NONBLOCK set
 * on the shared open file description of fd 2, make N calls, restart the
 * output and print "tcxonc=R".
 *   rv-ttyflow nb|stop [N]
 * nb: O_NONBLOCK + TCOOFF (the log's writes used to fail: records lost);
 * stop: TCOOFF alone, a pause before TCOON (the tracer used to block in
 * write(2) while the program waited at its next stop: a hang). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "nb";
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 3000;
	int r = 0;

	if (strcmp(mode, "nb") == 0)
		fcntl(2, F_SETFL, fcntl(2, F_GETFL) | O_NONBLOCK);
	r = ioctl(2, TCXONC, TCOOFF);
	for (long i = 0; i < n; i++)
		getppid();
	if (strcmp(mode, "stop") == 0)
		sleep(1);
	ioctl(2, TCXONC, TCOON);
	fcntl(2, F_SETFL, fcntl(2, F_GETFL) & ~O_NONBLOCK);
	printf("tcxonc=%d\n", r);
	return 0;
}
