/* threads: N threads, each making M getsockname(-1) calls, which fail with
 * EBADF and are in the "net" class, so a filter of net (or getsockname) sees
 * exactly N*M of them and nothing else from this program.
 *
 * Usage: threads [N [M]]   (defaults: 8 threads, 100 calls each)
 *
 * The threads start together (a barrier) so the tracer sees them
 * concurrently.  The call goes through syscall(2) so no libc wrapper can add
 * or drop one.  Prints "threads N calls M total N*M" and exits 0 when every
 * call failed with EBADF as expected.
 */
#include <err.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_barrier_t start_line;
static long calls_per_thread = 100;

static long parse_count(const char *s, long max)
{
	char *end = NULL;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1 || v > max)
		errx(2, "bad count: %s", s);
	return v;
}

static void *worker(void *arg)
{
	long bad = 0;

	pthread_barrier_wait(&start_line);
	for (long i = 0; i < calls_per_thread; i++) {
		long r = syscall(SYS_getsockname, -1, NULL, NULL);

		if (r != -1 || errno != EBADF)
			bad++;
	}
	return (void *)bad;
}

int main(int argc, char **argv)
{
	long nthreads = argc > 1 ? parse_count(argv[1], 1024) : 8;
	pthread_t *tids = NULL;
	long bad = 0;
	int rc = 0;

	if (argc > 2)
		calls_per_thread = parse_count(argv[2], 10000000);
	tids = calloc((size_t)nthreads, sizeof(*tids));
	if (!tids)
		err(1, "calloc");
	rc = pthread_barrier_init(&start_line, NULL, (unsigned)nthreads);
	if (rc != 0)
		errx(1, "pthread_barrier_init: %s", strerror(rc));
	for (long i = 0; i < nthreads; i++) {
		rc = pthread_create(&tids[i], NULL, worker, NULL);
		if (rc != 0)
			errx(1, "pthread_create: %s", strerror(rc));
	}
	for (long i = 0; i < nthreads; i++) {
		void *res = NULL;

		rc = pthread_join(tids[i], &res);
		if (rc != 0)
			errx(1, "pthread_join: %s", strerror(rc));
		bad += (long)res;
	}
	free(tids);
	printf("threads %ld calls %ld total %ld\n", nthreads, calls_per_thread,
	       nthreads * calls_per_thread);
	if (bad != 0)
		errx(1, "%ld calls did not fail with EBADF", bad);
	return 0;
}
