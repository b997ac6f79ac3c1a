/* fork-tree: a tree of N processes (process i forks 2i+1 and 2i+2, as in a
 * binary heap, so about log2(N) levels run at once) and, in the root, T
 * threads; every process and every thread makes C getsockname(-1) calls
 * (class net, EBADF), so a filter of getsockname sees exactly N*C + T*C
 * records from this program.
 *
 * Usage: fork-tree N C [T]     N in 1..100000, C in 0..100000, T in 0..1024
 *
 * The calls are counted in a shared anonymous mapping as they are made (not
 * computed), and the root prints
 *   "processes P threads T calls C total X"
 * once every process has been reaped, with P the number of processes that
 * ran and X the number of calls that failed with EBADF as expected.  Exits
 * 0 when P == N and X == N*C + T*C, 1 otherwise.
 */
#include <err.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
	long processes;
	long calls;
};

static struct shared *counters;
static long calls_each;

static long parse_count(const char *s, long min, long max)
{
	char *end = NULL;
	long v = 0;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < min || v > max)
		errx(2, "bad count: %s", s);
	return v;
}

static void make_calls(void)
{
	for (long i = 0; i < calls_each; i++) {
		long r = syscall(SYS_getsockname, -1, NULL, NULL);

		if (r == -1 && errno == EBADF)
			__atomic_add_fetch(&counters->calls, 1, __ATOMIC_SEQ_CST);
	}
}

static void *worker(void *arg)
{
	(void)arg;
	make_calls();
	return NULL;
}

/* Runs node @i of a tree of @n: its children first (so the tree grows while
 * the calls are made), then its calls, then reaps the children.  Returns
 * 0 when every child exited 0. */
static int run_node(long i, long n)
{
	pid_t kids[2] = {-1, -1};
	int bad = 0;

	__atomic_add_fetch(&counters->processes, 1, __ATOMIC_SEQ_CST);
	for (int k = 0; k < 2; k++) {
		long child = 2 * i + 1 + k;

		if (child >= n)
			break;
		kids[k] = fork();
		if (kids[k] < 0)
			err(1, "fork");
		if (kids[k] == 0) {
			fflush(stdout);
			_exit(run_node(child, n));
		}
	}
	make_calls();
	for (int k = 0; k < 2; k++) {
		int status = 0;

		if (kids[k] <= 0)
			continue;
		if (waitpid(kids[k], &status, 0) < 0)
			err(1, "waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			bad = 1;
	}
	return bad;
}

int main(int argc, char **argv)
{
	long n = 0, nthreads = 0, want = 0;
	pthread_t *tids = NULL;
	int bad = 0, rc = 0;

	if (argc < 3 || argc > 4)
		errx(2, "usage: fork-tree N C [T]");
	n = parse_count(argv[1], 1, 100000);
	calls_each = parse_count(argv[2], 0, 100000);
	if (argc > 3)
		nthreads = parse_count(argv[3], 0, 1024);
	counters = mmap(NULL, sizeof(*counters), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (counters == MAP_FAILED)
		err(1, "mmap");
	tids = calloc((size_t)nthreads + 1, sizeof(*tids));
	if (!tids)
		err(1, "calloc");
	for (long t = 0; t < nthreads; t++) {
		rc = pthread_create(&tids[t], NULL, worker, NULL);
		if (rc != 0)
			errx(1, "pthread_create: %s", strerror(rc));
	}
	bad = run_node(0, n);
	for (long t = 0; t < nthreads; t++) {
		rc = pthread_join(tids[t], NULL);
		if (rc != 0)
			errx(1, "pthread_join: %s", strerror(rc));
	}
	free(tids);
	want = n * calls_each + nthreads * calls_each;
	printf("processes %ld threads %ld calls %ld total %ld\n", counters->processes, nthreads,
	       calls_each, counters->calls);
	return bad || counters->processes != n || counters->calls != want;
}
