/* exit-with: ends in a chosen way, to test exit status propagation.
 *
 * Usage: exit-with CODE          exit(CODE), CODE in 0..255
 *        exit-with signal N      die from signal N (default action restored,
 *                                signal unblocked, then kill(getpid(), N))
 *
 * Prints nothing; exits 2 on bad usage and 1 if it survived its own signal.
 */
#include <err.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long parse_num(const char *s, long min, long max)
{
	char *end = NULL;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < min || v > max)
		errx(2, "bad number: %s", s);
	return v;
}

int main(int argc, char **argv)
{
	sigset_t set;
	long sig = 0;

	if (argc == 2)
		exit((int)parse_num(argv[1], 0, 255));
	if (argc != 3 || strcmp(argv[1], "signal") != 0)
		errx(2, "usage: exit-with CODE | exit-with signal N");
	sig = parse_num(argv[2], 1, 64);
	signal((int)sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, (int)sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	kill(getpid(), (int)sig);
	/* Signals whose default action is to ignore end up here. */
	errx(1, "still alive after signal %ld", sig);
}
