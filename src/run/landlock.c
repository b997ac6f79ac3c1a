/* landlock: a Landlock domain around the traced program (see landlock.h).
 *
 * Why.  Whatever the program's uid and capabilities, Landlock refuses
 * ptrace-class access (the kernel's ptrace_may_access) from inside a domain
 * to any process outside it: PTRACE_ATTACH/SEIZE, opening /proc/PID/mem,
 * /proc/PID/{fd,fdinfo,map_files,cwd,root,exe}, reading /proc/PID/{stack,
 * syscall,io}, process_vm_readv/writev, pidfd_getfd, kcmp.  So root without
 * --ns can no longer patch the tracer through /proc/<tracer>/mem or take its
 * fds, and nobody can no longer write another of its own processes (the
 * invoking shell).  The program's own descendants share its domain and stay
 * reachable (/proc/PID/mem, process_vm_*: crash handlers, sanitizers);
 * ptrace of them was never the program's, jtrace already traces them.
 * Still readable from outside processes, as measured on 6.18 (the files
 * whose open takes the mm in read mode): /proc/PID/{maps,smaps,environ,
 * auxv,pagemap} of same-uid processes or, for root, of any: an information
 * leak (the tracer's layout and environment), not a write path.
 *
 * Which ruleset.  A domain only exists if the ruleset handles something,
 * and everything handled is restricted; the choice is what else the program
 * loses:
 *  - Scopes only (ABI 6: LANDLOCK_SCOPE_SIGNAL, _ABSTRACT_UNIX_SOCKET), used
 *    whenever confinement was asked for (--policy or --ns) and the kernel
 *    has them.  No filesystem right is handled, so the filesystem, mounts,
 *    pivot_root, renames are all untouched.  SIGNAL refuses kill, tkill,
 *    tgkill, rt_(tg)sigqueueinfo, pidfd_send_signal and SIGIO/SIGURG to
 *    processes outside the domain (signals from outside, and the kernel's
 *    own such as SIGCHLD or the terminal's, still arrive).
 *    ABSTRACT_UNIX_SOCKET (connect/sendto to abstract sockets bound outside
 *    the domain) only under --ns: there it is what --ns means (with its net
 *    namespace it is redundant, with --share-net it is the only cut), while
 *    a policy alone says by its rules what it denies, and path-named unix
 *    sockets stay reachable without --ns anyway.
 *  - A kernel of ABI 2-5 under confinement: one filesystem right set
 *    handled, LANDLOCK_ACCESS_FS_MAKE_BLOCK and LANDLOCK_ACCESS_FS_REFER,
 *    both allowed beneath "/".  REFER must be in the set: once any fs right
 *    is handled the kernel refuses cross-directory rename and link (EXDEV)
 *    unless REFER is allowed.  Landlock checks a path by walking up to the
 *    root of the mount namespace (not the chroot), following mount points
 *    up, and rules stick to inodes:
 *      chroot(2): the walk still reaches "/"; nothing changes.
 *      mounts added later (by anyone, anywhere under "/"): reached through
 *        their mount point; nothing changes.
 *      unshare(CLONE_NEWNS): the copy's root is the same inode; nothing
 *        changes.
 *      mount(2), umount, pivot_root, move_mount, remount: refused (EPERM)
 *        to every domain that handles an fs right (the kernel's rule, so a
 *        domain cannot be escaped by remounting): the cost of this form,
 *        paid only on kernels without scopes.
 *      a tree whose root is not the tracer's "/" (setns into another
 *        mount namespace, /proc/PID/root of a container): cross-directory
 *        rename there fails with EXDEV, mknod of block devices with EACCES.
 *    ABI 1 has no REFER: the fs form breaks every cross-directory rename,
 *    so it comes with a warning.
 *  - Plain tracing (no policy, no --ns; --ns-join is plain here, its
 *    program must reach the joined container's processes): no domain.  A
 *    tracer must not make the program see a world other than its own, and
 *    every form costs something a traced program may need: SIGNAL breaks
 *    `kill` of outside processes, ABSTRACT_UNIX_SOCKET breaks X11 clients
 *    (xcb gives up on EPERM), and the fs form refuses mount(2), which
 *    bwrap, podman, crun and `unshare -m` need.  Plain tracing promises a
 *    complete log, not confinement: a hostile root program can reach the
 *    tracer there, as it can reach anything else on the machine (README,
 *    Security notes).

 * When the wall cannot be built (no Landlock) or is not asked for:
 *  - plain tracing: the program runs as before; the start record says
 *    ptrace_wall false.  Tracing is not a promise of confinement.
 *  - confinement with a pid namespace (--ns with pid, the default; or
 *    --ns-join): outside processes, the tracer included, have no pid the
 *    program can name and its /proc is the sandbox's; the run goes on with a
 *    warning (stderr and the start record).
 *  - --ns without a pid namespace and without a policy: a warning.
 *  - a policy without a pid namespace: refused, exit 125.  Root could patch
 *    the tracer and turn every rule off; a policy that says it holds must
 *    not run on a kernel where nothing makes it hold.
 * Without SCOPE_SIGNAL (ABI < 6) under confinement, signals fall back to the
 * tracer's floor, which refuses only those aimed at jtrace-run's own pid:
 * a warning says so unless a pid namespace hides every outside pid.
 *
 * The child computes its plan from the options and the ABI, as the tracer
 * did for the start record: same kernel, same plan.  Everything on the
 * child's side is plain syscalls (it runs between fork and execve). */
#include <jtrace/landlock.h>
#include <jtrace/util.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Debian 12's <linux/landlock.h> predates ABI 4; what is used is defined
 * here (values from the kernel's uapi, fixed by its ABI). */
#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#endif
#ifndef __NR_landlock_add_rule
#define __NR_landlock_add_rule 445
#endif
#ifndef __NR_landlock_restrict_self
#define __NR_landlock_restrict_self 446
#endif

#define LL_CREATE_RULESET_VERSION (1U << 0)
#define LL_RULE_PATH_BENEATH	  1
#define LL_ACCESS_FS_MAKE_BLOCK	  (1ULL << 11)
#define LL_ACCESS_FS_REFER	  (1ULL << 13) /* ABI 2 */
#define LL_SCOPE_ABSTRACT_UNIX	  (1ULL << 0)  /* ABI 6 */
#define LL_SCOPE_SIGNAL		  (1ULL << 1)  /* ABI 6 */

#define LL_ABI_REFER  2
#define LL_ABI_SCOPES 6

/* struct landlock_ruleset_attr as of ABI 6; older kernels accept the larger
 * size as long as the fields they do not know are zero. */
struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

struct ll_path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

int landlock_abi(void)
{
	long v = syscall(__NR_landlock_create_ruleset, NULL, 0UL, LL_CREATE_RULESET_VERSION);

	if (v > 0)
		return (int)v;
	return v == 0 || errno == 0 ? -ENOSYS : -errno;
}

static bool has_pid_namespace(const struct run_options *o)
{
	if (o->ns.join_pid > 0)
		return true;
	return o->ns.enabled && (ns_effective_flags(&o->ns) & CLONE_NEWPID);
}

void landlock_plan(const struct run_options *o, int abi, struct landlock_plan *ret_plan)
{
	struct landlock_plan p = {.abi = abi > 0 ? abi : 0, .unavailable = abi > 0 ? 0 : -abi};
	bool pidns = has_pid_namespace(o);

	if (abi <= 0) {
		abi = 0;
		if (!p.unavailable)
			p.unavailable = ENOSYS;
	}
	p.confined = o->n_policies > 0 || o->ns.enabled;
	if (p.confined && abi >= LL_ABI_SCOPES) {
		p.scoped = LL_SCOPE_SIGNAL | (o->ns.enabled ? LL_SCOPE_ABSTRACT_UNIX : 0);
	} else if (abi >= LL_ABI_REFER && p.confined) {
		p.handled_fs = LL_ACCESS_FS_MAKE_BLOCK | LL_ACCESS_FS_REFER;
	} else if (abi == 1 && p.confined) {
		p.handled_fs = LL_ACCESS_FS_MAKE_BLOCK;
		p.warning = "this kernel's Landlock (ABI 1) has no REFER right: the program's "
			    "cross-directory rename and link fail with EXDEV";
	}
	p.ptrace_wall = p.handled_fs || p.scoped;

	if (!p.ptrace_wall && p.confined) {
		if (o->n_policies > 0 && !pidns)
			p.refusal = "no Landlock here: --policy needs it, or --ns with a pid "
				    "namespace";
		else if (pidns)
			p.warning = "no Landlock here: only the pid namespace keeps the "
				    "program from other processes and from the tracer";
		else
			p.warning = "no Landlock here and no pid namespace: the program "
				    "can reach other processes of its user (and, as root, the "
				    "tracer's memory)";
	} else if (p.confined && !(p.scoped & LL_SCOPE_SIGNAL) && !pidns && !p.warning) {
		p.warning = "this kernel's Landlock has no signal scope (ABI 6, Linux 6.12): the "
			    "program can signal processes outside the sandbox; only those aimed at "
			    "jtrace-run itself are refused, by the tracer";
	}
	*ret_plan = p;
}

static int apply(const struct landlock_plan *p, const char **ret_what)
{
	struct ll_ruleset_attr attr = {.handled_access_fs = p->handled_fs, .scoped = p->scoped};
	int fd = -1, root = -1, r = 0;

	fd = (int)syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0U);
	if (fd < 0) {
		*ret_what = "creating the Landlock ruleset";
		return -errno;
	}
	if (p->handled_fs) {
		struct ll_path_beneath_attr beneath = {.allowed_access = p->handled_fs};

		root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (root < 0) {
			r = -errno;
			*ret_what = "opening / for the Landlock rule";
			goto out;
		}
		beneath.parent_fd = root;
		if (syscall(__NR_landlock_add_rule, fd, LL_RULE_PATH_BENEATH, &beneath, 0U) < 0) {
			r = -errno;
			*ret_what = "adding the Landlock rule for /";
			goto out;
		}
	}
	if (syscall(__NR_landlock_restrict_self, fd, 0U) < 0) {
		r = -errno;
		*ret_what = "entering the Landlock domain";
	}
out:
	if (root >= 0)
		close(root);
	close(fd);
	return r;
}

int landlock_confine(const struct run_options *o, const char **ret_what)
{
	struct landlock_plan p;

	landlock_plan(o, landlock_abi(), &p);
	if (p.refusal) {
		/* The reason in the errno: ENOSYS (not in this kernel),
		 * EOPNOTSUPP (disabled at boot), EPERM (a seccomp profile). */
		*ret_what = p.refusal;
		return -(p.unavailable ? p.unavailable : EOPNOTSUPP);
	}
	if (!p.ptrace_wall)
		return 0;
	return apply(&p, ret_what);
}

static struct jv *fs_rights_json(uint64_t fs)
{
	struct jv *arr = jv_array();

	if (fs & LL_ACCESS_FS_MAKE_BLOCK)
		jv_push(arr, jv_str("make_block"));
	if (fs & LL_ACCESS_FS_REFER)
		jv_push(arr, jv_str("refer"));
	return arr;
}

void landlock_describe(struct jv *start, const struct run_options *o)
{
	struct jv *env = NULL, *ll = NULL;
	struct landlock_plan p;

	landlock_plan(o, landlock_abi(), &p);
	if (!jv_get_ex(start, "environment", &env))
		return;
	ll = jv_object();
	jv_add(ll, "abi", jv_int(p.abi));
	jv_add(ll, "ptrace_wall", jv_bool(p.ptrace_wall));
	jv_add(ll, "scope_signal",
			       jv_bool(p.scoped & LL_SCOPE_SIGNAL));
	jv_add(ll, "scope_abstract_unix",
			       jv_bool(p.scoped & LL_SCOPE_ABSTRACT_UNIX));
	jv_add(ll, "handled_fs", fs_rights_json(p.handled_fs));
	if (p.unavailable)
		jv_add(ll, "unavailable",
				       jv_str(strerrorname_np(p.unavailable)));
	if (p.refusal)
		jv_add(ll, "refusal", jv_str(p.refusal));
	if (p.warning) {
		jv_add(ll, "warning", jv_str(p.warning));
		jt_error("warning: %s", p.warning);
	}
	jv_add(env, "landlock", ll);
}
