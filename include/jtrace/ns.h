/* ns: the namespace sandbox (--ns).  Split by who runs the code:
 *   tracer side (jtrace-run, before and after clone): option parsing,
 *     clone flags, writing the child's uid/gid maps, describing the
 *     environment for the start record;
 *   child side (between clone and execve; single-threaded parent, so plain
 *     libc is safe, but no stdio: failures are returned as -errno plus a
 *     static "what failed" string for the error pipe): mounts, hostname,
 *     loopback, and the pid-1 init loop.
 *
 * Order in the child (bubblewrap's and nsjail's order):
 *   wait for maps → mount propagation private → /proc → --tmpfs/--ro →
 *   hostname → loopback up → [fork: init stays pid 1] → caps → NNP →
 *   seccomp → execve. */
#pragma once

#include <sched.h> /* CLONE_NEW*: users of clone_flags need them */
#include <stdbool.h>
#include <sys/types.h>

#include <json-c/json.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080 /* Linux 5.6; glibc < 2.36 lacks it */
#endif

#define NS_MAX_MOUNTS 64

enum ns_mount_kind { NS_MOUNT_TMPFS, NS_MOUNT_RO };

struct ns_mount {
	enum ns_mount_kind kind;
	const char *path; /* absolute, as given (argv storage) */
};

struct ns_opts {
	bool enabled;        /* --ns or --ns=LIST given */
	int clone_flags;     /* CLONE_NEW* selected (--ns = all but time) */
	bool share_net;      /* --share-net: drop CLONE_NEWNET */
	long uid, gid;       /* inside ids (--uid/--gid); -1 = caller's mapped to 0 */
	const char *hostname; /* default "jtrace" when CLONE_NEWUTS */
	struct ns_mount mounts[NS_MAX_MOUNTS];
	unsigned n_mounts;
	pid_t join_pid;      /* --ns-join PID, 0 = none */
};

/* Parse "user,pid,mnt,uts,ipc,net,cgroup,time" (or NULL for the default
 * set: all but time) into opts->clone_flags and set opts->enabled.  Also
 * accepted: "mount", "network", "all" (= the default set).  On -EINVAL
 * *ret_bad names the bad item (static storage).  Does not look at
 * share_net: see ns_effective_flags. */
int ns_parse_list(const char *list, struct ns_opts *opts, const char **ret_bad);

/* The CLONE_NEW* flags to create: 0 unless opts->enabled, clone_flags
 * without CLONE_NEWNET when share_net.  This is what the launcher passes to
 * clone (CLONE_NEWTIME, 0x80, is accepted by clone3 and unshare only: with
 * plain clone() it is CSIGNAL's bit). */
int ns_effective_flags(const struct ns_opts *opts);

/* "user", "pid", "mnt", ... for one CLONE_NEW* flag (also the file name
 * under /proc/PID/ns/), NULL for anything else. */
const char *ns_flag_name(int flag);

/* Tracer side: write /proc/CHILD/{setgroups,uid_map,gid_map} when a user
 * namespace is created (no-op otherwise): "deny" to setgroups (always, also
 * as root, for one behaviour), then the single line "INSIDE geteuid() 1"
 * (INSIDE = opts->uid, 0 when -1) and the same for gids.  Never the whole
 * range, not even as root.  First, with or without a user namespace, it
 * checks that every namespace asked for is really new (stat of
 * /proc/CHILD/ns/NAME vs ours): -EINVAL otherwise, so call it for every
 * --ns run, not only with user.  Returns 0 or -errno; *ret_what says which
 * step failed. */
int ns_write_maps(pid_t child, const struct ns_opts *opts, const char **ret_what);

/* Tracer side: why unshare/clone with these flags failed (err: errno,
 * either sign), as one line with the fix (sysctl, AppArmor, container
 * seccomp, privilege, limits, unsupported type).  No "jtrace-run: " prefix
 * and no newline: print it with jt_error("%s", ...).  Static buffer. */
const char *ns_explain_failure(int err, int clone_flags);

/* Best effort: whether this system lets unprivileged users create user
 * namespaces (user.max_user_namespaces > 0, kernel.unprivileged_userns_clone
 * != 0 and kernel.apparmor_restrict_unprivileged_userns != 1 where those
 * exist). */
bool ns_userns_allowed(void);

/* Child side, after the maps are written: with mnt: propagation private on
 * /, a new proc on /proc (when pid is created too), then opts->mounts in
 * command-line order (--tmpfs: tmpfs mode 0755 nosuid,nodev; --ro: recursive
 * bind onto itself, every mount at or below remounted read-only keeping its
 * locked flags); with uts: hostname; with net (and not share_net): loopback
 * up.  --tmpfs/--ro without the mnt namespace: -EINVAL.  Returns 0 or -errno
 * with *ret_what set (static string). */
int ns_setup_child(const struct ns_opts *opts, const char **ret_what);

/* Child side, in a new net namespace: lo up with 127.0.0.1/8 and ::1 over
 * rtnetlink, each request acknowledged.  0 or -errno with *ret_what. */
int ns_loopback_up(const char **ret_what);

/* Child side: become pid 1 of the new pid namespace.  Sets
 * PR_SET_PDEATHSIG=SIGKILL (call it while still traced with EXITKILL, so
 * the tracer's death always takes the sandbox along), then forks; returns 0
 * in the child that goes on to exec the program (pid 2 inside), never
 * returns in the parent, which closes every fd (stdio and the tracer's
 * pipes included), reaps everything, forwards SIGINT/SIGTERM/SIGHUP/
 * SIGQUIT/SIGUSR1/SIGUSR2 to the program, SIGKILLs what is left when the
 * program exits, reaps it, and _exits with the program's status (128+N for
 * signal N).  Reaping traced zombies waits for the tracer: it must keep
 * reaping until the init has exited.  -errno when fork fails. */
int ns_become_init(void);

/* Child side: --ns-join: open /proc/PID/ns/{user,mnt,pid,net,uts,ipc,
 * cgroup,time} first, then setns into each one that differs from ours,
 * user first; types this kernel lacks are skipped, any other failure is
 * fatal (never less isolation than asked).  pid and time apply to children
 * only, so ns_join then forks, as ns_become_init does: it returns 0 in the
 * child (the program, inside the joined pid namespace) and never returns in
 * the parent, a waiter ("jtrace-join") that dies with the tracer, forwards
 * the same signals, exits with the program's status and -- not being pid 1
 * of anything -- kills nobody.  The tracer treats it like the init (detach
 * at its fork).  -errno with *ret_what naming the namespace or step. */
int ns_join(pid_t pid, const char **ret_what);

/* Tracer side: add to the start record, when opts creates namespaces and
 * child > 0: "namespaces" {name: inode of /proc/CHILD/ns/NAME} and
 * "uid_map"/"gid_map" read back from /proc/CHILD as arrays of {inside,
 * outside, count} (the inherited map when no user namespace is created);
 * with opts->join_pid: the namespaces of that process that differ from
 * ours, and its maps;
 * always (opts may be NULL): "environment" {container (null, "docker",
 * "podman", "lxc", "systemd-nspawn", "kubernetes", $container, "unknown"),
 * cgroup (path or null), seccomp, traced, userns_unprivileged (bools), uid}. */
void ns_describe(json_object *start, pid_t child, const struct ns_opts *opts);

/* Read NSpid (innermost) from /proc/PID/status; returns pid itself when
 * there is no nested namespace, -errno on failure. */
pid_t ns_inner_pid(pid_t pid);
