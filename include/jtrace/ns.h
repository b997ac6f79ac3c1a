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

#include "value.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080 /* Linux 5.6; glibc < 2.36 lacks it */
#endif

#define NS_MAX_MOUNTS 64

#define NS_MAX_KEEP_FDS 32

enum ns_mount_kind { NS_MOUNT_TMPFS, NS_MOUNT_RO, NS_MOUNT_RW };

struct ns_mount {
	enum ns_mount_kind kind;
	const char *path; /* absolute, as given (argv storage) */
};

struct ns_opts {
	bool enabled;        /* --ns or --ns=LIST given */
	int clone_flags;     /* CLONE_NEW* selected (--ns = all but time) */
	bool share_net;      /* --share-net: drop CLONE_NEWNET */
	long uid, gid;       /* inside ids (--uid/--gid); -1 = caller's mapped to 0 */
	long host_uid, host_gid; /* --host-uid/--host-gid: outside ids; -1 = default
				  * (the caller's; as root the overflow ids) */
	const char *hostname; /* default "jtrace" when CLONE_NEWUTS */
	struct ns_mount mounts[NS_MAX_MOUNTS];
	unsigned n_mounts;
	pid_t join_pid;      /* --ns-join PID, 0 = none */
	int keep_fds[NS_MAX_KEEP_FDS]; /* --keep-fd: inherited beyond 0-2 */
	unsigned n_keep_fds;
};

/* What the tracer decides and opens before the clone, for the child and for
 * ns_write_maps (see ns_prepare). */
struct ns_prepared {
	bool prepared;           /* ns_prepare ran: the fds below are ours */
	long host_uid, host_gid; /* outside ids of the single mapping */
	bool privileged;         /* maps written by root: setgroups stays
				  * allowed so the child can drop root's
				  * supplementary groups */
	int rw_fds[NS_MAX_MOUNTS]; /* NS_MOUNT_RW: detached idmapped tree, else -1 */
	const char *hide;        /* the -o log: covered inside (absolute), or NULL */
	char hide_buf[4096];
};

/* Tracer side, before the clone.  Chooses the outside ids: --host-uid/
 * --host-gid, else the caller's, else (as root) the overflow ids
 * (/proc/sys/kernel/overflow{u,g}id, 65534), so that the sandbox's root is
 * an unprivileged host user that DAC keeps away from the host's files,
 * sysctls and devices.  As root without a user namespace and without
 * --host-uid=0: -EPERM (PROG would be host root).  For each --rw DIR, as
 * root with an unprivileged mapping: a detached clone of DIR
 * (open_tree(OPEN_TREE_CLONE)) idmapped (mount_setattr(MOUNT_ATTR_IDMAP))
 * through a throw-away user namespace that maps DIR's owner to the
 * sandbox's host ids, so the sandbox's root writes DIR and new files keep
 * DIR's owner on disk; -EOPNOTSUPP style errors when the filesystem cannot
 * do it.  @log_path (the -o file, NULL for stdio): resolved, to be covered
 * inside; -EMLINK when it has other hard links.  Returns 0 or -errno with
 * *ret_what.  Always call ns_prepared_close. */
int ns_prepare(const struct ns_opts *opts, const char *log_path, struct ns_prepared *ret,
	       const char **ret_what);
void ns_prepared_close(struct ns_prepared *p);

/* Tracer side, before the log is opened: under --ns with a mount namespace
 * the -o FILE must exist before the clone so the child can cover it (a
 * mount needs an existing file; the sink would create FILE only at the
 * program's exec, in view of the program).  When FILE does not exist it is
 * created empty here (O_EXCL, 0644) and *ret_created is set: the caller
 * removes it again if the program never exec'd, so a failed run still
 * leaves no log where there was none.  0 or -errno. */
int ns_log_placeholder(const struct ns_opts *opts, const char *log_path, bool *ret_created);

/* Child side, under --ns (after ns_setup_child) or --ns-join (first
 * thing): a session of its own (bubblewrap's
 * --new-session), so the program has no controlling terminal and TIOCSTI
 * cannot push input into the caller's terminal; then every fd but 0-2,
 * @keep_also and opts->keep_fds is closed (nsjail's default).
 * Async-signal-safe. */
int ns_child_isolate(const struct ns_opts *opts, int keep_also, const char **ret_what);

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
 * namespace is created (no-op otherwise): "deny" to setgroups unless
 * prep->privileged, then the single line "INSIDE prep->host_uid 1"
 * (INSIDE = opts->uid, 0 when -1) and the same for gids.  Never the whole
 * range, not even as root.  First, with or without a user namespace, it
 * checks that every namespace asked for is really new (stat of
 * /proc/CHILD/ns/NAME vs ours): -EINVAL otherwise, so call it for every
 * --ns run, not only with user.  Returns 0 or -errno; *ret_what says which
 * step failed. */
int ns_write_maps(pid_t child, const struct ns_opts *opts, const struct ns_prepared *prep,
		  const char **ret_what);

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

/* Child side, after the maps are written: as prep->privileged, drop the
 * supplementary groups; with mnt: propagation private on /, a new proc on
 * /proc (when pid is created too), with net a sysfs of the new net
 * namespace on /sys/class/net and /sys/devices/virtual/net (or, where sysfs
 * is refused, an empty read-only tmpfs on /sys/class/net), then
 * opts->mounts in command-line order (--tmpfs: tmpfs mode 0755
 * nosuid,nodev; --ro: recursive bind onto itself, every mount at or below
 * remounted read-only keeping its locked flags; --rw: prep->rw_fds[i] moved
 * onto DIR), then prep->hide covered by a read-only /dev/null, and the cwd
 * entered again by name; then, with user, the mapped ids become ours for
 * real (setresgid/setresuid; until then the creator's host ids, which can
 * reach below 0700 directories of the caller); with uts: hostname; with net
 * (and not share_net): loopback up.  Mounts without the mnt namespace:
 * -EINVAL.
 * Returns 0 or -errno with *ret_what set (static string). */
int ns_setup_child(const struct ns_opts *opts, const struct ns_prepared *prep,
		   const char **ret_what);

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
 * signal N).  The init is not dumpable and overwrites @self_argv's strings
 * (jtrace-run's argv, NULL-terminated) so /proc/1/cmdline reads
 * "jtrace-init", not the -o path.  Reaping traced zombies waits for the
 * tracer: it must keep reaping until the init has exited.  -errno when fork
 * fails. */
int ns_become_init(char **self_argv);

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
int ns_join(pid_t pid, char **self_argv, const char **ret_what);

/* Tracer side: add to the start record, when opts creates namespaces and
 * child > 0: "namespaces" {name: inode of /proc/CHILD/ns/NAME} and
 * "uid_map"/"gid_map" read back from /proc/CHILD as arrays of {inside,
 * outside, count} (the inherited map when no user namespace is created);
 * with opts->join_pid: the namespaces of that process that differ from
 * ours, and its maps;
 * always (opts may be NULL): "environment" {container (null, "docker",
 * "podman", "lxc", "systemd-nspawn", "kubernetes", $container, "unknown"),
 * cgroup (path or null), seccomp, traced, userns_unprivileged (bools), uid}. */
void ns_describe(struct jv *start, pid_t child, const struct ns_opts *opts);

/* Read NSpid (innermost) from /proc/PID/status; returns pid itself when
 * there is no nested namespace, -errno on failure. */
pid_t ns_inner_pid(pid_t pid);
