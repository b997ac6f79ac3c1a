/* cpu-report: says on which CPUs it may run, for the --cpu placement tests.
 *
 * Usage: cpu-report MODE [N]
 *
 * "allowed" is the number of CPUs in the task's real affinity mask, read
 * from /proc/thread-self/status (what the tracer set); "reported" is what
 * sched_getaffinity(2) returns (what the tracer lets the program see).
 *
 *   single     prints "allowed A reported R"
 *   thread     starts a thread, then prints "main allowed A" and the thread
 *              "thread allowed A"
 *   fork-wait  forks; the child prints "child allowed A" and exits while the
 *              parent waits in wait4; then "parent allowed A"
 *   fanout N   forks N children that block on a pipe, then prints
 *              "parent allowed A", lets them go and reaps them
 *   spin1      spins on the CPU (no system call but the mask checks, which
 *              a --filter without open/read does not stop), checking its
 *              mask every millisecond for at most 5 s; prints "released
 *              after MS ms" or "still pinned"; exit 0 only when released
 *   spin2      forks; parent and child both spin on the CPU, checking their
 *              mask every millisecond, for at most 5 s; each prints
 *              "<who> released after MS ms" or "<who> still pinned"; exit 0
 *              only when both were released
 *   quiet-busy spin1, then makes system calls (getsockopt on a closed fd,
 *              a "net" call) for at most 5 s, checking its mask every
 *              millisecond; prints "pinned again after MS ms reported R" or
 *              "never pinned again"; exit 0 only when released and pinned
 *              again
 *   own-set    moves itself to one CPU other than the one it runs on (as
 *              taskset would), then starts a thread, which releases the
 *              placement; prints "main kept A" and "thread kept A", A 1
 *              when the task's mask is still the one it chose, else 0
 * Exit status 2 on a usage or system error.
 */
#include <err.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* CPUs in this thread's mask: popcount of "Cpus_allowed:\t3" (hex words
 * separated by commas). */
static int allowed(void)
{
	char line[512];
	int n = -1;
	FILE *f = fopen("/proc/thread-self/status", "re");

	if (!f)
		err(2, "/proc/thread-self/status");
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "Cpus_allowed:", 13) != 0)
			continue;
		n = 0;
		for (const char *p = line + 13; *p; p++) {
			unsigned v = 0;

			if (*p >= '0' && *p <= '9')
				v = (unsigned)(*p - '0');
			else if (*p >= 'a' && *p <= 'f')
				v = (unsigned)(*p - 'a' + 10);
			else
				continue;
			n += __builtin_popcount(v);
		}
		break;
	}
	fclose(f);
	if (n < 0)
		errx(2, "no Cpus_allowed line");
	return n;
}

static int reported(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		err(2, "sched_getaffinity");
	return CPU_COUNT(&set);
}

static void *thread_main(void *arg)
{
	(void)arg;
	printf("thread allowed %d\n", allowed());
	fflush(stdout);
	return NULL;
}

static cpu_set_t own_set;

static int kept_own_set(void)
{
	cpu_set_t now;

	if (sched_getaffinity(0, sizeof(now), &now) < 0)
		err(2, "sched_getaffinity");
	/* Asked after the thread released the placement: not rewritten. */
	return CPU_EQUAL(&now, &own_set);
}

static void *own_set_thread(void *arg)
{
	(void)arg;
	printf("thread kept %d\n", kept_own_set());
	fflush(stdout);
	return NULL;
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Spin until this task may use every CPU the tracer's caller had (@want),
 * or 5 s passed.  Returns the milliseconds it took, or -1. */
static long spin_until_released(int want)
{
	struct timespec t0, last;
	volatile unsigned long x = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	last = t0;
	while (elapsed_ms(&t0) < 5000) {
		x++;
		if (elapsed_ms(&last) < 1)
			continue;
		clock_gettime(CLOCK_MONOTONIC, &last);
		if (allowed() >= want)
			return elapsed_ms(&t0);
	}
	return -1;
}

/* Make system calls until this task is on one CPU, or 5 s passed.
 * Returns the milliseconds it took, or -1. */
static long call_until_pinned(void)
{
	struct timespec t0, last;
	int v = 0;
	socklen_t len = sizeof(v);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	last = t0;
	while (elapsed_ms(&t0) < 5000) {
		if (getsockopt(-1, SOL_SOCKET, SO_TYPE, &v, &len) == 0)
			errx(2, "getsockopt on fd -1 succeeded");
		if (elapsed_ms(&last) < 1)
			continue;
		clock_gettime(CLOCK_MONOTONIC, &last);
		if (allowed() == 1)
			return elapsed_ms(&t0);
	}
	return -1;
}

static int wait_child(pid_t pid)
{
	int status = 0;

	if (waitpid(pid, &status, 0) < 0)
		err(2, "waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "single") == 0) {
		printf("allowed %d reported %d\n", allowed(), reported());
	} else if (strcmp(mode, "thread") == 0) {
		pthread_t th;

		if (pthread_create(&th, NULL, thread_main, NULL) != 0)
			errx(2, "pthread_create failed");
		printf("main allowed %d\n", allowed());
		fflush(stdout);
		pthread_join(th, NULL);
	} else if (strcmp(mode, "fork-wait") == 0) {
		pid_t pid = fork();

		if (pid < 0)
			err(2, "fork");
		if (pid == 0) {
			printf("child allowed %d\n", allowed());
			fflush(stdout);
			_exit(0);
		}
		if (wait_child(pid) != 0)
			return 2;
		printf("parent allowed %d\n", allowed());
	} else if (strcmp(mode, "fanout") == 0 && argc > 2) {
		int n = atoi(argv[2]), fds[2];
		pid_t pids[64];
		char c;

		if (n < 1 || n > 64)
			errx(2, "N must be 1..64");
		if (pipe(fds) < 0)
			err(2, "pipe");
		for (int i = 0; i < n; i++) {
			pids[i] = fork();
			if (pids[i] < 0)
				err(2, "fork");
			if (pids[i] == 0) {
				close(fds[1]);
				_exit(read(fds[0], &c, 1) == 0 ? 0 : 2);
			}
		}
		close(fds[0]);
		printf("parent allowed %d\n", allowed());
		fflush(stdout);
		close(fds[1]);
		for (int i = 0; i < n; i++)
			if (wait_child(pids[i]) != 0)
				return 2;
	} else if (strcmp(mode, "spin1") == 0) {
		long ms = spin_until_released(reported());

		if (ms >= 0)
			printf("released after %ld ms\n", ms);
		else
			printf("still pinned\n");
		return ms >= 0 ? 0 : 1;
	} else if (strcmp(mode, "quiet-busy") == 0) {
		long ms = spin_until_released(reported());

		if (ms < 0) {
			printf("still pinned\n");
			return 1;
		}
		printf("released after %ld ms\n", ms);
		ms = call_until_pinned();
		if (ms >= 0)
			printf("pinned again after %ld ms reported %d\n", ms, reported());
		else
			printf("never pinned again\n");
		return ms >= 0 ? 0 : 1;
	} else if (strcmp(mode, "own-set") == 0) {
		cpu_set_t all;
		pthread_t th;
		int here = sched_getcpu(), other = -1;

		if (sched_getaffinity(0, sizeof(all), &all) < 0)
			err(2, "sched_getaffinity");
		for (int i = 0; i < CPU_SETSIZE && other < 0; i++)
			if (CPU_ISSET(i, &all) && i != here)
				other = i;
		if (other < 0)
			errx(2, "no second CPU");
		CPU_ZERO(&own_set);
		CPU_SET(other, &own_set);
		if (sched_setaffinity(0, sizeof(own_set), &own_set) < 0)
			err(2, "sched_setaffinity");
		if (pthread_create(&th, NULL, own_set_thread, NULL) != 0)
			errx(2, "pthread_create failed");
		pthread_join(th, NULL);
		printf("main kept %d\n", kept_own_set());
	} else if (strcmp(mode, "spin2") == 0) {
		int want = reported(); /* rewritten to the original set */
		pid_t pid = 0;
		long ms = 0;

		fflush(stdout);
		pid = fork();
		if (pid < 0)
			err(2, "fork");
		ms = spin_until_released(want);
		if (ms >= 0)
			printf("%s released after %ld ms\n", pid == 0 ? "child" : "parent", ms);
		else
			printf("%s still pinned\n", pid == 0 ? "child" : "parent");
		fflush(stdout);
		if (pid == 0)
			_exit(ms >= 0 ? 0 : 1);
		return wait_child(pid) == 0 && ms >= 0 ? 0 : 1;
	} else {
		fprintf(stderr, "usage: cpu-report single|thread|fork-wait|fanout N|spin1|spin2|quiet-busy|own-set\n");
		return 2;
	}
	return 0;
}
