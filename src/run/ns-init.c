/* ns-init: the child side after the namespaces exist -- a session and fds
 * of its own (ns_child_isolate), the pid-1 init that forks the program and
 * reaps (ns_become_init), and --ns-join's setns and waiter (ns_join).
 * Runs between clone and execve (see ns.c): plain libc, no stdio, -errno
 * plus a static string naming the step. */
#include <jtrace/ns.h>
#include <jtrace/util.h>

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

int ns_child_isolate(const struct ns_opts *opts, int keep_also, const char **ret_what)
{
	int keep[NS_MAX_KEEP_FDS + 4];
	unsigned n = 0;
	unsigned lo = 0;

	/* No controlling terminal: TIOCSTI (and TIOCSCTTY) are refused on a
	 * terminal that is not the caller's own, so the program cannot type
	 * into the shell that started jtrace-run.  The child was forked, so
	 * it leads no process group and setsid cannot fail but for that. */
	if (setsid() < 0) {
		*ret_what = "setsid (a session of its own)";
		return -errno;
	}
	keep[n++] = 0;
	keep[n++] = 1;
	keep[n++] = 2;
	if (keep_also >= 0)
		keep[n++] = keep_also;
	for (unsigned i = 0; i < opts->n_keep_fds && i < NS_MAX_KEEP_FDS; i++)
		keep[n++] = opts->keep_fds[i];
	/* Insertion sort: async-signal-safe and tiny. */
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			int t = keep[j];

			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	for (unsigned i = 0; i <= n; i++) {
		unsigned hi = i < n ? (unsigned)keep[i] : ~0U;

		if (i < n && hi < lo)
			continue; /* a duplicate */
		if (hi > lo && syscall(SYS_close_range, lo, hi - 1, 0U) < 0) {
			if (errno != ENOSYS) {
				*ret_what = "closing the inherited file descriptors";
				return -errno;
			}
			for (unsigned fd = lo; fd < hi && fd < 65536; fd++)
				close((int)fd);
		}
		if (i < n)
			lo = hi + 1;
	}
	return 0;
}

/* Child side: pid 1. */

static const int init_forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};

static void close_all_fds(void)
{
	if (syscall(SYS_close_range, 0U, ~0U, 0U) == 0)
		return;
	for (int fd = 0; fd < 1024; fd++)
		close(fd);
}

static int exit_code_of(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 125;
}

/* The supervisor: pid 1 of a new pid namespace (kill_rest) or the waiter
 * left behind by --ns-join (which is nobody's init and must not kill(-1):
 * that would reach every process of the joined namespace it may signal). */
static __attribute__((noreturn)) void supervise(pid_t prog, const sigset_t *waitset, bool kill_rest)
{
	int prog_status = -1;

	for (;;) {
		siginfo_t si = {0};
		int sig = sigwaitinfo(waitset, &si);

		if (sig < 0)
			continue; /* EINTR only: every signal we wait for is blocked */
		if (sig != SIGCHLD) {
			kill(prog, sig);
			continue;
		}
		for (;;) {
			int st = 0;
			pid_t p = waitpid(-1, &st, WNOHANG | __WALL);

			if (p <= 0)
				break;
			if (p == prog)
				prog_status = st;
		}
		if (prog_status >= 0)
			break;
	}
	if (kill_rest) {
		/* The program is gone: so is everything it left behind.
		 * kill(-1) from pid 1 reaches every other process of this pid
		 * namespace.  Reaping may wait for the tracer to collect traced
		 * zombies first. */
		kill(-1, SIGKILL);
		while (waitpid(-1, NULL, __WALL) > 0 || errno == EINTR)
			;
	}
	_exit(exit_code_of(prog_status));
}

/* /proc/1/cmdline is readable by every process of the sandbox: jtrace-run's
 * argv (the -o path, the policies) is overwritten with the init's name. */
static void blank_argv(char **argv, const char *name)
{
	char *start = NULL, *end = NULL;
	size_t n = strlen(name);

	if (!argv || !argv[0])
		return;
	start = argv[0];
	for (char **a = argv; *a; a++)
		end = *a + strlen(*a) + 1;
	if (end <= start)
		return;
	memset(start, 0, (size_t)(end - start));
	if (n >= (size_t)(end - start))
		n = (size_t)(end - start) - 1;
	memcpy(start, name, n);
}

static int fork_supervisor(bool kill_rest, char **self_argv)
{
	sigset_t set, old;
	pid_t pid = 0;

	sigemptyset(&set);
	for (size_t i = 0; i < JT_ARRAY_SIZE(init_forwarded); i++)
		sigaddset(&set, init_forwarded[i]);
	sigaddset(&set, SIGCHLD);
	/* Die with the tracer.  Set before the fork, while the tracer still
	 * traces us with PTRACE_O_EXITKILL, so there is no window in which its
	 * death would leave the sandbox running. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return -errno;
	/* Blocked across the fork: nothing sent in between is lost. */
	if (sigprocmask(SIG_BLOCK, &set, &old) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int err = errno;

		sigprocmask(SIG_SETMASK, &old, NULL);
		return -err;
	}
	if (pid == 0) {
		/* The program: fork cleared the death signal, the mask is
		 * inherited and goes back to what it was. */
		if (sigprocmask(SIG_SETMASK, &old, NULL) < 0)
			return -errno;
		return 0;
	}
	/* SIGCHLD must not be ignored or children auto-reap and we lose the
	 * program's status. */
	signal(SIGCHLD, SIG_DFL);
	prctl(PR_SET_NAME, kill_rest ? "jtrace-init" : "jtrace-join", 0, 0, 0);
	blank_argv(self_argv, kill_rest ? "jtrace-init" : "jtrace-join");
	/* Neither its memory nor its fds for the program, even at equal ids. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* Our copies of the tracer's pipes (error pipe, exec-status pipe)
	 * and of stdio must not keep them open. */
	close_all_fds();
	supervise(pid, &set, kill_rest);
}

int ns_become_init(char **self_argv)
{
	return fork_supervisor(true, self_argv);
}

/* Child side: --ns-join. */

static const char *const join_order[] = {"user", "mnt", "pid",	  "net",
					 "uts",	 "ipc", "cgroup", "time"};

int ns_join(pid_t pid, char **self_argv, const char **ret_what)
{
	static char what[80];
	int fds[JT_ARRAY_SIZE(join_order)];
	bool skip[JT_ARRAY_SIZE(join_order)];
	int r = 0;

	for (size_t i = 0; i < JT_ARRAY_SIZE(join_order); i++) {
		fds[i] = -1;
		skip[i] = false;
	}
	/* Open all first: after setns(user) or setns(mnt) /proc/PID may no
	 * longer be reachable. */
	for (size_t i = 0; i < JT_ARRAY_SIZE(join_order); i++) {
		char path[64], self[64];
		struct stat a = {0}, b = {0};

		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, join_order[i]);
		snprintf(self, sizeof(self), "/proc/self/ns/%s", join_order[i]);
		fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0) {
			if (errno == ENOENT && i > 0 && access(self, F_OK) < 0) {
				skip[i] = true; /* this kernel lacks that namespace type */
				continue;
			}
			r = -errno;
			snprintf(what, sizeof(what), "--ns-join: open %s", path);
			goto out;
		}
		/* Already there: setns into one's own user ns is EINVAL. */
		if (fstat(fds[i], &a) == 0 && stat(self, &b) == 0 && a.st_ino == b.st_ino &&
		    a.st_dev == b.st_dev)
			skip[i] = true;
	}
	for (size_t i = 0; i < JT_ARRAY_SIZE(join_order); i++) {
		if (skip[i])
			continue;
		if (setns(fds[i], 0) < 0) {
			r = -errno;
			snprintf(what, sizeof(what), "--ns-join: setns into the %s namespace of %d",
				 join_order[i], (int)pid);
			goto out;
		}
	}
out:
	for (size_t i = 0; i < JT_ARRAY_SIZE(join_order); i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (r < 0) {
		*ret_what = what;
		return r;
	}
	/* pid and time namespaces apply to children only: the program is a
	 * child, as with nsenter.  Always, so the tracer sees one shape. */
	r = fork_supervisor(false, self_argv);
	if (r < 0)
		*ret_what = "--ns-join: fork";
	return r;
}
