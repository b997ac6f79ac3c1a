/* floor: the security floor the tracer applies at every seccomp stop (see
 * floor.h for what it holds), before and under any policy.
 *
 * Every decision here is taken from what the kernel reports for the stop
 * (arch, number, argument registers) and from jtrace's own state: the
 * --filter set, the policy, the tracer's own pid, process group and uid.
 * Never from SECCOMP_RET_DATA: when two stacked filters both return TRACE
 * the kernel reports the newest filter's data, and the newest filter may be
 * the program's.  So a stop the program caused for a call jtrace did not
 * ask for is decided like any other, and logged only if it is selected.
 *
 * Memory the tracer reads must not be memory the program serves: a page
 * of a userfaultfd that handles kernel-mode faults makes the tracer's
 * process_vm_readv of an argument wait for the program's own fault
 * handler, which may be stopped at a seccomp stop itself (the tracer then
 * hangs for good, past SIGTERM, and nothing after is logged), or answer it
 * with other bytes than the kernel's copy gets.  So userfaultfd(2) and
 * /dev/userfaultfd's USERFAULTFD_IOC_NEW run only with UFFD_USER_MODE_ONLY,
 * policy or not (EPERM, "floor:userfaultfd"): faults from the kernel and
 * from remote access then fail with EFAULT instead of reaching the
 * handler.  (A FUSE file the program serves is the same wait; not covered:
 * README, Security notes.)
 *
 * Under --ns it also keeps set-id bits off every file the sandbox makes or
 * changes (see "no set-id file under --ns" below).
 *
 * Calls are recognised by table entry, not by name compare at each stop:
 * floor_kind[] maps a table index to what the floor checks for it.
 *
 * Which forms reach the tracer (the kernel's own rules, without --ns or in
 * a pid namespace of the program's own):
 *   by pid:   the tracer's pid, in the first pid argument (kill, tkill,
 *             rt_sigqueueinfo, prlimit64, sched_set*, migrate_pages,
 *             move_pages, pidfd_open, process_vm_*, get_robust_list (an
 *             address in the tracer), ptrace ATTACH/SEIZE),
 *             either of two (tgkill, rt_tgsigqueueinfo, kcmp), the second
 *             (perf_event_open);
 *   by group: kill(0, ...), setpriority/ioprio_set(PGRP, 0) while the
 *             caller is in the tracer's process group, and kill(-pgid, ...)
 *             or setpriority/ioprio_set(PGRP, pgid) of that group.  Even in a
 *             new pid namespace the program keeps jtrace-run's group (no
 *             setsid, so terminal job control keeps working, as with strace),
 *             and a group signal reaches every member whatever its
 *             namespace: the group forms are checked there too.  setpgid
 *             back into the tracer's group is refused, so a sibling thread
 *             cannot rejoin it between the check of kill(0) and the call;
 *   by uid:   kill(-1, ...) and setpriority/ioprio_set(USER): every process
 *             of the uid the caller can see;
 *   by fd:    pidfd_send_signal, pidfd_getfd, process_madvise,
 *             process_mrelease with a pidfd (or, for pidfd_send_signal, a
 *             /proc/PID directory fd) of the tracer;
 *   by owner: fcntl(F_SETOWN, F_SETOWN_EX) or, on a socket,
 *             ioctl(FIOSETOWN, SIOCSPGRP) to the tracer or its group, and
 *             then a signal of the program's choosing on I/O (F_SETSIG).
 * Signal 0 (an existence check) is let through, and so are the signals
 * jtrace-run survives when they come through a group or -1 (a script's
 * `kill 0`), and any group or -1 signal when Landlock scopes the program's
 * signals (landlock.c): the kernel then spares the tracer and delivers to
 * the others.  The path routes
 * (/proc/<tracer>/mem, /fd, /cwd...) are not decided here: the tracer does
 * not stop every open, and a path check at the stop races with the
 * program's other threads.  The Landlock domain closes them in the kernel
 * (landlock.c); without Landlock they are open to what the kernel allows
 * (jtrace-run is not dumpable, which stops a non-root program).
 *
 * One file of ~900 lines on purpose: the decision at the stop and the
 * pre-filter that makes those calls stop (floor_compile) are built from the
 * same guarded[] list and its kinds, and must change together, or a call
 * the floor guards would run without stopping.  If it grows, the
 * section "arguments at their C type" is the part that can
 * leave. */
#include <jtrace/filter.h>
#include <jtrace/floor.h>
#include <jtrace/policy.h>
#include <jtrace/proctab.h>
#include <jtrace/tracee-path.h>
#include <jtrace/regs.h>
#include <jtrace/tracee-mem.h>
#include <jtrace/tracer.h>
#include <jtrace/util.h>

#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <linux/sockios.h>
#include <linux/userfaultfd.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif
#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif
#ifndef USERFAULTFD_IOC_NEW
#define USERFAULTFD_IOC_NEW _IO(0xAA, 0x00)
#endif
#ifndef F_SETOWN_EX
#define F_SETOWN_EX 15
#endif
#ifndef F_OWNER_TID
#define F_OWNER_TID 0
#endif
#ifndef F_OWNER_PID
#define F_OWNER_PID 1
#endif
#ifndef F_OWNER_PGRP
#define F_OWNER_PGRP 2
#endif

/* ioprio_set's `which` (linux/ioprio.h is not in every libc's headers). */
enum { IOPRIO_WHO_PROCESS_ = 1, IOPRIO_WHO_PGRP_ = 2, IOPRIO_WHO_USER_ = 3 };

static const char FLOOR_TRACER[] = "floor:tracer";
static const char FLOOR_LISTENER[] = "floor:seccomp-listener";
static const char FLOOR_CLONE3[] = "floor:clone3";
static const char FLOOR_PTRACE[] = "floor:ptrace";
static const char FLOOR_SETID[] = "floor:setid";
static const char FLOOR_IO_URING[] = "floor:io_uring";
static const char FLOOR_UFFD[] = "floor:userfaultfd";

enum floor_kind {
	KIND_NONE = 0,
	KIND_PID0,    /* pid_t in argument 0 names the target */
	KIND_PID01,   /* either of arguments 0 and 1 (tgkill, kcmp...) */
	KIND_PID1,    /* argument 1 (perf_event_open) */
	KIND_KILL,    /* kill(pid, sig): pid, 0, -1, -pgid */
	KIND_PRIO,    /* setpriority/ioprio_set(which, who, ...) */
	KIND_SETPGID, /* setpgid(pid, pgid): back into the tracer's group */
	KIND_PIDFD,   /* a pidfd in argument 0 */
	KIND_FCNTL,   /* fcntl F_SETOWN / F_SETOWN_EX */
	KIND_IOCTL,   /* ioctl FIOSETOWN / SIOCSPGRP: a socket's owner;
		       * USERFAULTFD_IOC_NEW (/dev/userfaultfd) */
	KIND_PTRACE,  /* ptrace(request, pid, ...) */
	KIND_SECCOMP, /* seccomp(op, flags, ...): NEW_LISTENER */
	KIND_CLONE3,  /* clone3: ENOSYS */
	KIND_UFFD,    /* userfaultfd(flags): only with UFFD_USER_MODE_ONLY */
	/* Under --ns only (tracer.no_setid, see guard_setid): */
	KIND_SETID_MODE,  /* a mode argument: chmod, fchmod*, creat, mknod* */
	KIND_SETID_OPEN,  /* the mode of open/openat, when the flags create */
	KIND_SETID_HOW,	  /* openat2: its mode is in memory */
	KIND_SETID_URING, /* io_uring: its OPENAT takes a mode no filter sees */
};

/* By name once, then by table index at each stop; the kernel pre-filter
 * (floor_compile) is built from the same list. */
static const struct {
	const char *name;
	enum floor_kind kind;
} guarded[] = {
	{"chmod", KIND_SETID_MODE},
	{"clone3", KIND_CLONE3},
	{"creat", KIND_SETID_MODE},
	{"fchmod", KIND_SETID_MODE},
	{"fchmodat", KIND_SETID_MODE},
	{"fchmodat2", KIND_SETID_MODE},
	{"fcntl", KIND_FCNTL},
	{"get_robust_list", KIND_PID0},
	{"io_uring_enter", KIND_SETID_URING},
	{"io_uring_register", KIND_SETID_URING},
	{"io_uring_setup", KIND_SETID_URING},
	{"ioctl", KIND_IOCTL},
	{"ioprio_set", KIND_PRIO},
	{"kcmp", KIND_PID01},
	{"kill", KIND_KILL},
	{"migrate_pages", KIND_PID0},
	{"mknod", KIND_SETID_MODE},
	{"mknodat", KIND_SETID_MODE},
	{"move_pages", KIND_PID0},
	{"open", KIND_SETID_OPEN},
	{"openat", KIND_SETID_OPEN},
	{"openat2", KIND_SETID_HOW},
	{"perf_event_open", KIND_PID1},
	{"pidfd_getfd", KIND_PIDFD},
	{"pidfd_open", KIND_PID0},
	{"pidfd_send_signal", KIND_PIDFD},
	{"prlimit64", KIND_PID0},
	{"process_madvise", KIND_PIDFD},
	{"process_mrelease", KIND_PIDFD},
	{"process_vm_readv", KIND_PID0},
	{"process_vm_writev", KIND_PID0},
	{"ptrace", KIND_PTRACE},
	{"rt_sigqueueinfo", KIND_PID0},
	{"rt_tgsigqueueinfo", KIND_PID01},
	{"sched_setaffinity", KIND_PID0},
	{"sched_setattr", KIND_PID0},
	{"sched_setparam", KIND_PID0},
	{"sched_setscheduler", KIND_PID0},
	{"seccomp", KIND_SECCOMP},
	{"setpgid", KIND_SETPGID},
	{"setpriority", KIND_PRIO},
	{"tgkill", KIND_PID01},
	{"tkill", KIND_PID0},
	{"userfaultfd", KIND_UFFD},
};

static uint8_t floor_kind[SYSCALL_SET_WORDS * 64];
static bool kinds_ready;

static enum floor_kind kind_of(const struct syscall_sig *sig)
{
	long idx = 0;

	if (!sig)
		return KIND_NONE;
	if (!kinds_ready) {
		for (size_t i = 0; i < JT_ARRAY_SIZE(guarded); i++) {
			long k = syscalls_index_by_name(guarded[i].name);

			if (k >= 0 && (size_t)k < JT_ARRAY_SIZE(floor_kind))
				floor_kind[k] = (uint8_t)guarded[i].kind;
		}
		kinds_ready = true;
	}
	idx = syscalls_index_of(sig);
	if (idx < 0 || (size_t)idx >= JT_ARRAY_SIZE(floor_kind))
		return KIND_NONE;
	return (enum floor_kind)floor_kind[idx];
}

/* ---- arguments at their C type ----
 *
 * The seam with the table's normalisation (syscalls_args_at_type, called
 * in on_seccomp_stop): until every argument arrives at its C type, the
 * floor takes the ones it compares at their type itself.  Once it has
 * landed these are no-ops, and still right. */

/* int, pid_t: the kernel reads the low 32 bits, sign-extended. */
static int32_t arg_int(const struct tracee *t, unsigned i)
{
	return (int32_t)(uint32_t)t->args[i];
}

static uint32_t arg_uint(const struct tracee *t, unsigned i)
{
	return (uint32_t)t->args[i];
}

/* long: 64 bits natively, 32 through the i386 entry. */
static int64_t arg_long(const struct tracee *t, unsigned i)
{
	if (t->arch == AUDIT_ARCH_I386)
		return (int32_t)(uint32_t)t->args[i];
	return (int64_t)t->args[i];
}

bool floor_is_foreign_abi(uint32_t audit_arch, long nr)
{
	if (audit_arch != syscalls_native_arch())
		return true;
	return audit_arch == AUDIT_ARCH_X86_64 && (nr & __X32_SYSCALL_BIT);
}

static uint32_t foreign_bit(const struct tracee *t)
{
	/* The kernel reports x32 calls under AUDIT_ARCH_X86_64. */
	return t->arch == AUDIT_ARCH_X86_64 ? POLICY_ABI_X32 : POLICY_ABI_I386;
}

/* A foreign ABI the policy names is a permitted ABI like the native one;
 * any other is always shown (and killed under a policy). */
bool floor_is_unnamed_abi(const struct tracer *tr, const struct tracee *t)
{
	if (!floor_is_foreign_abi(t->arch, t->nr))
		return false;
	return !tr->policy || !(tr->policy->foreign_arches_allowed & foreign_bit(t));
}

bool floor_is_selected(const struct tracer *tr, const struct tracee *t)
{
	long idx = 0;

	if (!t->sig)
		return tr->selects_all; /* unknown to the table: only "all" has it */
	idx = syscalls_index_of(t->sig);
	return idx >= 0 && tr->selected && syscall_set_has(tr->selected, (size_t)idx);
}

bool floor_is_execve(const struct syscall_sig *sig)
{
	return sig && (strcmp(sig->name, "execve") == 0 || strcmp(sig->name, "execveat") == 0);
}

/* ---- the tracer's reach ---- */

/* @pid (a pid argument at its C type) is the tracer.  In a pid namespace
 * of the program's own, no number names it. */
static bool is_tracer_pid(const struct tracer *tr, int32_t pid)
{
	return !tr->own_pidns && pid == tr->self;
}

/* The caller (@t's process) is in the tracer's process group now.  Read
 * from the kernel at the stop, not remembered: the program may have left.
 * It cannot come back while stopped here (setpgid is KIND_SETPGID). */
static bool caller_in_tracer_group(const struct tracer *tr, const struct tracee *t)
{
	pid_t pg = getpgid(t->tid);

	/* Unknown (the task is dying): the safe answer. */
	return pg < 0 || pg == tr->pgid;
}

/* A process-group argument @pg (0: the caller's own) names the tracer's. */
static bool is_tracer_group(const struct tracer *tr, const struct tracee *t, int32_t pg)
{
	if (pg == 0)
		return caller_in_tracer_group(tr, t);
	return !tr->own_pidns && pg == tr->pgid;
}

/* A signal jtrace-run survives: ignored by default, or caught and passed
 * on to the program (run.c's forwarding of INT, TERM, HUP and QUIT).  A
 * script's `kill 0` (TERM) to its own group reaches jtrace-run too, which
 * must keep working; SIGKILL, stop signals and any other default-fatal one
 * must not reach it. */
static bool tracer_survives(int32_t sig)
{
	switch (sig) {
	case 0:
	case SIGCHLD:
	case SIGCONT:
	case SIGURG:
	case SIGWINCH:
	case SIGINT:
	case SIGTERM:
	case SIGHUP:
	case SIGQUIT:
		return true;
	default:
		return false;
	}
}

/* kill(pid, sig): a positive pid, 0 (the caller's group), -1 (every process
 * the caller may signal: the tracer too, outside a pid namespace of the
 * program's own) or -pgid.  Aimed at the tracer by pid, any signal but 0 is
 * refused; through a group or -1, only those it would not survive. */
static bool kill_hits_tracer(const struct tracer *tr, const struct tracee *t)
{
	int32_t pid = arg_int(t, 0), sig = arg_int(t, 1);

	if (sig == 0)
		return false; /* an existence check */
	if (pid > 0)
		return is_tracer_pid(tr, pid);
	if (tracer_survives(sig) || pid == INT32_MIN)
		return false; /* INT32_MIN: the kernel refuses it (ESRCH) */
	/* Landlock's signal scope spares the tracer in the kernel, and the
	 * rest of the group or of the uid gets the signal as asked. */
	if (tr->signals_scoped)
		return false;
	if (pid == 0)
		return caller_in_tracer_group(tr, t);
	if (pid == -1)
		return !tr->own_pidns;
	return is_tracer_group(tr, t, -pid);
}

/* setpriority(which, who, prio) and ioprio_set(which, who, ioprio): the
 * same three forms (PRIO_PROCESS = IOPRIO_WHO_PROCESS - 1...). */
static bool prio_hits_tracer(const struct tracer *tr, const struct tracee *t, bool io)
{
	int32_t which = arg_int(t, 0), who = arg_int(t, 1);
	int32_t process = io ? IOPRIO_WHO_PROCESS_ : PRIO_PROCESS;
	int32_t pgrp = io ? IOPRIO_WHO_PGRP_ : PRIO_PGRP;
	int32_t user = io ? IOPRIO_WHO_USER_ : PRIO_USER;

	if (which == process)
		return who != 0 && is_tracer_pid(tr, who);
	if (which == pgrp)
		return is_tracer_group(tr, t, who);
	if (which == user) {
		/* Every process of that uid the caller can see: who 0 is the
		 * caller's own uid, which is the tracer's unless the program
		 * changed it; refused for both. */
		return !tr->own_pidns && (who == 0 || (uid_t)who == tr->uid);
	}
	return false;
}

/* The pid a pidfd (or, for pidfd_send_signal, a /proc/PID directory fd) of
 * @t refers to, or 0.  Read from /proc at the stop: another thread can
 * dup2 over the fd before the call runs, so this is an aid on top of the
 * real barrier, that the program cannot get such an fd (pidfd_open of the
 * tracer is refused, /proc/<tracer> is Landlock's). */
static pid_t pidfd_target(pid_t tid, int32_t fd)
{
	char path[64], link[64];
	cleanup_free char *buf = NULL;
	ssize_t n = 0;
	long v = 0;

	if (fd < 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", tid, fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		if (strncmp(link, "/proc/", 6) == 0 && jt_parse_long(link + 6, 1, INT_MAX, &v) == 0)
			return (pid_t)v;
	}
	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", tid, fd);
	if (jt_read_file(path, &buf, NULL) < 0)
		return 0;
	for (char *line = buf; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (strncmp(line, "Pid:\t", 5) == 0) {
			char *end = strchr(line, '\n');

			if (end)
				*end = '\0';
			return jt_parse_long(line + 5, 1, INT_MAX, &v) == 0 ? (pid_t)v : 0;
		}
	}
	return 0;
}

/* An fd owner as F_SETOWN takes it: a pid, or minus a process group. */
static bool owner_is_tracer(const struct tracer *tr, const struct tracee *t, int32_t owner)
{
	if (owner > 0)
		return is_tracer_pid(tr, owner);
	return owner < 0 && owner != INT32_MIN && is_tracer_group(tr, t, -owner);
}

/* ioctl(sock, FIOSETOWN or SIOCSPGRP, int *owner): the owner is in memory
 * (read once at the stop: an aid, like every memory check). */
static bool ioctl_hits_tracer(const struct tracer *tr, const struct tracee *t)
{
	uint32_t req = arg_uint(t, 1);
	int32_t owner = 0;

	if (req != FIOSETOWN && req != SIOCSPGRP)
		return false;
	if (tmem_read_exact(t->tid, t->args[2], &owner, sizeof(owner)) < 0)
		return false; /* the kernel will fail it (EFAULT) */
	return owner_is_tracer(tr, t, owner);
}

/* fcntl(fd, F_SETOWN, pid) (negative: a group) or F_SETOWN_EX with a
 * struct f_owner_ex in memory (read once at the stop: an aid). */
static bool fcntl_hits_tracer(const struct tracer *tr, const struct tracee *t)
{
	uint32_t cmd = arg_uint(t, 1);

	if (cmd == F_SETOWN)
		return owner_is_tracer(tr, t, arg_int(t, 2));
	if (cmd == F_SETOWN_EX) {
		struct {
			int32_t type;
			int32_t pid;
		} ex = {0, 0};

		if (tmem_read_exact(t->tid, t->args[2], &ex, sizeof(ex)) < 0)
			return false; /* the kernel will fail it (EFAULT) */
		if (ex.type == F_OWNER_PGRP)
			return ex.pid > 0 && is_tracer_group(tr, t, ex.pid);
		if (ex.type == F_OWNER_PID || ex.type == F_OWNER_TID)
			return ex.pid > 0 && is_tracer_pid(tr, ex.pid);
	}
	return false;
}

/* setpgid(pid, pgid) moving a process (0: the caller) into the tracer's
 * group from outside it (from inside it is a no-op).  The target, not the
 * caller: a parent moving its child back while the child's kill(0) is
 * being checked would race that check. */
static bool setpgid_joins_tracer(const struct tracer *tr, const struct tracee *t)
{
	int32_t target = arg_int(t, 0);
	pid_t pg = 0;

	if (tr->own_pidns || arg_int(t, 1) != tr->pgid)
		return false; /* in a pid namespace of its own, no number names it */
	pg = getpgid(target > 0 ? target : t->tid);
	return pg != tr->pgid; /* unknown (ESRCH): the kernel fails it too */
}

static bool ptrace_request_attaches(int64_t req)
{
	return req == PTRACE_ATTACH || req == PTRACE_SEIZE || req == PTRACE_TRACEME;
}

/* Does @t's call reach the tracer itself? */
static bool hits_tracer(const struct tracer *tr, const struct tracee *t, enum floor_kind kind)
{
	switch (kind) {
	case KIND_PID0:
		return is_tracer_pid(tr, arg_int(t, 0));
	case KIND_PID01:
		return is_tracer_pid(tr, arg_int(t, 0)) || is_tracer_pid(tr, arg_int(t, 1));
	case KIND_PID1:
		return is_tracer_pid(tr, arg_int(t, 1));
	case KIND_KILL:
		return kill_hits_tracer(tr, t);
	case KIND_PRIO:
		return prio_hits_tracer(tr, t, strcmp(t->sig->name, "ioprio_set") == 0);
	case KIND_SETPGID:
		return setpgid_joins_tracer(tr, t);
	case KIND_PIDFD:
		if (strcmp(t->sig->name, "pidfd_send_signal") == 0 && arg_int(t, 1) == 0)
			return false; /* signal 0 */
		return !tr->own_pidns && pidfd_target(t->tid, arg_int(t, 0)) == tr->self;
	case KIND_FCNTL:
		return fcntl_hits_tracer(tr, t);
	case KIND_IOCTL:
		return ioctl_hits_tracer(tr, t);
	case KIND_PTRACE: {
		int64_t req = arg_long(t, 0);

		/* pid is a long in the syscall, then taken as a pid_t. */
		return (req == PTRACE_ATTACH || req == PTRACE_SEIZE) &&
		       is_tracer_pid(tr, arg_int(t, 1));
	}
	case KIND_SECCOMP:
	case KIND_CLONE3:
	case KIND_UFFD:
	case KIND_SETID_MODE:
	case KIND_SETID_OPEN:
	case KIND_SETID_HOW:
	case KIND_SETID_URING:
	case KIND_NONE:
	default:
		return false;
	}
}

static bool deny_hard(struct tracee *t, struct policy_verdict *v, int err, const char *rule)
{
	v->action = POLICY_ERRNO;
	v->errno_val = err;
	t->rule_file = rule;
	t->floor_hard = true;
	return true;
}

/* ---- no set-id file under --ns ----
 *
 * Through --rw's idmapped mount the sandbox's files are root's on disk (or,
 * with --host-uid=0, its files are host root's anyway), and the host's own
 * mounts honour S_ISUID/S_ISGID: a setuid-root program the sandbox leaves
 * behind runs as root for any host user.  So under --ns no call may give a
 * file a set-id bit, whatever the mapping (Flatpak refuses the same calls):
 * every route to a file's mode takes it in a register, which no other
 * thread can change while the call is stopped, so the verdict is exact.
 * openat2 has its mode in memory (a sibling thread can rewrite it after
 * any check): ENOSYS, and libc falls back to openat.  io_uring's OPENAT
 * has a mode no seccomp stop ever sees: refused (EPERM).  File
 * capabilities need CAP_SETFCAP, which --ns never keeps (cli.c). */

#ifndef __O_TMPFILE
#define __O_TMPFILE 020000000
#endif

/* The index of @sig's argument named @name, or -1.  By name: a foreign
 * ABI's layout of the call is its own (aliases.in). */
static int arg_named(const struct syscall_sig *sig, const char *name)
{
	for (int i = 0; sig && i < sig->nargs && i < SYSCALL_MAX_ARGS; i++)
		if (strcmp(sig->args[i].name, name) == 0)
			return i;
	return -1;
}

/* @t's argument @name (already at its C type: umode_t is 16 bits, the
 * flags an int) has a bit of @bits. */
static bool arg_has_bits(const struct tracee *t, const char *name, uint64_t bits)
{
	int i = arg_named(t->sig, name);

	return i >= 0 && (t->args[i] & syscalls_arg_mask(t->sig, i) & bits) != 0;
}

static bool guard_setid(struct tracee *t, enum floor_kind kind, struct policy_verdict *v)
{
	switch (kind) {
	case KIND_SETID_OPEN:
		/* The kernel takes the mode only when the call creates. */
		if (!arg_has_bits(t, "flags", O_CREAT | __O_TMPFILE))
			return false;
		if (!arg_has_bits(t, "mode", S_ISUID | S_ISGID))
			return false;
		return deny_hard(t, v, EPERM, FLOOR_SETID);
	case KIND_SETID_MODE:
		if (!arg_has_bits(t, "mode", S_ISUID | S_ISGID))
			return false;
		return deny_hard(t, v, EPERM, FLOOR_SETID);
	case KIND_SETID_HOW:
		return deny_hard(t, v, ENOSYS, FLOOR_SETID);
	case KIND_SETID_URING:
		return deny_hard(t, v, EPERM, FLOOR_IO_URING);
	default:
		return false;
	}
}

/* The floor's own verdict on @t's call, if it has one. */
static bool guard(struct tracer *tr, struct tracee *t, struct policy_verdict *v)
{
	enum floor_kind kind = kind_of(t->sig);

	switch (kind) {
	case KIND_NONE:
		return false;
	case KIND_SETID_MODE:
	case KIND_SETID_OPEN:
	case KIND_SETID_HOW:
	case KIND_SETID_URING:
		return tr->no_setid && guard_setid(t, kind, v);
	case KIND_CLONE3:
		/* Its flags are in memory, which a sibling thread can rewrite
		 * after any check or POKEDATA: libc falls back to clone on
		 * ENOSYS, and clone's flags are in a register. */
		return deny_hard(t, v, ENOSYS, FLOOR_CLONE3);
	case KIND_SECCOMP:
		/* USER_NOTIF outranks TRACE: every call such a listener answers
		 * would run without stopping, and be missing from the log.
		 * Refused with or without a policy.  op and flags are unsigned
		 * int: seccomp(0x100000001, ...) is SECCOMP_SET_MODE_FILTER. */
		if (arg_uint(t, 0) == SECCOMP_SET_MODE_FILTER &&
		    (arg_uint(t, 1) & SECCOMP_FILTER_FLAG_NEW_LISTENER))
			return deny_hard(t, v, EPERM, FLOOR_LISTENER);
		return false;
	case KIND_UFFD:
		/* flags is an int. */
		if (!(arg_int(t, 0) & UFFD_USER_MODE_ONLY))
			return deny_hard(t, v, EPERM, FLOOR_UFFD);
		return false;
	case KIND_IOCTL:
		/* The request is an unsigned int, and /dev/userfaultfd hands
		 * its argument on as new_userfaultfd's int flags.  Decided
		 * from the registers, whatever fd it is (0xAA is userfaultfd's
		 * ioctl letter): a sibling thread could dup2 another file
		 * over it after any look at the fd. */
		if (arg_uint(t, 1) == USERFAULTFD_IOC_NEW && !(arg_int(t, 2) & UFFD_USER_MODE_ONLY))
			return deny_hard(t, v, EPERM, FLOOR_UFFD);
		break;
	case KIND_PTRACE:
		/* Under a policy a traced process never becomes a tracer: its
		 * tracee's stops would be answered by the program, not by jtrace.
		 * Without one, its children are traced by jtrace already, so the
		 * kernel refuses the attach. */
		if (tr->policy && ptrace_request_attaches(arg_long(t, 0)))
			return deny_hard(t, v, EPERM, FLOOR_PTRACE);
		break;
	default:
		break;
	}
	if (!hits_tracer(tr, t, kind))
		return false;
	return deny_hard(t, v, EPERM, FLOOR_TRACER);
}

bool floor_counts_as_denial(const struct tracee *t)
{
	return t->rule_file != FLOOR_CLONE3;
}

void floor_decide(struct tracer *tr, struct tracee *t, struct policy_verdict *v)
{
	struct policy_mem mem = {.pid = t->tid, .abspath = tracee_abspath};

	memset(v, 0, sizeof(*v));
	v->action = POLICY_ALLOW;
	t->rule_file = NULL;
	t->rule_line = 0;
	t->floor_hard = false;
	t->unreadable = false;
	if (guard(tr, t, v))
		return;
	if (!tr->policy)
		return;
	if (floor_is_unnamed_abi(tr, t)) {
		v->action = POLICY_KILL;
		t->rule_file = "floor:foreign-abi";
		return;
	}
	/* An allowed foreign ABI meets the same rules, by call name: scalar
	 * arguments, paths and socket addresses mean the same there. */
	if (filter_is_io_uring(t->sig) && policy_denies_io_uring(tr->policy)) {
		v->action = POLICY_ERRNO;
		v->errno_val = EPERM;
		t->rule_file = FLOOR_IO_URING;
		return;
	}
	/* The launcher's own execve is not the program's to be judged by. */
	if (t->tid == tr->program && !tr->exec_seen && floor_is_execve(t->sig))
		return;
	/* A call the table does not know (newer than jtrace) gets the
	 * policy's default, as the kernel pre-filter gave it: policy_decide
	 * takes a NULL signature for that. */
	policy_decide(tr->policy, t->sig, t->args, &mem, v);
	t->unreadable = v->unreadable;
	if (v->rule) {
		t->rule_file = v->rule->file;
		t->rule_line = v->rule->line;
	} else if (v->action != POLICY_ALLOW) {
		t->rule_file = tr->policy->default_file;
		t->rule_line = tr->policy->default_line;
	}
}

/* CLONE_UNTRACED would keep the new task out of the tracer's sight: clear
 * it, whichever ABI the call came through (an i386 clone through int 0x80
 * has its flags in ebx, regs.c knows).  clone takes its flags in a
 * register, which no other thread can change (clone3, whose flags are in
 * memory, never runs: see guard).  When the flag cannot be taken out, the
 * process is killed rather than let a child run untraced. */
void floor_keep_traced(struct tracee *t)
{
	int r = 0;

	if (!t->sig || t->deny_errno > 0)
		return; /* unknown to the table, or skipped: nothing is cloned */
	if (strcmp(t->sig->name, "clone") != 0)
		return;
	/* t->args keeps the flags as asked: the log shows those.  The kernel
	 * takes the low 32 bits of clone's unsigned long flags, where
	 * CLONE_UNTRACED is. */
	if (!(t->args[0] & CLONE_UNTRACED))
		return;
	r = regs_set_arg(t->tid, t->arch, 0,
			 (unsigned long)(t->args[0] & ~(uint64_t)CLONE_UNTRACED));
	if (r < 0 && r != -ESRCH) {
		jt_error_errno(-r, "clearing CLONE_UNTRACED in thread %d: killing its process",
			       t->tid);
		kill(t->tid, SIGKILL); /* a tid: the signal goes to its whole process */
	}
}

/* ---- the kernel pre-filter ---- */

/* ARG's low 32 bits == @v: the kernel reads an int there, so the upper
 * half must not take a call past the compare (MASKED_EQ ignores it). */
static struct scmp_arg_cmp low32_eq(unsigned arg, uint32_t v)
{
	struct scmp_arg_cmp c = {
		.arg = arg, .op = SCMP_CMP_MASKED_EQ, .datum_a = 0xffffffffu, .datum_b = v};

	return c;
}

/* ARG has @bit set, whatever its other bits. */
static struct scmp_arg_cmp bit_set(int arg, uint32_t bit)
{
	struct scmp_arg_cmp c = {
		.arg = (unsigned)arg, .op = SCMP_CMP_MASKED_EQ, .datum_a = bit, .datum_b = bit};

	return c;
}

static int add_cmp(scmp_filter_ctx ctx, uint32_t action, long nr, struct scmp_arg_cmp cmp)
{
	int r = seccomp_rule_add_array(ctx, action, (int)nr, 1, &cmp);

	return r == -EEXIST ? 0 : r;
}

/* The compares under which the kernel must stop @kind's call for the
 * guard to see it; 0 compares added means "always". */
static int compile_kind(scmp_filter_ctx ctx, uint32_t action, long nr, enum floor_kind kind,
			const struct syscall_sig *sig, const struct floor_ids *ids, unsigned rules,
			bool *always)
{
	bool policy = rules & FLOOR_UNDER_POLICY;
	int mode = arg_named(sig, "mode");
	uint32_t self = (uint32_t)ids->pid, pgid = (uint32_t)ids->pgid;
	struct scmp_arg_cmp listener = {.arg = 1,
					.op = SCMP_CMP_MASKED_EQ,
					.datum_a = SECCOMP_FILTER_FLAG_NEW_LISTENER,
					.datum_b = SECCOMP_FILTER_FLAG_NEW_LISTENER};
	struct scmp_arg_cmp uffd_kernel_faults = {
		.arg = 0, .op = SCMP_CMP_MASKED_EQ, .datum_a = UFFD_USER_MODE_ONLY, .datum_b = 0};
	int r = 0;

	*always = false;
	switch (kind) {
	case KIND_PID0:
		return add_cmp(ctx, action, nr, low32_eq(0, self));
	case KIND_PID1:
		return add_cmp(ctx, action, nr, low32_eq(1, self));
	case KIND_PID01:
		r = add_cmp(ctx, action, nr, low32_eq(0, self));
		return r < 0 ? r : add_cmp(ctx, action, nr, low32_eq(1, self));
	case KIND_KILL: {
		/* The tracer, the caller's group, everything, the tracer's group. */
		const uint32_t pids[] = {self, 0, (uint32_t)-1, (uint32_t) - (int32_t)pgid};

		for (size_t i = 0; i < JT_ARRAY_SIZE(pids) && r >= 0; i++)
			r = add_cmp(ctx, action, nr, low32_eq(0, pids[i]));
		return r;
	}
	case KIND_PRIO: {
		/* which == USER (both calls' numbers), or who the tracer, its
		 * group or 0 (the caller's group). */
		const uint32_t whos[] = {self, pgid, 0};

		r = add_cmp(ctx, action, nr, low32_eq(0, PRIO_USER));
		if (r >= 0)
			r = add_cmp(ctx, action, nr, low32_eq(0, IOPRIO_WHO_USER_));
		for (size_t i = 0; i < JT_ARRAY_SIZE(whos) && r >= 0; i++)
			r = add_cmp(ctx, action, nr, low32_eq(1, whos[i]));
		return r;
	}
	case KIND_SETPGID:
		return add_cmp(ctx, action, nr, low32_eq(1, pgid));
	case KIND_FCNTL:
		r = add_cmp(ctx, action, nr, low32_eq(1, F_SETOWN));
		return r < 0 ? r : add_cmp(ctx, action, nr, low32_eq(1, F_SETOWN_EX));
	case KIND_IOCTL:
		/* One compare each on the request, the shape libseccomp
		 * merges as the OR it is; IOC_NEW's flags are left to the
		 * guard. */
		r = add_cmp(ctx, action, nr, low32_eq(1, FIOSETOWN));
		if (r >= 0)
			r = add_cmp(ctx, action, nr, low32_eq(1, SIOCSPGRP));
		return r < 0 ? r : add_cmp(ctx, action, nr, low32_eq(1, USERFAULTFD_IOC_NEW));
	case KIND_UFFD:
		/* UFFD_USER_MODE_ONLY clear in the int's low word, whatever
		 * the upper half holds (MASKED_EQ with a zero upper mask). */
		return add_cmp(ctx, action, nr, uffd_kernel_faults);
	case KIND_SECCOMP:
		/* A bit of an unsigned int: the low half's bit, whatever the
		 * upper half holds; op is checked by the guard. */
		return add_cmp(ctx, action, nr, listener);
	case KIND_PTRACE:
		/* Under a policy every attach is refused: always.  Without, only
		 * an attach to the tracer (pid is taken as a pid_t). */
		if (!policy)
			return add_cmp(ctx, action, nr, low32_eq(1, self));
		*always = true;
		return 0;
	case KIND_SETID_MODE:
	case KIND_SETID_OPEN:
		/* Either set-id bit of the mode (umode_t: in the low word), one
		 * bit test each on one argument, the shape libseccomp merges
		 * as the OR it is (compile.c's tree_safe).  For open and openat
		 * the flags are left to the guard: a mode with a set-id bit
		 * and no O_CREAT stops and runs. */
		if (mode < 0) {
			*always = true;
			return 0;
		}
		r = add_cmp(ctx, action, nr, bit_set(mode, S_ISUID));
		return r < 0 ? r : add_cmp(ctx, action, nr, bit_set(mode, S_ISGID));
	case KIND_SETID_HOW:   /* its mode is in memory */
	case KIND_SETID_URING: /* refused whatever its arguments */
	case KIND_PIDFD:       /* an fd: the tracer looks at what it refers to */
	case KIND_CLONE3:      /* always ENOSYS */
	case KIND_NONE:
	default:
		*always = true;
		return 0;
	}
}

static bool is_setid_kind(enum floor_kind kind)
{
	return kind == KIND_SETID_MODE || kind == KIND_SETID_OPEN || kind == KIND_SETID_HOW ||
	       kind == KIND_SETID_URING;
}

int floor_compile(void *ctx, const struct floor_ids *ids, unsigned rules,
		  struct syscall_set *stopped, uint32_t action)
{
	uint32_t native = syscalls_native_arch();

	for (size_t i = 0; i < JT_ARRAY_SIZE(guarded); i++) {
		long idx = syscalls_index_by_name(guarded[i].name);
		long nr = idx < 0 ? -1 : syscalls_nr((size_t)idx, native);
		bool always = false;
		int r = 0;

		if (nr < 0 || syscall_set_has(stopped, (size_t)idx))
			continue;
		if (is_setid_kind(guarded[i].kind) && !(rules & FLOOR_NO_SETID))
			continue;
		r = compile_kind(ctx, action, nr, guarded[i].kind, &syscall_table[idx], ids, rules,
				 &always);
		if (r < 0)
			return r;
		if (!always)
			continue; /* conditional: the policy may still add its own */
		r = seccomp_rule_add(ctx, action, (int)nr, 0);
		if (r < 0 && r != -EEXIST)
			return r;
		syscall_set_add(stopped, (size_t)idx);
	}
	return 0;
}
