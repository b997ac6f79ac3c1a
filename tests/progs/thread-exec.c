/* thread-exec: a non-leader thread calls execve, so the kernel makes it the
 * new leader (the tracer sees PTRACE_EVENT_EXEC with the old tid).
 *
 * Usage: thread-exec            spawn a thread that execs "thread-exec done"
 *        thread-exec done       print "exec'd pid P" and exit 0
 *
 * First prints "before pid P thread T" (T: the exec'ing thread's tid).
 */
#include <err.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *exec_self(void *arg)
{
	const char *argv0 = arg;

	printf("before pid %d thread %ld\n", (int)getpid(), (long)syscall(SYS_gettid));
	fflush(stdout);
	execl("/proc/self/exe", argv0, "done", (char *)NULL);
	err(127, "exec /proc/self/exe");
}

int main(int argc, char **argv)
{
	pthread_t t;
	int rc = 0;

	if (argc > 1 && strcmp(argv[1], "done") == 0) {
		printf("exec'd pid %d\n", (int)getpid());
		return 0;
	}
	rc = pthread_create(&t, NULL, exec_self, argv[0]);
	if (rc != 0)
		errx(1, "pthread_create: %s", strerror(rc));
	/* The exec ends this thread too; join only returns if it failed. */
	pthread_join(t, NULL);
	return 1;
}
