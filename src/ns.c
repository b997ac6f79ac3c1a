/* ns: the namespace sandbox itself -- parsing --ns=LIST, the uid/gid maps
 * written by the tracer, the child-side setup (mount propagation, /proc,
 * --tmpfs, --ro, hostname), the pid-1 init, --ns-join and NSpid look-ups.
 * Loopback configuration lives in ns-netlink.c; the start record's
 * environment and the refusal messages live in ns-env.c.
 *
 * Child-side code (ns_setup_child, ns_become_init, ns_join) runs between
 * clone and execve of a single-threaded tracer, so plain libc (malloc,
 * realpath) is safe, but it never touches stdio: failures are returned as
 * -errno plus a static string naming the step. */
#include <jtrace/ns.h>
#include <jtrace/util.h>

#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static const struct {
	const char *name;
	const char *alias;
	int flag;
} ns_names[] = {
	{"user", NULL, CLONE_NEWUSER},	   {"pid", NULL, CLONE_NEWPID},
	{"mnt", "mount", CLONE_NEWNS},	   {"uts", NULL, CLONE_NEWUTS},
	{"ipc", NULL, CLONE_NEWIPC},	   {"net", "network", CLONE_NEWNET},
	{"cgroup", NULL, CLONE_NEWCGROUP}, {"time", NULL, CLONE_NEWTIME},
};

#define NS_DEFAULT_FLAGS                                                                           \
	(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | \
	 CLONE_NEWCGROUP)

const char *ns_flag_name(int flag)
{
	for (size_t i = 0; i < JT_ARRAY_SIZE(ns_names); i++)
		if (ns_names[i].flag == flag)
			return ns_names[i].name;
	return NULL;
}

int ns_parse_list(const char *list, struct ns_opts *opts, const char **ret_bad)
{
	static char bad[64];
	int flags = 0;
	const char *p = list;

	if (!list) {
		opts->enabled = true;
		opts->clone_flags = NS_DEFAULT_FLAGS;
		return 0;
	}
	for (;;) {
		const char *end = strchrnul(p, ',');
		size_t len = (size_t)(end - p);
		int flag = 0;

		if (len == 3 && strncmp(p, "all", 3) == 0)
			flag = NS_DEFAULT_FLAGS;
		for (size_t i = 0; !flag && i < JT_ARRAY_SIZE(ns_names); i++) {
			const char *alias = ns_names[i].alias;

			if ((strlen(ns_names[i].name) == len &&
			     strncmp(p, ns_names[i].name, len) == 0) ||
			    (alias && strlen(alias) == len && strncmp(p, alias, len) == 0))
				flag = ns_names[i].flag;
		}
		if (!flag) {
			snprintf(bad, sizeof(bad), "%.*s", (int)(len < 60 ? len : 60), p);
			if (ret_bad)
				*ret_bad = bad;
			return -EINVAL;
		}
		flags |= flag;
		if (!*end)
			break;
		p = end + 1;
	}
	opts->enabled = true;
	opts->clone_flags = flags;
	return 0;
}

int ns_effective_flags(const struct ns_opts *opts)
{
	int flags = 0;

	if (!opts->enabled)
		return 0;
	flags = opts->clone_flags;
	if (opts->share_net)
		flags &= ~CLONE_NEWNET;
	return flags;
}

/* Tracer side. */

static int write_proc_file(pid_t pid, const char *name, const char *text)
{
	char path[64];
	cleanup_fd int fd = -1;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* The kernel takes a map in a single write() or not at all. */
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return errno ? -errno : -EIO;
	return 0;
}

/* Every namespace asked for really is new: never run the program with less
 * isolation than asked, e.g. CLONE_NEWTIME given to plain clone(), where
 * 0x80 is read as part of the exit signal and silently ignored. */
static int verify_created(pid_t child, int flags, const char **ret_what)
{
	static char what[96];

	for (size_t i = 0; i < JT_ARRAY_SIZE(ns_names); i++) {
		char theirs[64], ours[64];
		struct stat a = {0}, b = {0};

		if (!(flags & ns_names[i].flag))
			continue;
		snprintf(theirs, sizeof(theirs), "/proc/%d/ns/%s", (int)child, ns_names[i].name);
		snprintf(ours, sizeof(ours), "/proc/self/ns/%s", ns_names[i].name);
		if (stat(theirs, &a) < 0 || stat(ours, &b) < 0)
			continue; /* cannot tell; clone itself would have failed */
		if (a.st_ino == b.st_ino && a.st_dev == b.st_dev) {
			snprintf(what, sizeof(what), "the %s namespace was not created%s",
				 ns_names[i].name,
				 ns_names[i].flag == CLONE_NEWTIME ? " (it needs clone3 or unshare)"
								   : "");
			*ret_what = what;
			return -EINVAL;
		}
	}
	return 0;
}

int ns_write_maps(pid_t child, const struct ns_opts *opts, const char **ret_what)
{
	int flags = ns_effective_flags(opts);
	char map[64];
	int r = 0;

	r = verify_created(child, flags, ret_what);
	if (r < 0)
		return r;
	if (!(flags & CLONE_NEWUSER))
		return 0;
	/* "deny" always, root or not: unprivileged writers must (the kernel
	 * refuses the gid map otherwise), and for root it keeps the one
	 * behaviour -- with a single mapped gid, setgroups() inside could at
	 * best drop the caller's supplementary groups, which would make the
	 * sandbox behave differently as root than rootless.  Kernels without
	 * the file (< 3.19) have nothing to deny. */
	r = write_proc_file(child, "setgroups", "deny");
	if (r < 0 && r != -ENOENT) {
		*ret_what = "write /proc/PID/setgroups";
		return r;
	}
	/* One id each, also as root: mapping the whole range would give the
	 * sandbox's root the host's root files.  The outside id is the
	 * effective one, which is what the kernel checks for an unprivileged
	 * writer. */
	snprintf(map, sizeof(map), "%ld %u 1\n", opts->uid < 0 ? 0L : opts->uid,
		 (unsigned)geteuid());
	r = write_proc_file(child, "uid_map", map);
	if (r < 0) {
		*ret_what = "write /proc/PID/uid_map";
		return r;
	}
	snprintf(map, sizeof(map), "%ld %u 1\n", opts->gid < 0 ? 0L : opts->gid,
		 (unsigned)getegid());
	r = write_proc_file(child, "gid_map", map);
	if (r < 0) {
		*ret_what = "write /proc/PID/gid_map";
		return r;
	}
	return 0;
}

pid_t ns_inner_pid(pid_t pid)
{
	char path[64];
	cleanup_free char *buf = NULL;
	const char *line = NULL, *last = NULL;
	long v = 0;
	int r = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	r = jt_read_file(path, &buf, NULL);
	if (r < 0)
		return r;
	line = strstr(buf, "\nNSpid:");
	if (!line)
		return pid; /* kernel < 4.1: no nesting information */
	line += strlen("\nNSpid:");
	for (const char *p = line; *p && *p != '\n'; p++)
		if ((*p == ' ' || *p == '\t') && p[1] >= '0' && p[1] <= '9')
			last = p + 1;
	if (!last)
		return -EIO;
	{
		char num[24];
		size_t n = strcspn(last, " \t\n");

		if (n >= sizeof(num))
			return -EIO;
		memcpy(num, last, n);
		num[n] = '\0';
		if (jt_parse_long(num, 1, INT_MAX, &v) < 0)
			return -EIO;
	}
	return (pid_t)v;
}

/* Child side: mounts. */

static unsigned long statvfs_to_mount_flags(unsigned long f)
{
	unsigned long m = 0;

	/* Locked flags (inherited into a user namespace's mount ns) must be
	 * passed back unchanged or the remount fails with EPERM; that
	 * includes the atime mode, where "none of them" means strictatime. */
	if (f & ST_NOSUID)
		m |= MS_NOSUID;
	if (f & ST_NODEV)
		m |= MS_NODEV;
	if (f & ST_NOEXEC)
		m |= MS_NOEXEC;
	if (f & ST_NOATIME)
		m |= MS_NOATIME;
	if (f & ST_NODIRATIME)
		m |= MS_NODIRATIME;
	if (!(f & (ST_NOATIME | ST_RELATIME)))
		m |= MS_STRICTATIME;
	return m;
}

static int remount_ro(const char *path)
{
	struct statvfs sv = {0};

	if (statvfs(path, &sv) < 0)
		return -errno;
	if (mount(NULL, path, NULL,
		  MS_SILENT | MS_BIND | MS_REMOUNT | MS_RDONLY | statvfs_to_mount_flags(sv.f_flag),
		  NULL) < 0)
		return -errno;
	return 0;
}

/* Undo mountinfo's octal escapes (\040 for space, ...) in place. */
static void unescape_mountinfo(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* Remount read-only every mount at or below @dir (absolute, resolved), as
 * bubblewrap's --ro-bind does, so a submount cannot stay writable. */
static int remount_tree_ro(const char *dir)
{
	cleanup_free char *info = NULL;
	size_t dlen = strlen(dir);
	char *save = NULL;
	int r = 0;

	r = remount_ro(dir);
	if (r < 0)
		return r;
	r = jt_read_file("/proc/self/mountinfo", &info, NULL);
	if (r < 0)
		return r;
	for (char *line = strtok_r(info, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *mp = line;

		/* id parent major:minor root MOUNTPOINT ... */
		for (int i = 0; i < 4 && mp; i++) {
			mp = strchr(mp, ' ');
			if (mp)
				mp++;
		}
		if (!mp)
			continue;
		mp[strcspn(mp, " ")] = '\0';
		unescape_mountinfo(mp);
		if (strcmp(dir, "/") != 0 && (strncmp(mp, dir, dlen) != 0 || mp[dlen] != '/'))
			continue;
		if (strcmp(mp, dir) == 0)
			continue;
		r = remount_ro(mp);
		/* A mount we cannot even look at (EACCES) is also one the
		 * program cannot write through; an overmounted one (ENOENT
		 * after an earlier mount hid it) is gone from view. */
		if (r < 0 && r != -EACCES && r != -ENOENT)
			return r;
	}
	return 0;
}

static int mount_ro(const char *path, const char **ret_what)
{
	char real[PATH_MAX];
	int r = 0;

	if (!realpath(path, real)) {
		*ret_what = "--ro: cannot resolve the directory";
		return -errno;
	}
	if (mount(real, real, NULL, MS_SILENT | MS_BIND | MS_REC, NULL) < 0) {
		*ret_what = "--ro: bind mount";
		return -errno;
	}
	r = remount_tree_ro(real);
	if (r < 0) {
		*ret_what = "--ro: remount read-only";
		return r;
	}
	return 0;
}

static int mount_tmpfs(const char *path, const char **ret_what)
{
	if (mount("tmpfs", path, "tmpfs", MS_SILENT | MS_NOSUID | MS_NODEV, "mode=0755") < 0) {
		*ret_what = "--tmpfs: mount tmpfs";
		return -errno;
	}
	return 0;
}

int ns_setup_child(const struct ns_opts *opts, const char **ret_what)
{
	int flags = ns_effective_flags(opts);
	int r = 0;

	if (!(flags & CLONE_NEWNS) && opts->n_mounts > 0) {
		*ret_what = "--tmpfs/--ro need the mnt namespace";
		return -EINVAL;
	}
	if (flags & CLONE_NEWNS) {
		/* Nothing we mount may propagate back to the host. */
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
			*ret_what = "make / private (mount propagation)";
			return -errno;
		}
		if (flags & CLONE_NEWPID) {
			/* A proc for the new pid namespace; the kernel refuses
			 * it (EPERM) in a user namespace when the current /proc
			 * has masked paths, as in Docker's default. */
			if (mount("proc", "/proc", "proc",
				  MS_SILENT | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
				*ret_what = errno == EPERM ? "mount a new proc on /proc (refused "
							     "in a user namespace "
							     "when /proc has overmounted parts)"
							   : "mount a new proc on /proc";
				return -errno;
			}
		}
		for (unsigned i = 0; i < opts->n_mounts && i < NS_MAX_MOUNTS; i++) {
			const struct ns_mount *m = &opts->mounts[i];

			switch (m->kind) {
			case NS_MOUNT_TMPFS:
				r = mount_tmpfs(m->path, ret_what);
				break;
			case NS_MOUNT_RO:
				r = mount_ro(m->path, ret_what);
				break;
			default:
				*ret_what = "unknown mount kind";
				r = -EINVAL;
				break;
			}
			if (r < 0)
				return r;
		}
	}
	if (flags & CLONE_NEWUTS) {
		const char *h = opts->hostname ? opts->hostname : "jtrace";

		if (sethostname(h, strlen(h)) < 0) {
			*ret_what = "sethostname";
			return -errno;
		}
	}
	if (flags & CLONE_NEWNET) {
		r = ns_loopback_up(ret_what);
		if (r < 0)
			return r;
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

static int fork_supervisor(bool kill_rest)
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
	/* Our copies of the tracer's pipes (error pipe, exec-status pipe)
	 * and of stdio must not keep them open. */
	close_all_fds();
	supervise(pid, &set, kill_rest);
}

int ns_become_init(void)
{
	return fork_supervisor(true);
}

/* Child side: --ns-join. */

static const char *const join_order[] = {"user", "mnt", "pid",	  "net",
					 "uts",	 "ipc", "cgroup", "time"};

int ns_join(pid_t pid, const char **ret_what)
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
	r = fork_supervisor(false);
	if (r < 0)
		*ret_what = "--ns-join: fork";
	return r;
}
