/* launcher: starts the program under the tracer's control.
 *
 * Tracer side: launcher_resolve finds PROG on PATH (so "not found" and
 * "cannot execute" are known before anything runs); the caller builds the
 * filter into launch.prog (filter.h); launcher_start prepares the sandbox
 * (ns_prepare), forks/clones the child (with the namespace flags for --ns),
 * writes its uid/gid maps, and seizes it with every ptrace option; only
 * launcher_release lets it go on.
 * Child side, in order: wait for the tracer; under --ns the namespaces
 * (mounts, ids, hostname, loopback); under --ns or --ns-join a session of
 * its own and no inherited fd but 0-2 and --keep-fd; --ns-join's setns and
 * fork; with a new pid namespace, pid 1 init forks the program;
 * capabilities; no_new_privs; Landlock; seccomp filter; execve.  Every
 * failure there is reported to the tracer through a CLOEXEC pipe (what
 * failed, errno, exit code) and ends the child: the program never runs
 * with less confinement than asked for. */
#pragma once

#include <sys/types.h>

#include "cli.h"
#include "filter.h"

struct launch {
	const struct run_options *opts;
	char *exec_path;        /* resolved PROG (owned) */
	struct filter_prog prog;
	struct ns_prepared ns;  /* host ids, --rw trees, the log to cover */
	pid_t child;            /* the forked child (the init with a pid ns) */
	int err_fd;             /* read end of the child's error pipe */
	int sync_fd;            /* write end: closing it releases the child */
};

/* Resolve @prog like execvp does.  0, or -ENOENT (exit 127), -EACCES /
 * -EISDIR / -ENOEXEC (exit 126) with *ret_path unset. */
int launcher_resolve(const char *prog, char **ret_path);

/* Fork, set up and seize the child; it waits until launcher_release.
 * Returns 0 or -errno after printing one line (exit 125). */
int launcher_start(struct launch *l);

/* Let the child go on to exec. */
void launcher_release(struct launch *l);

/* After the program ended without a successful execve: print the child's
 * one-line reason and return the exit code it chose (125/126/127), or 0 when
 * the child reported nothing. */
int launcher_report_child_failure(struct launch *l);

void launcher_cleanup(struct launch *l);
