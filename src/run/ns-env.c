/* ns-env: what the tracer knows about where it runs and what it created --
 * the "namespaces", "uid_map", "gid_map" and "environment" members of the
 * start record -- and the one-line explanation when the kernel refuses to
 * create namespaces.  Tracer side only: stdio and allocation are fine. */
#include <jtrace/ns.h>
#include <jtrace/util.h>

#include <ctype.h>
#include <limits.h>
#include <sched.h>
#include <string.h>
#include <sys/stat.h>

/* /proc/self/ns/user of the initial user namespace (PROC_USER_INIT_INO);
 * anything else means we already run in a user namespace. */
#define NS_INIT_USER_INO 0xEFFFFFFDUL
#define NS_INIT_PID_INO	 0xEFFFFFFCUL

#define CAP_SYS_ADMIN_BIT 21

static const int ns_all_flags[] = {CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNS,	 CLONE_NEWUTS,
				   CLONE_NEWIPC,  CLONE_NEWNET, CLONE_NEWCGROUP, CLONE_NEWTIME};

/* A numeric sysctl, or -1 when the file does not exist or is unreadable. */
static long read_sysctl(const char *path)
{
	cleanup_free char *buf = NULL;
	long v = -1;

	if (jt_read_file(path, &buf, NULL) < 0)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	if (jt_parse_long(buf, LONG_MIN, LONG_MAX, &v) < 0)
		return -1;
	return v;
}

/* The text after "Field:" in @status (the text of /proc/self/status),
 * trimmed, in @out. */
static int status_lookup(const char *status, const char *field, char *out, size_t outlen)
{
	char key[48];
	const char *p = NULL;
	size_t n = 0;

	snprintf(key, sizeof(key), "\n%s:", field);
	p = strstr(status, key);
	if (!p)
		return -ENOENT;
	p += strlen(key);
	while (*p == ' ' || *p == '\t')
		p++;
	n = strcspn(p, "\n");
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

static int status_field(const char *field, char *out, size_t outlen)
{
	cleanup_free char *buf = NULL;
	int r = jt_read_file("/proc/self/status", &buf, NULL);

	return r < 0 ? r : status_lookup(buf, field, out, outlen);
}

/* Field @field of @status as a number, or -1; @status may be NULL. */
static long status_long_in(const char *status, const char *field)
{
	char v[32];
	long n = -1;

	if (!status || status_lookup(status, field, v, sizeof(v)) < 0 ||
	    jt_parse_long(v, 0, LONG_MAX, &n) < 0)
		return -1;
	return n;
}

static long status_long(const char *field)
{
	cleanup_free char *buf = NULL;

	if (jt_read_file("/proc/self/status", &buf, NULL) < 0)
		return -1;
	return status_long_in(buf, field);
}

static bool have_cap_sys_admin(void)
{
	char v[32];
	uint64_t eff = 0;
	char hex[40];

	if (status_field("CapEff", v, sizeof(v)) < 0)
		return geteuid() == 0;
	snprintf(hex, sizeof(hex), "0x%s", v);
	if (jt_parse_u64(hex, &eff) < 0)
		return geteuid() == 0;
	return (eff >> CAP_SYS_ADMIN_BIT) & 1;
}

bool ns_userns_allowed(void)
{
	if (read_sysctl("/proc/sys/user/max_user_namespaces") == 0)
		return false;
	if (read_sysctl("/proc/sys/kernel/unprivileged_userns_clone") == 0)
		return false;
	if (read_sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1)
		return false;
	return true;
}

static void list_names(char *out, size_t outlen, int flags)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < JT_ARRAY_SIZE(ns_all_flags); i++) {
		if (!(flags & ns_all_flags[i]))
			continue;
		used += (size_t)snprintf(out + used, outlen - used, "%s%s", used ? "," : "",
					 ns_flag_name(ns_all_flags[i]));
		if (used >= outlen)
			break;
	}
}

/* The explanations below fill @msg (@names: the namespaces asked for);
 * the bool ones return whether their cause is the one found. */

/* EINVAL from clone: a type this kernel does not have, or a combination
 * it refuses. */
static void explain_invalid(char *msg, size_t len, const char *names, int clone_flags)
{
	for (size_t i = 0; i < JT_ARRAY_SIZE(ns_all_flags); i++) {
		const char *n = ns_flag_name(ns_all_flags[i]);
		char path[64];

		if (!(clone_flags & ns_all_flags[i]))
			continue;
		snprintf(path, sizeof(path), "/proc/self/ns/%s", n);
		if (access(path, F_OK) < 0) {
			snprintf(msg, len,
				 "cannot create namespaces (%s): this kernel has no %s "
				 "namespaces%s; leave \"%s\" out of --ns=LIST",
				 names, n,
				 ns_all_flags[i] == CLONE_NEWTIME ? " (they need Linux 5.6)" : "",
				 n);
			return;
		}
	}
	snprintf(msg, len,
		 "cannot create namespaces (%s): the kernel rejected the combination (%s)", names,
		 strerror(EINVAL));
}

/* A sysctl that turns namespaces off: a per-type limit of 0 (ENOSPC), or
 * for user namespaces the Debian switch and AppArmor's restriction (which
 * CAP_SYS_ADMIN passes). */
static bool explain_sysctl(char *msg, size_t len, const char *names, int clone_flags)
{
	for (size_t i = 0; i < JT_ARRAY_SIZE(ns_all_flags); i++) {
		char path[80];
		const char *n = ns_flag_name(ns_all_flags[i]);

		if (!(clone_flags & ns_all_flags[i]))
			continue;
		snprintf(path, sizeof(path), "/proc/sys/user/max_%s_namespaces", n);
		if (read_sysctl(path) == 0) {
			snprintf(msg, len,
				 "cannot create namespaces (%s): %s namespaces are disabled "
				 "(user.max_%s_namespaces is 0); fix: sysctl -w "
				 "user.max_%s_namespaces=15000 (in the namespace of jtrace-run)",
				 names, n, n, n);
			return true;
		}
	}
	if (!(clone_flags & CLONE_NEWUSER) || have_cap_sys_admin())
		return false;
	if (read_sysctl("/proc/sys/kernel/unprivileged_userns_clone") == 0) {
		snprintf(msg, len,
			 "cannot create namespaces (%s): unprivileged user namespaces are "
			 "disabled (kernel.unprivileged_userns_clone=0); fix: sysctl -w "
			 "kernel.unprivileged_userns_clone=1, or run as root",
			 names);
		return true;
	}
	if (read_sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1) {
		snprintf(msg, len,
			 "cannot create namespaces (%s): restricted by AppArmor "
			 "(kernel.apparmor_restrict_unprivileged_userns=1); fix: "
			 "an AppArmor profile for jtrace-run with \"userns,\", "
			 "or sysctl -w kernel.apparmor_restrict_unprivileged_userns=0",
			 names);
		return true;
	}
	return false;
}

/* The kernel refuses user namespaces to a chrooted process: / is not
 * init's root. */
static bool in_chroot(void)
{
	struct stat root = {0}, init_root = {0};

	if (stat("/", &root) < 0 || access("/proc/1/root", F_OK) < 0)
		return false;
	return stat("/proc/1/root/.", &init_root) == 0 &&
	       (root.st_ino != init_root.st_ino || root.st_dev != init_root.st_dev);
}

const char *ns_explain_failure(int err, int clone_flags)
{
	static char msg[512];
	char names[96];
	int e = err < 0 ? -err : err;

	list_names(names, sizeof(names), clone_flags);
	if (e == EINVAL) {
		explain_invalid(msg, sizeof(msg), names, clone_flags);
		return msg;
	}
	if (e == EUSERS) {
		snprintf(msg, sizeof(msg),
			 "cannot create namespaces (%s): user namespaces are nested too deep "
			 "(the kernel allows 32 levels); run jtrace-run from an outer namespace",
			 names);
		return msg;
	}
	if (e != EPERM && e != ENOSPC && e != EACCES) {
		snprintf(msg, sizeof(msg), "cannot create namespaces (%s): %s", names, strerror(e));
		return msg;
	}
	if (explain_sysctl(msg, sizeof(msg), names, clone_flags))
		return msg;
	if (status_long("Seccomp") == 2) {
		snprintf(
			msg, sizeof(msg),
			"cannot create namespaces (%s): blocked by the seccomp profile of the "
			"container jtrace runs in (%s); fix: allow unshare/clone with namespace "
			"flags in that profile (e.g. docker --security-opt seccomp=unconfined), or "
			"run without --ns",
			names, strerror(e));
		return msg;
	}
	if (e == ENOSPC) {
		snprintf(msg, sizeof(msg),
			 "cannot create namespaces (%s): the limit of namespaces is reached "
			 "(user.max_*_namespaces, counted per user); fix: raise it with sysctl or "
			 "end other sandboxes",
			 names);
		return msg;
	}
	if (!(clone_flags & CLONE_NEWUSER) && !have_cap_sys_admin()) {
		snprintf(msg, sizeof(msg),
			 "cannot create namespaces (%s): %s; without a user namespace this needs "
			 "CAP_SYS_ADMIN; fix: add \"user\" to --ns=LIST, or run as root",
			 names, strerror(e));
		return msg;
	}
	if ((clone_flags & CLONE_NEWUSER) && in_chroot()) {
		snprintf(msg, sizeof(msg),
			 "cannot create namespaces (%s): %s; the kernel refuses user "
			 "namespaces to a chrooted process; run outside the chroot",
			 names, strerror(e));
		return msg;
	}
	snprintf(msg, sizeof(msg),
		 "cannot create namespaces (%s): %s (a security module, a container runtime or "
		 "a missing privilege refused it)",
		 names, strerror(e));
	return msg;
}

/* Describing. */

static struct jv *parse_map(const char *text)
{
	struct jv *arr = jv_array();
	const char *p = text;

	while (arr && *p) {
		unsigned long in = 0, out = 0, count = 0;
		int used = 0;

		if (sscanf(p, " %lu %lu %lu%n", &in, &out, &count, &used) != 3)
			break;
		{
			struct jv *o = jv_object();

			jv_add(o, "inside", jv_int((int64_t)in));
			jv_add(o, "outside", jv_int((int64_t)out));
			jv_add(o, "count", jv_int((int64_t)count));
			jv_push(arr, o);
		}
		p += used;
	}
	return arr;
}

static void add_map(struct jv *start, pid_t child, const char *name)
{
	char path[64];
	cleanup_free char *buf = NULL;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)child, name);
	if (jt_read_file(path, &buf, NULL) < 0)
		return;
	jv_add(start, name, parse_map(buf));
}

static bool file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static unsigned long ns_ino(const char *who, const char *name)
{
	char path[64];
	struct stat st = {0};

	snprintf(path, sizeof(path), "/proc/%s/ns/%s", who, name);
	if (stat(path, &st) < 0)
		return 0;
	return (unsigned long)st.st_ino;
}

/* Best effort, cheapest evidence first; NULL when nothing says container. */
static const char *detect_container(char *buf, size_t buflen)
{
	const char *env = getenv("container");
	cleanup_free char *cg = NULL;
	unsigned long user = 0, pid = 0;

	if (env && *env) {
		snprintf(buf, buflen, "%s", env);
		return buf;
	}
	if (file_exists("/.dockerenv"))
		return "docker";
	if (file_exists("/run/.containerenv"))
		return "podman";
	if (jt_read_file("/proc/1/cgroup", &cg, NULL) == 0) {
		if (strstr(cg, "/docker") || strstr(cg, "docker-"))
			return "docker";
		if (strstr(cg, "libpod"))
			return "podman";
		if (strstr(cg, "/lxc") || strstr(cg, "lxc.payload"))
			return "lxc";
		if (strstr(cg, "machine.slice/systemd-nspawn") || strstr(cg, "/machine-"))
			return "systemd-nspawn";
		if (strstr(cg, "kubepods"))
			return "kubernetes";
	}
	/* Not the initial user or pid namespace: some sandbox, we cannot say
	 * which. */
	user = ns_ino("self", "user");
	pid = ns_ino("self", "pid");
	if ((user && user != NS_INIT_USER_INO) || (pid && pid != NS_INIT_PID_INO))
		return "unknown";
	return NULL;
}

static struct jv *cgroup_path(void)
{
	cleanup_free char *buf = NULL;
	const char *first = NULL;

	if (jt_read_file("/proc/self/cgroup", &buf, NULL) < 0)
		return NULL;
	/* cgroup v2: "0::/path"; v1 only: take the first hierarchy's path. */
	for (char *line = buf; line && *line;) {
		char *nl = strchr(line, '\n');
		char *path = NULL;

		if (nl)
			*nl = '\0';
		path = strchr(line, ':');
		path = path ? strchr(path + 1, ':') : NULL;
		if (path) {
			if (strncmp(line, "0::", 3) == 0)
				return jv_str(path + 1);
			if (!first)
				first = path + 1;
		}
		line = nl ? nl + 1 : NULL;
	}
	return first ? jv_str(first) : NULL;
}

static struct jv *describe_environment(void)
{
	struct jv *env = jv_object();
	char buf[128];
	const char *c = detect_container(buf, sizeof(buf));
	cleanup_free char *status = NULL;

	/* Read once: formatting it costs the kernel ~25 us a time.  Left NULL
	 * if unreadable, and both fields then say false. */
	(void)jt_read_file("/proc/self/status", &status, NULL);
	jv_add(env, "container", c ? jv_str(c) : NULL);
	jv_add(env, "cgroup", cgroup_path());
	jv_add(env, "seccomp",
			       jv_bool(status_long_in(status, "Seccomp") > 0));
	jv_add(env, "traced",
			       jv_bool(status_long_in(status, "TracerPid") > 0));
	jv_add(env, "userns_unprivileged",
			       jv_bool(ns_userns_allowed()));
	jv_add(env, "uid", jv_int((int64_t)getuid()));
	return env;
}

void ns_describe(struct jv *start, pid_t child, const struct ns_opts *opts)
{
	int flags = opts ? ns_effective_flags(opts) : 0;
	pid_t join = opts ? opts->join_pid : 0;
	pid_t who_pid = join > 0 ? join : child;

	/* Created: the child's; joined: the target's, those that differ from
	 * ours (the ones the program will be in). */
	if ((flags || join > 0) && who_pid > 0) {
		struct jv *nss = jv_object();
		char who[24];

		snprintf(who, sizeof(who), "%d", (int)who_pid);
		for (size_t i = 0; i < JT_ARRAY_SIZE(ns_all_flags); i++) {
			const char *name = ns_flag_name(ns_all_flags[i]);
			unsigned long ino = 0;

			if (join <= 0 && !(flags & ns_all_flags[i]))
				continue;
			ino = ns_ino(who, name);
			if (join > 0 && ino == ns_ino("self", name))
				continue;
			if (ino)
				jv_add(nss, name,
						       jv_int((int64_t)ino));
		}
		jv_add(start, "namespaces", nss);
		/* Also without a new user namespace: then it is the map the
		 * sandbox inherited, which is what ids inside mean. */
		add_map(start, who_pid, "uid_map");
		add_map(start, who_pid, "gid_map");
	}
	jv_add(start, "environment", describe_environment());
}
