/* sleeper-tree: a tree of sleeping processes that try to outlive their
 * tracer: N children, each with a grandchild, one of them a daemon
 * (setsid + double fork, so init becomes its parent); all ignore SIGTERM,
 * SIGHUP and SIGINT and sleep forever in pause().
 *
 * Usage: sleeper-tree FILE N        N in 1..1000
 *
 * Once every process runs, writes their pids to FILE (one a line, the root
 * first; written to FILE.tmp and renamed, so a reader never sees half of
 * it), prints "ready P" (P: the number of pids) and sleeps.  Never exits by
 * itself.
 */
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAXPIDS 4096

struct shared {
	int count;
	pid_t pids[MAXPIDS];
};

static struct shared *sh;

static void add_self(void)
{
	int i = __atomic_fetch_add(&sh->count, 1, __ATOMIC_SEQ_CST);

	if (i < MAXPIDS)
		__atomic_store_n(&sh->pids[i], getpid(), __ATOMIC_SEQ_CST);
}

static __attribute__((noreturn)) void sleep_forever(void)
{
	for (;;)
		pause();
}

static void spawn(int daemonize)
{
	pid_t pid = fork();

	if (pid < 0)
		err(1, "fork");
	if (pid > 0)
		return;
	if (daemonize) {
		setsid();
		pid = fork();
		if (pid < 0)
			err(1, "fork");
		if (pid > 0)
			_exit(0);
	}
	add_self();
	pid = fork();
	if (pid < 0)
		err(1, "fork");
	if (pid == 0)
		add_self();
	sleep_forever();
}

int main(int argc, char **argv)
{
	char tmp[4096];
	FILE *f = NULL;
	char *end = NULL;
	long n = 0;
	int want = 0;

	if (argc != 3)
		errx(2, "usage: sleeper-tree FILE N");
	n = strtol(argv[2], &end, 10);
	if (*argv[2] == '\0' || *end != '\0' || n < 1 || n > 1000)
		errx(2, "bad count: %s", argv[2]);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		err(1, "mmap");
	add_self();
	for (long i = 0; i < n; i++)
		spawn(i == 0);
	want = 1 + 2 * (int)n;
	/* Wait until every process has registered itself and stored its pid. */
	for (int tries = 0; tries < 30000; tries++) {
		int c = __atomic_load_n(&sh->count, __ATOMIC_SEQ_CST), ok = c >= want;

		for (int i = 0; ok && i < want; i++)
			ok = __atomic_load_n(&sh->pids[i], __ATOMIC_SEQ_CST) != 0;
		if (ok)
			break;
		usleep(1000);
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	f = fopen(tmp, "w");
	if (!f)
		err(1, "%s", tmp);
	for (int i = 0; i < sh->count && i < MAXPIDS; i++)
		fprintf(f, "%d\n", (int)sh->pids[i]);
	if (fclose(f) != 0 || rename(tmp, argv[1]) < 0)
		err(1, "%s", argv[1]);
	printf("ready %d\n", sh->count);
	fflush(stdout);
	sleep_forever();
}
