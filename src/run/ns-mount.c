/* ns-mount: the child side of the mount namespace and what follows it in
 * ns_setup_child -- mount propagation, /proc, --tmpfs, --ro, --rw, the
 * hidden log, the read-only remounts that keep their locked flags, then
 * the ids, the hostname and the loopback.  Runs between clone and execve
 * (see ns.c): plain libc, no stdio, -errno plus a static string naming
 * the step. */
#include <jtrace/ns.h>
#include <jtrace/util.h>

#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

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
