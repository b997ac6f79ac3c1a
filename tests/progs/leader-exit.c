/* leader-exit: the thread-group leader exits (pthread_exit) while another
 * thread keeps running and makes calls, then ends the process.
 *
 * Usage: leader-exit [CODE]   (default 5)
 *
 * The worker waits until the leader is a zombie-in-waiting (it has called
 * pthread_exit; we give it 100 ms), makes 10 getsockname(-1) calls (EBADF,
 * class net) and exits the process with CODE.  Prints "worker done".
 */
#include <err.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int exit_code = 5;

static void *worker(void *arg)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 100 * 1000 * 1000 };

	(void)arg;
	nanosleep(&ts, NULL);
	for (int i = 0; i < 10; i++)
		syscall(SYS_getsockname, -1, NULL, NULL);
	printf("worker done\n");
	fflush(stdout);
	exit(exit_code);
}

int main(int argc, char **argv)
{
	pthread_t t;
	char *end = NULL;
	int rc = 0;

	if (argc > 1) {
		long v = strtol(argv[1], &end, 10);

		if (*argv[1] == '\0' || *end != '\0' || v < 0 || v > 255)
			errx(2, "bad code: %s", argv[1]);
		exit_code = (int)v;
	}
	rc = pthread_create(&t, NULL, worker, NULL);
	if (rc != 0)
		errx(1, "pthread_create: %s", strerror(rc));
	pthread_exit(NULL);
}
