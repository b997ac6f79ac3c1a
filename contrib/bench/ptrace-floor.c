/*
 * ptrace-floor: the benchmark's "ptrace floor" (scenarios f and g).  The
 * least a seccomp+ptrace tracer that logs every call must do, and nothing
 * else: the child asks to be traced, stops, sets no_new_privs and a
 * one-instruction filter that returns SECCOMP_RET_TRACE for every call, and
 * execs PROG; the parent follows every fork, vfork and clone, and for each
 * call takes the seccomp stop (PTRACE_GET_SYSCALL_INFO, PTRACE_SYSCALL) and
 * the exit stop (PTRACE_GET_SYSCALL_INFO, one short line into a buffered
 * FILE, PTRACE_CONT).  No memory reads, no decoding, no policy, no JSON.  So
 * its cost over native is the kernel's: two stops per call, the context
 * switches between tracer and tracee, wait4, two syscall-info reads and a
 * write(2) per buffer.  strace and jtrace-run can get no lower than this by
 * any change of their own; floor/strace and jtrace/floor split their cost
 * into that part and theirs.
 *
 *   ptrace-floor [-o FILE] [--cpu=free] [--] PROG [ARGS...]
 *
 * Tracer and PROG run on CPU 0, as `taskset -c 0 strace` does (a stop across
 * two CPUs of a VM costs several times one on a shared CPU); --cpu=free
 * leaves the placement to the scheduler.  Lines go to FILE (default stderr):
 * "PID NR = RET".  Not a tracer for anything but benchmarks: a stop signal
 * other than SIGSTOP is passed on as a signal and SIGSTOP is swallowed
 * (every auto-attached child starts with one; no workload sends one), which
 * is wrong for job control and right for builds and loops.
 *
 * Exit status as env(1): 125 set-up failed, 126 PROG could not be
 * executed, 127 PROG not found; otherwise PROG's own (128+N for signal N).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define EXIT_SETUP    125
#define EXIT_CANNOT   126
#define EXIT_NOTFOUND 127

/*
 * The number of each tracee's current call, for the exit line (the exit
 * stop's syscall info has no number).  Direct-mapped by pid: two live
 * tracees whose pids collide only mislabel a line, which costs the same.
 */
#define NR_SLOTS 65536
static long cur_nr[NR_SLOTS];

static void close_file(FILE **fp)
{
	if (*fp && *fp != stderr)
		fclose(*fp);
}

/*
 * PROG's path, found in the parent: execvp is not async-signal-safe, and
 * between fork and exec only such code runs.  NULL when not found.
 */
static char *find_prog(const char *name)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	if (strchr(name, '/'))
		return strdup(name);
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t len = strcspn(path, ":");
		int n = snprintf(buf, sizeof(buf), "%.*s%s%s", (int)len, path, len ? "/" : "",
				 name);

		if (n > 0 && (size_t)n < sizeof(buf) && access(buf, X_OK) == 0)
			return strdup(buf);
		path += len;
		if (*path == ':')
			path++;
	}
	return NULL;
}

/* The child: async-signal-safe calls only; errno goes to the parent on @fd. */
static void run_child(int fd, const char *prog, char **argv)
{
	struct sock_filter insn = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	struct sock_fprog prog_filter = {.len = 1, .filter = &insn};
	int err;

	if (ptrace(PTRACE_TRACEME, 0L, 0L, 0L) < 0)
		goto fail;
	/* Wait for the parent's options before the first filtered call. */
	if (kill(getpid(), SIGSTOP) < 0)
		goto fail;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) < 0)
		goto fail;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog_filter) < 0)
		goto fail;
	execve(prog, argv, environ);
fail:
	err = errno;
	if (write(fd, &err, sizeof(err)) < 0)
		_exit(EXIT_CANNOT);
	_exit(err == ENOENT ? EXIT_NOTFOUND : EXIT_CANNOT);
}

static int pin_cpu0(void)
{
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(0, &one);
	return sched_setaffinity(0, sizeof(one), &one) < 0 ? -errno : 0;
}

/*
 * One stop of @pid, and its resumption.  Errors are not checked: a tracee
 * that died meanwhile (ESRCH) is reported by wait4 all the same.
 */
static void on_stop(FILE *out, pid_t pid, int status)
{
	struct __ptrace_syscall_info info;
	int sig = WSTOPSIG(status);
	int event = (unsigned)status >> 16;
	long req = PTRACE_CONT;
	long inject = 0;

	if (event == PTRACE_EVENT_SECCOMP) {
		if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info) > 0)
			cur_nr[pid % NR_SLOTS] = (long)info.seccomp.nr;
		req = PTRACE_SYSCALL;
	} else if (event != 0) {
		/* fork, vfork, clone and exec stop inside the call: its exit stop follows. */
		req = PTRACE_SYSCALL;
	} else if (sig == (SIGTRAP | 0x80)) {
		if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info) > 0 &&
		    info.op == PTRACE_SYSCALL_INFO_EXIT)
			fprintf(out, "%d %ld = %lld\n", pid, cur_nr[pid % NR_SLOTS],
				(long long)info.exit.rval);
	} else if (sig != SIGSTOP) {
		inject = sig;
	}
	ptrace(req, pid, 0L, inject);
}

/* Follows every tracee until none is left; returns @child's exit status. */
static int trace(FILE *out, pid_t child)
{
	int ret = EXIT_CANNOT;
	int status = 0;
	pid_t pid;

	for (;;) {
		pid = wait4(-1, &status, __WALL, NULL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break; /* ECHILD: every tracee is gone */
		}
		if (WIFSTOPPED(status)) {
			on_stop(out, pid, status);
			continue;
		}
		if (pid == child)
			ret = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
	return ret;
}

static int usage(void)
{
	fprintf(stderr, "usage: ptrace-floor [-o FILE] [--cpu=free] [--] PROG [ARGS...]\n");
	return EXIT_SETUP;
}

int main(int argc, char **argv)
{
	const long options = PTRACE_O_TRACESECCOMP | PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL |
			     PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
			     PTRACE_O_TRACEEXEC;
	__attribute__((cleanup(close_file))) FILE *out = stderr;
	const char *out_path = NULL;
	bool pin = true;
	char *prog = NULL;
	int fds[2] = {-1, -1};
	int status = 0;
	int err = 0;
	pid_t child;
	int i = 1;
	int rc;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			out_path = argv[++i];
		} else if (strcmp(argv[i], "--cpu=free") == 0) {
			pin = false;
		} else {
			return usage();
		}
	}
	if (i >= argc)
		return usage();
	if (out_path) {
		out = fopen(out_path, "we");
		if (!out) {
			fprintf(stderr, "ptrace-floor: %s: %s\n", out_path, strerror(errno));
			return EXIT_SETUP;
		}
	}
	/* As big as strace's and jtrace's output buffers are, give or take. */
	setvbuf(out, NULL, _IOFBF, 64 * 1024);
	prog = find_prog(argv[i]);
	if (!prog) {
		fprintf(stderr, "ptrace-floor: %s: not found\n", argv[i]);
		return EXIT_NOTFOUND;
	}
	rc = pin ? pin_cpu0() : 0;
	if (rc < 0 || pipe2(fds, O_CLOEXEC) < 0) {
		fprintf(stderr, "ptrace-floor: set-up: %s\n", strerror(rc < 0 ? -rc : errno));
		free(prog);
		return EXIT_SETUP;
	}
	child = fork();
	if (child == 0) {
		close(fds[0]);
		run_child(fds[1], prog, argv + i);
	}
	free(prog);
	close(fds[1]);
	if (child < 0 || waitpid(child, &status, __WALL) < 0 || !WIFSTOPPED(status) ||
	    ptrace(PTRACE_SETOPTIONS, child, 0L, options) < 0 ||
	    ptrace(PTRACE_CONT, child, 0L, 0L) < 0) {
		fprintf(stderr, "ptrace-floor: cannot start the tracee: %s\n", strerror(errno));
		close(fds[0]);
		return EXIT_SETUP;
	}
	rc = trace(out, child);
	/* The pipe closed at the exec; an errno in it means there was none. */
	if (read(fds[0], &err, sizeof(err)) == (ssize_t)sizeof(err))
		fprintf(stderr, "ptrace-floor: %s: %s\n", argv[i], strerror(err));
	close(fds[0]);
	if (fflush(out) != 0) {
		fprintf(stderr, "ptrace-floor: write: %s\n", strerror(errno));
		return EXIT_SETUP;
	}
	return rc;
}
