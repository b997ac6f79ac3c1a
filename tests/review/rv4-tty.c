/* rv4-tty: make the shared terminal's writes fail or block: O_NONBLOCK on
 * the shared open file description of fd 2, output stopped (TCOOFF), many
 * calls, then output restarted.  MODE: nb (O_NONBLOCK+TCOOFF) stop (TCOOFF)
 * pgrp (own group foreground + TOSTOP) ttin (own group fg, tracer may read) */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "nb";
	if (!strcmp(m, "nb") || !strcmp(m, "stop")) {
		if (!strcmp(m, "nb"))
			fcntl(2, F_SETFL, fcntl(2, F_GETFL) | O_NONBLOCK);
		int r = ioctl(2, TCXONC, TCOOFF);
		for (int i = 0; i < 3000; i++) getppid();
		if (!strcmp(m, "stop")) sleep(2);
		ioctl(2, TCXONC, TCOON);
		fcntl(2, F_SETFL, fcntl(2, F_GETFL) & ~O_NONBLOCK);
		fprintf(stdout, "tcxonc=%d\n", r);
	} else if (!strcmp(m, "pgrp")) {
		signal(SIGTTOU, SIG_IGN);
		setpgid(0, 0);
		int r = tcsetpgrp(0, getpid());
		struct termios t; tcgetattr(0, &t); t.c_lflag |= TOSTOP; tcsetattr(0, TCSANOW, &t);
		for (int i = 0; i < 300; i++) getppid();
		printf("tcsetpgrp=%d\n", r);
		/* leave the terminal's foreground to us; never give it back */
	} else if (!strcmp(m, "hup")) {
		printf("vhangup=%d\n", (int)vhangup());
		for (int i = 0; i < 300; i++) getppid();
	}
	return 0;
}
