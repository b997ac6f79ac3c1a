/* ns: the namespace sandbox, tracer side -- parsing --ns=LIST, the
 * namespaces clone creates, the uid/gid maps the tracer writes, what is
 * prepared before the fork (--rw trees, the log to hide, idmapped mounts)
 * and NSpid look-ups.  The child side lives in ns-mount.c (mounts, ids,
 * hostname) and ns-init.c (session and fds, the pid-1 init, --ns-join);
 * loopback configuration in ns-netlink.c; the start record's environment
 * and the refusal messages in ns-env.c. */
#include <jtrace/ns.h>
#include <jtrace/util.h>

#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
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

int ns_write_maps(pid_t child, const struct ns_opts *opts, const struct ns_prepared *prep,
		  const char **ret_what)
{
	int flags = ns_effective_flags(opts);
	char map[64];
	int r = 0;

	r = verify_created(child, flags, ret_what);
	if (r < 0)
		return r;
	if (!(flags & CLONE_NEWUSER))
		return 0;
	/* "deny" for an unprivileged writer (the kernel refuses the gid map
	 * otherwise).  Root's supplementary groups (host gids: 0, disk, ...)
	 * would stay with the sandbox under "deny", and DAC would let it in
	 * through them; so as root setgroups stays allowed and the child
	 * drops them (ns_setup_child).  With a single mapped gid, setgroups()
	 * inside can name nothing else.  Kernels without the file (< 3.19)
	 * have nothing to deny. */
	if (!prep->privileged) {
		r = write_proc_file(child, "setgroups", "deny");
		if (r < 0 && r != -ENOENT) {
			*ret_what = "write /proc/PID/setgroups";
			return r;
		}
	}
	/* One id each, also as root: mapping the whole range would give the
	 * sandbox's root the host's root files.  The outside id is the
	 * caller's effective one (what the kernel checks for an unprivileged
	 * writer) or, as root, an unprivileged one (ns_prepare). */
	snprintf(map, sizeof(map), "%ld %ld 1\n", opts->uid < 0 ? 0L : opts->uid, prep->host_uid);
	r = write_proc_file(child, "uid_map", map);
	if (r < 0) {
		*ret_what = "write /proc/PID/uid_map";
		return r;
	}
	snprintf(map, sizeof(map), "%ld %ld 1\n", opts->gid < 0 ? 0L : opts->gid, prep->host_gid);
	r = write_proc_file(child, "gid_map", map);
	if (r < 0) {
		*ret_what = "write /proc/PID/gid_map";
		return r;
	}
	return 0;
}

/* Tracer side: preparing the clone. */

static long overflow_id(const char *path)
{
	cleanup_free char *buf = NULL;
	long v = 0;

	if (jt_read_file(path, &buf, NULL) < 0)
		return 65534;
	buf[strcspn(buf, "\n")] = '\0';
	if (jt_parse_long_base(buf, 10, 1, 0xfffffffeL, &v) < 0)
		return 65534;
	return v;
}

/* A user namespace that maps @disk_uid/@disk_gid (ids as stored in DIR's
 * filesystem) to the sandbox's host ids, kept by an fd: a helper is cloned
 * into a new user namespace, its maps written, its ns opened, and it exits. */
static int idmap_userns(uid_t disk_uid, gid_t disk_gid, const struct ns_prepared *p, int *ret_fd)
{
	int pfd[2] = {-1, -1};
	char path[64], map[64];
	pid_t pid = 0;
	int r = 0, fd = -1;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	pid = (pid_t)syscall(SYS_clone, (unsigned long)CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL,
			     0L);
	if (pid < 0) {
		r = -errno;
		close(pfd[0]);
		close(pfd[1]);
		return r;
	}
	if (pid == 0) {
		char c = 0;

		close(pfd[1]);
		(void)!read(pfd[0], &c, 1); /* until the parent is done */
		_exit(0);
	}
	close(pfd[0]);
	snprintf(map, sizeof(map), "%u %ld 1\n", (unsigned)disk_uid, p->host_uid);
	r = write_proc_file(pid, "uid_map", map);
	if (r == 0) {
		snprintf(map, sizeof(map), "%u %ld 1\n", (unsigned)disk_gid, p->host_gid);
		r = write_proc_file(pid, "gid_map", map);
	}
	if (r == 0) {
		snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			r = -errno;
	}
	close(pfd[1]);
	waitpid(pid, NULL, 0);
	if (r < 0)
		return r;
	*ret_fd = fd;
	return 0;
}

static int prepare_rw(const char *dir, const struct ns_prepared *p, int *ret_fd,
		      const char **ret_what)
{
	static char what[256];
	struct mount_attr attr = {0};
	struct stat st = {0};
	struct statfs sf = {0};
	cleanup_fd int tree = -1;
	cleanup_fd int userns = -1;
	int r = 0;

	tree = open_tree(AT_FDCWD, dir, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (tree < 0) {
		r = -errno;
		snprintf(what, sizeof(what), "--rw: cannot clone the mount of %.100s", dir);
		*ret_what = what;
		return r;
	}
	if (fstat(tree, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(what, sizeof(what), "--rw: %.100s is not a directory", dir);
		*ret_what = what;
		return -ENOTDIR;
	}
	r = idmap_userns(st.st_uid, st.st_gid, p, &userns);
	if (r < 0) {
		*ret_what = "--rw: creating the user namespace of the idmapped mount";
		return r;
	}
	attr.attr_set = MOUNT_ATTR_IDMAP;
	attr.userns_fd = (uint64_t)userns;
	if (mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0) {
		r = -errno;
		fstatfs(tree, &sf);
		snprintf(what, sizeof(what),
			 "--rw: the filesystem of %.100s (type 0x%lx) does not support idmapped "
			 "mounts",
			 dir, (unsigned long)sf.f_type);
		*ret_what = what;
		return r;
	}
	*ret_fd = tree;
	tree = -1;
	return 0;
}

int ns_prepare(const struct ns_opts *opts, const char *log_path, struct ns_prepared *p,
	       const char **ret_what)
{
	static char what[256];
	int flags = ns_effective_flags(opts);
	bool root = geteuid() == 0;
	int r = 0;

	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < NS_MAX_MOUNTS; i++)
		p->rw_fds[i] = -1;
	p->prepared = true;
	p->privileged = root;
	p->host_uid = opts->host_uid >= 0 ? opts->host_uid
		      : root		  ? overflow_id("/proc/sys/kernel/overflowuid")
					  : (long)geteuid();
	p->host_gid = opts->host_gid >= 0 ? opts->host_gid
		      : root		  ? overflow_id("/proc/sys/kernel/overflowgid")
					  : (long)getegid();
	if (!opts->enabled)
		return 0;
	if (!root && (p->host_uid != (long)geteuid() || p->host_gid != (long)getegid())) {
		*ret_what =
			"--host-uid/--host-gid: only root can map the sandbox to another host id";
		return -EPERM;
	}
	if (root && !(flags & CLONE_NEWUSER) && (p->host_uid != 0 || p->host_gid != 0)) {
		*ret_what = "--ns without user as root would run PROG as host root: add user to "
			    "--ns, or accept that with --host-uid=0 --host-gid=0";
		return -EPERM;
	}
	for (unsigned i = 0; i < opts->n_mounts && i < NS_MAX_MOUNTS; i++) {
		if (opts->mounts[i].kind != NS_MOUNT_RW)
			continue;
		/* Unprivileged or as host root, the sandbox already writes
		 * what the caller can: nothing to map. */
		if (!root || !(flags & CLONE_NEWUSER) || p->host_uid == 0)
			continue;
		r = prepare_rw(opts->mounts[i].path, p, &p->rw_fds[i], ret_what);
		if (r < 0)
			return r;
	}
	if (log_path && strcmp(log_path, "-") != 0 && (flags & CLONE_NEWNS)) {
		struct stat st = {0};

		/* Normally there (ns_log_placeholder); a log that is not
		 * (removed meanwhile) is left to the sink. */
		if (!realpath(log_path, p->hide_buf) || stat(p->hide_buf, &st) < 0)
			return errno == ENOENT ? 0 : -errno;
		/* Another name for the same inode would not be covered. */
		if (S_ISREG(st.st_mode) && st.st_nlink > 1) {
			snprintf(what, sizeof(what),
				 "the log %.100s has other hard links the sandbox could write "
				 "through",
				 log_path);
			*ret_what = what;
			return -EMLINK;
		}
		if (S_ISREG(st.st_mode))
			p->hide = p->hide_buf;
	}
	return 0;
}

int ns_log_placeholder(const struct ns_opts *opts, const char *log_path, bool *ret_created)
{
	int fd = -1;

	*ret_created = false;
	if (!opts->enabled || !(ns_effective_flags(opts) & CLONE_NEWNS) || !log_path ||
	    strcmp(log_path, "-") == 0)
		return 0;
	fd = open(log_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno == EEXIST ? 0 : -errno; /* other errors: the sink says */
	close(fd);
	*ret_created = true;
	return 0;
}

void ns_prepared_close(struct ns_prepared *p)
{
	if (!p->prepared)
		return;
	for (size_t i = 0; i < NS_MAX_MOUNTS; i++) {
		if (p->rw_fds[i] >= 0)
			close(p->rw_fds[i]);
		p->rw_fds[i] = -1;
	}
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
