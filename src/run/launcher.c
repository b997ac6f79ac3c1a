/* launcher: fork/clone, ptrace seize, and the child's road to execve.
 * See include/jtrace/launcher.h for the order of steps and why. */
#include <jtrace/caps.h>
#include <jtrace/landlock.h>
#include <jtrace/launcher.h>
#include <jtrace/ns.h>
#include <jtrace/util.h>

#include <fcntl.h>
#include <linux/sched.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

extern char **environ;

/* What the child sends back when it cannot reach execve. */
struct child_failure {
	int exit_code;
	int err;
	char what[112];
};

static int check_executable(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -EACCES;
	if (access(path, X_OK) < 0)
		return -errno;
	return 0;
}

int launcher_resolve(const char *prog, char **ret_path)
{
	const char *path_env = getenv("PATH");
	cleanup_free char *paths = NULL;
	char *dir = NULL, *save = NULL;
	int seen = -ENOENT;

	if (!*prog)
		return -ENOENT;
	if (strchr(prog, '/')) {
		int r = check_executable(prog);

		if (r < 0)
			return r;
		*ret_path = strdup(prog);
		return *ret_path ? 0 : -ENOMEM;
	}
	paths = strdup(path_env && *path_env ? path_env : "/usr/local/bin:/usr/bin:/bin");
	if (!paths)
		return -ENOMEM;
	for (dir = strtok_r(paths, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		char cand[PATH_MAX];
		int r = 0;

		if (snprintf(cand, sizeof(cand), "%s/%s", *dir ? dir : ".", prog) >= (int)sizeof(cand))
			continue;
		r = check_executable(cand);
		if (r == 0) {
			*ret_path = strdup(cand);
			return *ret_path ? 0 : -ENOMEM;
		}
		/* As execvp: a file that exists but cannot run is reported
		 * if nothing later on PATH can. */
		if (r != -ENOENT && r != -ENOTDIR)
			seen = r;
	}
	return seen;
}

/* ---- child side: no stdio, failures go to the error pipe ---- */

static __attribute__((noreturn)) void child_fail(int fd, int exit_code, int err, const char *what)
{
	struct child_failure f;

	memset(&f, 0, sizeof(f));
	f.exit_code = exit_code;
	f.err = err < 0 ? -err : err;
	strncpy(f.what, what, sizeof(f.what) - 1);
	(void)!write(fd, &f, sizeof(f));
	_exit(exit_code);
}

static __attribute__((noreturn)) void child_main(struct launch *l, int sync_rd, int err_wr)
{
	const struct run_options *o = l->opts;
	const char *what = NULL;
	sigset_t all;
	char go = 0;
	int r = 0;

	/* Die with the tracer even before it has seized us. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (read(sync_rd, &go, 1) != 1)
		_exit(EXIT_JTRACE_FAILURE); /* the tracer went away */
	close(sync_rd);

	if (o->ns.enabled) {
		r = ns_setup_child(&o->ns, &l->ns, &what);
		if (r < 0)
			child_fail(err_wr, EXIT_JTRACE_FAILURE, r, what);
	}
	if (o->ns.enabled || o->ns.join_pid > 0) {
		r = ns_child_isolate(&o->ns, err_wr, &what);
		if (r < 0)
			child_fail(err_wr, EXIT_JTRACE_FAILURE, r, what);
	}
	if (o->ns.join_pid > 0) {
		r = ns_join(o->ns.join_pid, o->self_argv, &what);
		if (r < 0)
			child_fail(err_wr, EXIT_JTRACE_FAILURE, r, what);
	}
	if (o->ns.enabled) {
		if (o->ns.clone_flags & CLONE_NEWPID) {
			r = ns_become_init(o->self_argv);
			if (r < 0)
				child_fail(err_wr, EXIT_JTRACE_FAILURE, r, "forking the program from the sandbox init");
		}
	}
	if (o->ns.enabled || o->caps_given) {
		r = caps_drop(&o->caps, &what);
		if (r < 0)
			child_fail(err_wr, EXIT_JTRACE_FAILURE, r, what);
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		child_fail(err_wr, EXIT_JTRACE_FAILURE, errno, "setting no_new_privs");
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	/* After no_new_privs (Landlock needs it), before the filter (whose
	 * guard would stop the landlock calls). */
	r = landlock_confine(o, &what);
	if (r < 0)
		child_fail(err_wr, EXIT_JTRACE_FAILURE, r, what);
	r = filter_install(&l->prog);
	if (r < 0)
		child_fail(err_wr, EXIT_JTRACE_FAILURE, r, "installing the seccomp filter");
	execve(l->exec_path, o->argv, environ);
	r = errno;
	child_fail(err_wr, r == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE, r, l->exec_path);
}

/* ---- tracer side ---- */

static pid_t spawn(const struct ns_opts *ns)
{
	int flags = ns->enabled ? ns_effective_flags(ns) : 0;
	struct clone_args args;

	if (!flags)
		return fork();
	/* Raw clone3: like fork, but the child starts in the new namespaces
	 * (and is pid 1 of a new pid namespace).  clone(2) cannot create a
	 * time namespace (its bit is taken by the exit signal), so clone
	 * serves only where clone3 is refused and no time namespace is asked
	 * for. */
	memset(&args, 0, sizeof(args));
	args.flags = (uint64_t)(unsigned)flags;
	args.exit_signal = SIGCHLD;
	{
		long pid = syscall(SYS_clone3, &args, sizeof(args));

		if (pid >= 0 || errno != ENOSYS || (flags & CLONE_NEWTIME))
			return (pid_t)pid;
	}
	return (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, 0L);
}

static void kill_child(struct launch *l)
{
	if (l->child > 0) {
		kill(l->child, SIGKILL);
		waitpid(l->child, NULL, __WALL);
		l->child = -1;
	}
}

int launcher_start(struct launch *l)
{
	int sync_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
	const long options = PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
			     PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACESYSGOOD |
			     PTRACE_O_EXITKILL;
	const char *what = NULL;
	int r = 0;

	l->child = -1;
	l->err_fd = -1;
	l->sync_fd = -1;
	r = ns_prepare(&l->opts->ns, l->opts->output, &l->ns, &what);
	if (r < 0) {
		jt_error_errno(r, "%s", what ? what : "preparing the sandbox");
		goto fail;
	}
	if (pipe2(sync_pipe, O_CLOEXEC) < 0 || pipe2(err_pipe, O_CLOEXEC) < 0) {
		r = -errno;
		jt_error_errno(r, "creating pipes");
		goto fail;
	}
	fflush(NULL);
	l->child = spawn(&l->opts->ns);
	if (l->child < 0) {
		r = -errno;
		if (l->opts->ns.enabled)
			jt_error("%s", ns_explain_failure(r, l->opts->ns.clone_flags));
		else
			jt_error_errno(r, "fork");
		goto fail;
	}
	if (l->child == 0) {
		close(sync_pipe[1]);
		close(err_pipe[0]);
		child_main(l, sync_pipe[0], err_pipe[1]);
	}
	close(sync_pipe[0]);
	close(err_pipe[1]);
	sync_pipe[0] = err_pipe[1] = -1;
	l->sync_fd = sync_pipe[1];
	l->err_fd = err_pipe[0];
	/* The report is read only after the program ended; never wait for an
	 * EOF that a surviving descendant could hold off. */
	fcntl(l->err_fd, F_SETFL, O_NONBLOCK);

	if (l->opts->ns.enabled) {
		/* Also checks that every namespace asked for was created. */
		r = ns_write_maps(l->child, &l->opts->ns, &l->ns, &what);
		if (r < 0) {
			jt_error_errno(r, "%s", what ? what : "writing the uid/gid maps");
			goto fail;
		}
	}
	if (ptrace(PTRACE_SEIZE, l->child, 0L, options) < 0) {
		r = -errno;
		jt_error_errno(r, "cannot trace the child (ptrace restricted? see kernel.yama.ptrace_scope)");
		goto fail;
	}
	/* The child has its copies of the --rw trees. */
	ns_prepared_close(&l->ns);
	return 0;
fail:
	kill_child(l);
	for (int i = 0; i < 2; i++) {
		if (sync_pipe[i] >= 0)
			close(sync_pipe[i]);
		if (err_pipe[i] >= 0)
			close(err_pipe[i]);
	}
	l->sync_fd = l->err_fd = -1;
	return r < 0 ? r : -EIO;
}

void launcher_release(struct launch *l)
{
	char go = 'g';

	if (l->sync_fd >= 0) {
		(void)!write(l->sync_fd, &go, 1);
		close(l->sync_fd);
		l->sync_fd = -1;
	}
}

int launcher_report_child_failure(struct launch *l)
{
	struct child_failure f;
	ssize_t n = 0;

	if (l->err_fd < 0)
		return 0;
	memset(&f, 0, sizeof(f));
	n = read(l->err_fd, &f, sizeof(f));
	if (n != (ssize_t)sizeof(f))
		return 0;
	f.what[sizeof(f.what) - 1] = '\0';
	if (f.exit_code == EXIT_NOT_FOUND || f.exit_code == EXIT_CANNOT_EXECUTE)
		jt_error_errno(f.err, "cannot execute %s", f.what);
	else
		jt_error_errno(f.err, "%s", f.what);
	return f.exit_code;
}

void launcher_cleanup(struct launch *l)
{
	if (l->sync_fd >= 0)
		close(l->sync_fd);
	if (l->err_fd >= 0)
		close(l->err_fd);
	l->sync_fd = l->err_fd = -1;
	ns_prepared_close(&l->ns);
	free(l->exec_path);
	l->exec_path = NULL;
	filter_prog_free(&l->prog);
}
