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
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
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

/* Owned by the sandbox's ids (inside values, @uid/@gid; -1 when there is no
 * user namespace): the mounts are made before the child takes those ids, so
 * the tmpfs would otherwise belong to the creator's. */
static int mount_tmpfs(const char *path, long uid, long gid, const char **ret_what)
{
	char data[64] = "mode=0755";

	if (uid >= 0)
		snprintf(data, sizeof(data), "mode=0755,uid=%ld,gid=%ld", uid, gid);
	if (mount("tmpfs", path, "tmpfs", MS_SILENT | MS_NOSUID | MS_NODEV, data) < 0) {
		*ret_what = "--tmpfs: mount tmpfs";
		return -errno;
	}
	return 0;
}

/* The -o log, covered by a read-only /dev/null: the program can neither
 * read, truncate nor write it through its path (nor through a link made
 * from that path: the mount point is another filesystem's file), and being
 * a mount point it cannot be renamed or unlinked either.  A log the sandbox
 * cannot even look up (EACCES: a directory above it that we may not
 * search; ENOENT: under a --tmpfs) is out of its reach already. */
static int hide_log(const char *path, const char **ret_what)
{
	int r = 0;

	if (mount("/dev/null", path, NULL, MS_SILENT | MS_BIND, NULL) < 0) {
		if (errno == EACCES || errno == ENOENT)
			return 0; /* hidden already (0700 above it, a --tmpfs) */
		*ret_what = "covering the log file inside the sandbox";
		return -errno;
	}
	r = remount_ro(path);
	if (r < 0) {
		*ret_what = "making the log's cover read-only";
		return r;
	}
	return 0;
}

/* /sys/class/net as the new net namespace sees it: a sysfs created in it
 * lists only its own interfaces; its class/net and devices/virtual/net go
 * over the host's (the rest of the host's /sys stays, with its submounts).
 * Where the kernel refuses a sysfs here (a /sys that is not fully visible,
 * as in some containers), an empty read-only tmpfs hides the host's list. */
static int own_sysfs_net(const char **ret_what)
{
	static const char *const subs[] = {"class/net", "devices/virtual/net"};
	cleanup_fd int fs = -1;
	cleanup_fd int mnt = -1;

	if (access("/sys/class/net", F_OK) < 0)
		return 0; /* no sysfs here: nothing to hide */
	fs = fsopen("sysfs", FSOPEN_CLOEXEC);
	if (fs >= 0 && fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0)
		mnt = fsmount(fs, FSMOUNT_CLOEXEC,
			      MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
				      MOUNT_ATTR_NOEXEC);
	if (mnt >= 0) {
		bool all = true;

		for (size_t i = 0; i < JT_ARRAY_SIZE(subs); i++) {
			char target[64];
			cleanup_fd int t =
				open_tree(mnt, subs[i], OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

			snprintf(target, sizeof(target), "/sys/%s", subs[i]);
			if (t < 0 ||
			    move_mount(t, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) < 0) {
				all = false;
				break;
			}
		}
		if (all)
			return 0;
	}
	if (mount("tmpfs", "/sys/class/net", "tmpfs",
		  MS_SILENT | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, "mode=0555") < 0) {
		*ret_what = "hiding the host's /sys/class/net";
		return -errno;
	}
	return 0;
}

static int mount_rw(const char *path, int tree, const char **ret_what)
{
	char real[PATH_MAX];
	struct stat st = {0};

	if (!realpath(path, real)) {
		*ret_what = "--rw: cannot resolve the directory";
		return -errno;
	}
	if (tree < 0) {
		/* Not mapped (unprivileged, or host root kept): the sandbox
		 * writes DIR as the caller would. */
		if (stat(real, &st) < 0) {
			*ret_what = "--rw: cannot look at the directory";
			return -errno;
		}
		if (!S_ISDIR(st.st_mode)) {
			*ret_what = "--rw: not a directory";
			return -ENOTDIR;
		}
		return 0;
	}
	if (move_mount(tree, "", AT_FDCWD, real, MOVE_MOUNT_F_EMPTY_PATH) < 0) {
		*ret_what = "--rw: moving the idmapped mount into place";
		return -errno;
	}
	return 0;
}

int ns_setup_child(const struct ns_opts *opts, const struct ns_prepared *prep,
		   const char **ret_what)
{
	int flags = ns_effective_flags(opts);
	int r = 0;

	if (!(flags & CLONE_NEWNS) && opts->n_mounts > 0) {
		*ret_what = "--tmpfs/--ro/--rw need the mnt namespace";
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
		if (flags & CLONE_NEWNET) {
			r = own_sysfs_net(ret_what);
			if (r < 0)
				return r;
		}
		for (unsigned i = 0; i < opts->n_mounts && i < NS_MAX_MOUNTS; i++) {
			const struct ns_mount *m = &opts->mounts[i];

			switch (m->kind) {
			case NS_MOUNT_TMPFS:
				r = mount_tmpfs(m->path,
						(flags & CLONE_NEWUSER)
							? (opts->uid < 0 ? 0 : opts->uid)
							: -1,
						opts->gid < 0 ? 0 : opts->gid, ret_what);
				break;
			case NS_MOUNT_RO:
				r = mount_ro(m->path, ret_what);
				break;
			case NS_MOUNT_RW:
				r = mount_rw(m->path, prep->rw_fds[i], ret_what);
				break;
			default:
				*ret_what = "unknown mount kind";
				r = -EINVAL;
				break;
			}
			if (r < 0)
				return r;
		}
		/* After --rw and --tmpfs: a --rw of the log's directory would
		 * otherwise bring the log back into view above the cover. */
		if (prep->hide) {
			r = hide_log(prep->hide, ret_what);
			if (r < 0)
				return r;
		}
	}
	if (flags & CLONE_NEWNS) {
		/* The cwd still is the directory under any mount just put on
		 * it (--rw, --tmpfs of the cwd): enter it again by name, as
		 * bubblewrap does.  Where the name no longer leads anywhere
		 * (a --tmpfs over a parent), the old cwd stays. */
		char cwd[PATH_MAX];

		if (getcwd(cwd, sizeof(cwd)))
			(void)!chdir(cwd);
	}
	if (flags & CLONE_NEWUSER) {
		uid_t uid = opts->uid < 0 ? 0 : (uid_t)opts->uid;
		gid_t gid = opts->gid < 0 ? 0 : (gid_t)opts->gid;

		if (prep->privileged && setgroups(0, NULL) < 0) {
			*ret_what = "dropping the supplementary groups";
			return -errno;
		}
		/* Writing the maps does not change our credentials: until
		 * here we hold the creator's host ids (root's, as root, which
		 * let the mounts above reach paths below 0700 root
		 * directories).  Become the mapped ids for real, or DAC would
		 * see host root.  No capability is lost here: the old ids are
		 * not this namespace's root (cap_emulate_setxuid). */
		if (setresgid(gid, gid, gid) < 0) {
			*ret_what = "setresgid to the mapped gid";
			return -errno;
		}
		if (setresuid(uid, uid, uid) < 0) {
			*ret_what = "setresuid to the mapped uid";
			return -errno;
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

/* Child side: a session and fds of its own. */

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
