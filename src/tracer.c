/* tracer: the ptrace loop.
 *
 * Every followed thread is seized with PTRACE_O_TRACESECCOMP, so it runs
 * with PTRACE_CONT at native speed and stops only where the seccomp filter
 * says SECCOMP_RET_TRACE.  At such a stop the call is read with
 * PTRACE_GET_SYSCALL_INFO and its input arguments decoded (the memory may
 * change once it runs); the thread is then resumed with PTRACE_SYSCALL for
 * that one call, and at its exit stop the return value and output
 * arguments complete the record.  Until the exit stop every resume of that
 * thread is PTRACE_SYSCALL (fork and exec events come in between).  The
 * one exception is execve: its record is complete at the exec event, and
 * the thread goes on from there with PTRACE_CONT, without an exit stop.
 * What a stop may do (the security floor, then the policy) and whether it
 * is logged is decided by floor.c from jtrace's own view of the call, never
 * from the stop's SECCOMP_RET_DATA, which the program's own filter can set.
 *
 * Stops are told apart as ptrace(2) describes for PTRACE_SEIZE:
 *   status>>16 == PTRACE_EVENT_STOP: group-stop (stop signals: LISTEN) or
 *       the initial stop of a new tracee (SIGTRAP: resume);
 *   status>>16 == other PTRACE_EVENT_*: seccomp, fork, vfork, clone, exec;
 *   WSTOPSIG == SIGTRAP|0x80: syscall-exit stop (TRACESYSGOOD);
 *   anything else: signal-delivery-stop, logged and re-injected.
 * A tracee can vanish (SIGKILL) between any two calls: ESRCH is expected and
 * the death is reported by waitpid. */
#include <jtrace/decode.h>
#include <jtrace/filter.h>
#include <jtrace/floor.h>
#include <jtrace/record.h>
#include <jtrace/regs.h>
#include <jtrace/tracer.h>
#include <jtrace/util.h>

#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/time.h>
#include <sys/wait.h>

#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif

int tracer_exit_code(int wait_status)
{
	if (WIFEXITED(wait_status))
		return WEXITSTATUS(wait_status);
	if (WIFSIGNALED(wait_status))
		return 128 + WTERMSIG(wait_status);
	return EXIT_FAILURE;
}

static uint64_t rel_ts(const struct tracer *tr)
{
	return jt_now_ns() - tr->start_ns;
}

/* Tgid, NSpid and Name from /proc/TID/status: once per new thread. */
static void read_ids(struct tracer *tr, struct tracee *t)
{
	char path[64];
	cleanup_free char *buf = NULL;
	char *line = NULL, *save = NULL;

	t->known_tgid = true;
	snprintf(path, sizeof(path), "/proc/%d/status", t->tid);
	if (jt_read_file(path, &buf, NULL) < 0)
		return;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "Name:\t", 6) == 0) {
			snprintf(t->comm, sizeof(t->comm), "%s", line + 6);
		} else if (strncmp(line, "Tgid:\t", 6) == 0) {
			long v = 0;

			if (jt_parse_long(line + 6, 1, INT_MAX, &v) == 0)
				t->tgid = (pid_t)v;
		} else if (tr->in_ns && strncmp(line, "NSpid:", 6) == 0) {
			/* The innermost namespace's id is the last field. */
			char *last = strrchr(line, '\t');
			long v = 0;

			if (last && jt_parse_long(last + 1, 1, INT_MAX, &v) == 0)
				t->nspid = (pid_t)v;
		}
	}
	if (!tr->in_ns)
		t->nspid = t->tid;
}

/* Tgid, nspid and comm, read once per task and only when needed: a forked
 * process is its own thread group and, outside a pid namespace, its own
 * nspid, so most tasks never need /proc at all. */
static void ensure_ids(struct tracer *tr, struct tracee *t)
{
	if (!t->known_tgid)
		read_ids(tr, t);
}

static void add_proc(struct tracer *tr, json_object *rec, struct tracee *t)
{
	ensure_ids(tr, t);
	record_add_proc(rec, t);
}

static void read_comm(struct tracee *t)
{
	char path[64];
	cleanup_free char *buf = NULL;
	size_t len = 0;

	snprintf(path, sizeof(path), "/proc/%d/comm", t->tid);
	if (jt_read_file(path, &buf, &len) < 0)
		return;
	if (len > 0 && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	snprintf(t->comm, sizeof(t->comm), "%s", buf);
}

/* The sandbox init forks exactly once, and that child is the program.  Its
 * first stop can come before the init's fork event: whichever is seen
 * first names the program, so nothing the program does is missed. */
static void claim_program(struct tracer *tr, struct tracee *t)
{
	if (!tr->ns_init || tr->program != tr->ns_init || t->tid == tr->ns_init)
		return;
	t->role = ROLE_PROGRAM;
	tr->program = t->tid;
	tr->processes++;
}

static struct tracee *lookup(struct tracer *tr, pid_t tid)
{
	struct tracee *t = proctab_get(tr->procs, tid);

	if (!t) {
		t = proctab_add(tr->procs, tid);
		if (t) {
			/* Ids and comm are read when a record needs them. */
			t->known_tgid = false;
			claim_program(tr, t);
			/* Born pinned from a parent not yet released, or
			 * free from one not yet pinned again. */
			if (tr->cpu && tr->cpu->mode == CPU_AUTO && tr->cpu->cpu >= 0) {
				if (!tr->cpu->pinned)
					cpu_restore_task(tr->cpu, tid);
				else if (tr->cpu->repins)
					cpu_repin_task(tr->cpu, tid);
			}
		}
	}
	return t;
}

static void emit(struct tracer *tr, json_object *rec)
{
	if (!rec)
		return;
	/* -c in text: the table is the whole output, as with strace -c. */
	if (!tr->summary_only)
		sink_emit(tr->sink, rec);
	json_object_put(rec);
}

static void resume(struct tracee *t, int sig)
{
	if (ptrace(t->in_syscall ? PTRACE_SYSCALL : PTRACE_CONT, t->tid, 0L, (long)sig) < 0 &&
	    errno != ESRCH)
		jt_error_errno(errno, "resuming thread %d", t->tid);
}

static const char *arch_of(uint32_t audit_arch, long nr)
{
	if (audit_arch == AUDIT_ARCH_X86_64 && (nr & __X32_SYSCALL_BIT))
		return "x32";
	return syscalls_arch_name(audit_arch);
}

/* ---- syscall records ---- */

/* Checked at every stop while the CPU mask may be hidden: a pointer
 * compare, not a name compare. */
static bool is_sched_getaffinity(const struct syscall_sig *sig)
{
	static const struct syscall_sig *affinity;

	if (!affinity)
		affinity = syscalls_by_name("sched_getaffinity");
	return sig && sig == affinity;
}

static void decode_entry(struct tracer *tr, struct tracee *t)
{
	struct decode_ctx ctx = {0};

	t->entry_args = json_object_new_object();
	/* A foreign ABI's structures differ from the native ones: show its
	 * arguments raw rather than decode them wrongly. */
	if (!t->sig || t->raw_args)
		return;
	ctx.pid = t->tid;
	ctx.arch = t->arch;
	ctx.opts = &tr->decode;
	ctx.args = t->args;
	for (unsigned i = 0; i < t->sig->nargs; i++) {
		json_object *v = NULL;

		if (argtype_at_exit(t->sig->args[i].type))
			continue;
		v = decode_arg(&ctx, t->sig, i);
		json_object_object_add(t->entry_args, t->sig->args[i].name, v);
	}
}

static void finish_call(struct tracer *tr, struct tracee *t, const struct __ptrace_syscall_info *info);

/* Returns true when the thread must go on to its exit stop. */
static bool on_seccomp_stop(struct tracer *tr, struct tracee *t)
{
	struct __ptrace_syscall_info info;
	struct policy_verdict v;
	bool logged = false;
	unsigned ptr_arg = 0;
	long nr = 0;

	memset(&info, 0, sizeof(info));
	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof(info), &info) < 0) {
		if (errno != ESRCH)
			jt_error_errno(errno, "reading the call of thread %d", t->tid);
		return false;
	}
	tracee_end_call(t);
	tr->calls++;
	t->entry_ns = jt_now_ns();
	t->arch = info.arch;
	t->nr = (long)info.seccomp.nr;
	t->deny_errno = 0;
	memcpy(t->args, info.seccomp.args, sizeof(t->args));
	nr = t->nr;
	/* The kernel reports x32 calls under AUDIT_ARCH_X86_64 with the x32
	 * bit in the number; their names are the x32 table's (execve is 520
	 * there, ptrace 521), or a guarded call would go by unnamed. */
	t->sig = syscalls_by_nr(
		t->arch == AUDIT_ARCH_X86_64 && (nr & __X32_SYSCALL_BIT) ? SCMP_ARCH_X32 : t->arch, nr);
	syscalls_args_at_type(t->sig, t->arch, t->args); /* what the kernel sees, for all below */
	if (syscalls_demux(&t->sig, t->arch, nr, t->args, t->tid, &ptr_arg) == -EFAULT)
		regs_set_arg(t->tid, t->arch, ptr_arg, 0); /* unreadable to us: to the kernel too */

	/* Decided from jtrace's own view, never from the stop's ret_data
	 * (the program's own filter can set that): the policy and the log
	 * see the call as the program made it; only then is CLONE_UNTRACED
	 * taken out (floor_keep_traced).  Whatever made the call stop, it is
	 * logged when selected (a foreign ABI the policy does not name always
	 * is) or when a verdict says so.  Such an ABI's structures differ from
	 * the native ones: its arguments are shown raw. */
	floor_decide(tr, t, &v);
	t->raw_args = floor_is_unnamed_abi(tr, t);
	logged = t->raw_args || floor_is_selected(tr, t);
	/* --cpu=same says so: only auto's pinning is hidden from the program.
	 * Released for being quiet, it may be pinned again before the call
	 * runs: the exit stop decides (fixes_affinity). */
	t->fix_affinity = tr->cpu && cpu_hides_mask(tr->cpu) && is_sched_getaffinity(t->sig);
	t->cpu_changes = tr->cpu ? tr->cpu->changes : 0;
	t->silent = false;
	t->action = "allow";
	switch (v.action) {
	case POLICY_LOG:
		t->action = "log";
		logged = true;
		break;
	case POLICY_ERRNO:
	case POLICY_KILL:
		/* clone3's ENOSYS is libc's cue to fall back to clone, not a
		 * violation: shown when selected, like any call. */
		if (floor_counts_as_denial(t))
			logged = true;
		if (tr->audit && !t->floor_hard) {
			t->action = "audit";
			tr->audited++;
			break;
		}
		if (floor_counts_as_denial(t))
			tr->denied++;
		t->action = v.action == POLICY_KILL ? "kill" : "deny";
		t->deny_errno = v.action == POLICY_KILL ? ENOSYS : v.errno_val;
		if (regs_skip_syscall(t->tid) < 0 && errno != ESRCH)
			jt_error_errno(errno, "denying a call of thread %d", t->tid);
		break;
	case POLICY_ALLOW:
	default:
		break;
	}
	if (!logged && !t->fix_affinity && t->deny_errno == 0) {
		floor_keep_traced(t);
		return false; /* allowed, not selected: no record, no exit stop */
	}
	t->silent = !logged;
	t->in_syscall = true;
	decode_entry(tr, t);
	if (v.action == POLICY_KILL && !tr->audit) {
		/* Logged now: the process dies before the call could return. */
		finish_call(tr, t, NULL);
		kill(t->tgid, SIGKILL);
		return false;
	}
	floor_keep_traced(t);
	return true;
}

static json_object *raw_args(const struct tracee *t)
{
	json_object *args = json_object_new_object();

	for (unsigned i = 0; i < SYSCALL_MAX_ARGS; i++) {
		char key[8], val[24];

		snprintf(key, sizeof(key), "arg%u", i);
		snprintf(val, sizeof(val), "0x%llx", (unsigned long long)t->args[i]);
		json_object_object_add(args, key, json_object_new_string(val));
	}
	return args;
}

static bool sig_has_exit_args(const struct syscall_sig *sig)
{
	for (unsigned i = 0; i < sig->nargs; i++)
		if (argtype_at_exit(sig->args[i].type))
			return true;
	return false;
}

/* The arguments in signature order: those decoded at entry, and those the
 * kernel wrote, decoded now. */
static json_object *final_args(struct tracer *tr, struct tracee *t, bool finished, int64_t ret)
{
	struct decode_ctx ctx = {0};
	json_object *args = NULL;

	if (!t->sig || t->raw_args)
		return raw_args(t);
	if (!sig_has_exit_args(t->sig)) {
		/* Nothing to add: hand over the entry object as it is. */
		args = t->entry_args;
		t->entry_args = NULL;
		return args ? args : json_object_new_object();
	}
	args = json_object_new_object();
	ctx.pid = t->tid;
	ctx.arch = t->arch;
	ctx.opts = &tr->decode;
	ctx.args = t->args;
	ctx.exiting = true;
	ctx.ret = ret;
	for (unsigned i = 0; i < t->sig->nargs; i++) {
		const char *name = t->sig->args[i].name;
		json_object *v = NULL;

		if (!argtype_at_exit(t->sig->args[i].type)) {
			if (json_object_object_get_ex(t->entry_args, name, &v))
				json_object_get(v);
		} else if (finished) {
			v = decode_arg(&ctx, t->sig, i);
		} else {
			continue;
		}
		json_object_object_add(args, name, v);
	}
	return args;
}

static json_object *syscall_record(struct tracer *tr, struct tracee *t)
{
	json_object *rec = record_new("syscall", t->entry_ns - tr->start_ns);
	const char *arch = arch_of(t->arch, t->nr);
	char unknown[32];

	json_object_object_add(rec, "seq", json_object_new_int64((int64_t)++tr->seq));
	add_proc(tr, rec, t);
	json_object_object_add(rec, "comm", json_object_new_string(t->comm));
	if (!t->sig)
		snprintf(unknown, sizeof(unknown), "syscall_%ld", t->nr);
	json_object_object_add(rec, "name", json_object_new_string(t->sig ? t->sig->name : unknown));
	json_object_object_add(rec, "nr", json_object_new_int64(t->nr));
	json_object_object_add(rec, "arch", json_object_new_string(arch ? arch : "unknown"));
	return rec;
}

static bool selected_by_status(const struct tracer *tr, bool finished, bool failed)
{
	switch (tr->select) {
	case SELECT_FAILED:
		return finished && failed;
	case SELECT_SUCCESSFUL:
		return finished && !failed;
	case SELECT_ALL:
	default:
		return true;
	}
}

/* Complete and write the record of @t's call.  @info is NULL when the call
 * never returned (exit, exit_group, or the thread died in it). */
static void finish_call(struct tracer *tr, struct tracee *t, const struct __ptrace_syscall_info *info)
{
	json_object *rec = NULL;
	bool failed = info && info->exit.is_error;
	int64_t rval = info ? info->exit.rval : 0;
	char unknown[32];

	/* A policy's verdicts are the audit trail: never filtered out. */
	bool verdict = t->action && strcmp(t->action, "allow") != 0 && strcmp(t->action, "log") != 0;

	if (t->silent || (!verdict && !selected_by_status(tr, info != NULL, failed))) {
		tracee_end_call(t);
		return;
	}
	if (tr->summary) {
		if (!t->sig)
			snprintf(unknown, sizeof(unknown), "syscall_%ld", t->nr);
		summary_add(tr->summary, t->sig ? t->sig->name : unknown,
			    info ? jt_now_ns() - t->entry_ns : 0, failed);
		if (tr->summary_only) {
			tr->seq++;
			tracee_end_call(t);
			return;
		}
	}
	rec = syscall_record(tr, t);
	json_object_object_add(rec, "args", final_args(tr, t, info != NULL, rval));
	if (info) {
		struct decode_ctx ctx = {.pid = t->tid, .arch = t->arch, .opts = &tr->decode,
					 .args = t->args, .exiting = true, .ret = rval};

		if (failed) {
			const char *name = decode_errno_name((int)-rval);

			json_object_object_add(rec, "ret", json_object_new_int(-1));
			if (name) {
				json_object_object_add(rec, "errno", json_object_new_string(name));
			} else {
				char num[24];

				snprintf(num, sizeof(num), "E%lld", (long long)-rval);
				json_object_object_add(rec, "errno", json_object_new_string(num));
			}
		} else if (t->sig && !t->raw_args) {
			json_object *rfd = decode_ret_fd(&ctx, t->sig);

			json_object_object_add(rec, "ret", decode_ret(&ctx, t->sig));
			if (rfd)
				json_object_object_add(rec, "ret_fd", rfd);
		} else {
			json_object_object_add(rec, "ret", json_object_new_int64(rval));
		}
		json_object_object_add(rec, "dur_ns",
				       json_object_new_int64((int64_t)(jt_now_ns() - t->entry_ns)));
	} else {
		json_object_object_add(rec, "unfinished", json_object_new_boolean(1));
	}
	json_object_object_add(rec, "action", json_object_new_string(t->action ? t->action : "allow"));
	if (t->rule_file) {
		char rule[320];

		if (t->rule_line)
			snprintf(rule, sizeof(rule), "%s:%u", t->rule_file, t->rule_line);
		else
			snprintf(rule, sizeof(rule), "%s", t->rule_file);
		json_object_object_add(rec, "rule", json_object_new_string(rule));
	}
	/* Decided as the policy's worst case (cond.c): say why. */
	if (t->unreadable)
		json_object_object_add(rec, "unreadable", json_object_new_boolean(1));
	tracee_end_call(t);
	emit(tr, rec);
	/* A verdict is on disk before the thread goes on (or dies): the
	 * program cannot kill the tracer (floor.c), and a SIGKILL from outside
	 * must not take buffered denials with it. */
	if (verdict)
		sink_flush(tr->sink);
}

/* Did this sched_getaffinity run on a CPU set jtrace chose?  Pinned now,
 * or pinned or released since its entry stop (while pinned at entry and
 * released before the exit stop, the call may have seen the one CPU). */
static bool fixes_affinity(const struct tracer *tr, const struct tracee *t)
{
	return tr->cpu->pinned || tr->cpu->changes != t->cpu_changes;
}

static void on_syscall_exit(struct tracer *tr, struct tracee *t)
{
	struct __ptrace_syscall_info info;

	memset(&info, 0, sizeof(info));
	if (!t->in_syscall)
		return; /* not a call we stopped at entry: nothing to complete */
	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof(info), &info) < 0) {
		if (errno != ESRCH)
			jt_error_errno(errno, "reading the result of thread %d", t->tid);
		return;
	}
	if (info.op != PTRACE_SYSCALL_INFO_EXIT)
		return;
	if (t->fix_affinity && !info.exit.is_error && info.exit.rval > 0 && fixes_affinity(tr, t))
		cpu_fix_getaffinity(tr->cpu, t->tid, (unsigned long)t->args[2], (size_t)info.exit.rval);
	if (t->deny_errno > 0) {
		/* The kernel skipped the call (-ENOSYS); the tracee sees the
		 * policy's errno instead. */
		info.exit.rval = -t->deny_errno;
		info.exit.is_error = 1;
		if (regs_set_return(t->tid, -t->deny_errno) < 0 && errno != ESRCH)
			jt_error_errno(errno, "failing a denied call of thread %d", t->tid);
	}
	finish_call(tr, t, &info);
}

/* ---- process events ---- */

static void restore_cpu(struct tracee *t, void *ctx)
{
	struct tracer *tr = ctx;

	cpu_restore_task(tr->cpu, t->tid);
}

/* The placement was just released (cpu.h): every task gets its CPUs back. */
static void release_cpus(struct tracer *tr)
{
	proctab_foreach(tr->procs, restore_cpu, tr);
	if (tr->ns_init)
		cpu_restore_task(tr->cpu, tr->ns_init);
}

static void count_runnable(struct tracee *t, void *ctx)
{
	size_t *n = ctx;

	*n += (size_t)cpu_task_runnable(t->tid);
}

struct unchanged_ctx {
	const struct cpu_placement *cpu;
	bool all;
};

static void check_unchanged(struct tracee *t, void *ctx)
{
	struct unchanged_ctx *u = ctx;

	if (u->all && !cpu_task_unchanged(u->cpu, t->tid))
		u->all = false;
}

static void repin_task(struct tracee *t, void *ctx)
{
	struct tracer *tr = ctx;

	cpu_repin_task(tr->cpu, t->tid);
}

/* The program stops often again after a quiet stretch (cpu.h): share one
 * CPU again, unless it chose a CPU set of its own for some task. */
static void repin_cpus(struct tracer *tr)
{
	struct unchanged_ctx u = {.cpu = tr->cpu, .all = true};

	proctab_foreach(tr->procs, check_unchanged, &u);
	if (!u.all) {
		cpu_give_up(tr->cpu);
		return;
	}
	if (cpu_repin(tr->cpu))
		proctab_foreach(tr->procs, repin_task, tr);
}

/* Every CPU_WATCH_MS while the placement is watched: does a pinned program
 * want a second CPU, or stop too rarely to gain from sharing one; does a
 * released one stop often again? */
static void watch_cpus(struct tracer *tr)
{
	size_t runnable = 0;

	if (!tr->cpu || !cpu_watching(tr->cpu))
		return;
	if (proctab_count(tr->procs) > 1)
		proctab_foreach(tr->procs, count_runnable, &runnable);
	switch (cpu_on_sample(tr->cpu, runnable, tr->ptrace_stops)) {
	case CPU_RELEASE:
		release_cpus(tr);
		break;
	case CPU_REPIN:
		repin_cpus(tr);
		break;
	case CPU_KEEP:
	default:
		break;
	}
}

static void on_new_task(struct tracer *tr, struct tracee *parent, int event)
{
	unsigned long msg = 0;
	struct tracee *child = NULL;
	json_object *rec = NULL;
	bool thread = false;

	if (ptrace(PTRACE_GETEVENTMSG, parent->tid, 0L, &msg) < 0)
		return;
	child = lookup(tr, (pid_t)msg);
	if (!child)
		return;
	if (event != PTRACE_EVENT_CLONE && !child->known_tgid) {
		child->tgid = child->tid;
		child->nspid = child->tid;
		child->known_tgid = !tr->in_ns;
	}
	ensure_ids(tr, child);
	if (!child->comm[0])
		memcpy(child->comm, parent->comm, sizeof(child->comm));
	if (parent->role == ROLE_NS_INIT) {
		/* jtrace's own init forked the program (claimed by lookup):
		 * leave the init untraced, it must reap, not stop. */
		if (ptrace(PTRACE_DETACH, parent->tid, 0L, 0L) < 0 && errno != ESRCH)
			jt_error_errno(errno, "detaching from the sandbox init");
		proctab_del(tr->procs, parent->tid);
		return;
	}
	thread = child->tgid == parent->tgid && child->tid != child->tgid;
	if (tr->cpu && cpu_on_new_task(tr->cpu, thread, proctab_count(tr->procs)))
		release_cpus(tr);
	if (!thread)
		tr->processes++;
	rec = record_new("fork", rel_ts(tr));
	add_proc(tr, rec, parent);
	json_object_object_add(rec, "child", json_object_new_int(child->tid));
	json_object_object_add(rec, "child_nspid", json_object_new_int(child->nspid));
	json_object_object_add(rec, "kind",
			       json_object_new_string(event == PTRACE_EVENT_FORK    ? "fork"
						      : event == PTRACE_EVENT_VFORK ? "vfork"
										    : "clone"));
	json_object_object_add(rec, "thread", json_object_new_boolean(thread));
	emit(tr, rec);
}

static void on_exec(struct tracer *tr, struct tracee *t)
{
	unsigned long former = 0;
	json_object *rec = NULL;
	char path[64], exe[PATH_MAX];
	ssize_t n = 0;

	if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0L, &former) == 0 && (pid_t)former != t->tid) {
		/* A non-leader thread exec'd: it now has the leader's tid, and
		 * its call in progress (this execve) goes with it. */
		t = proctab_rekey(tr->procs, (pid_t)former, t->tid);
		if (!t)
			return;
		t->tgid = t->tid;
		read_ids(tr, t);
	}
	read_comm(t);
	if (t->tid == tr->program && !tr->exec_seen) {
		tr->exec_seen = true;
		/* -o FILE is created or truncated only now, the new image not
		 * yet running: a run that failed before left it as it was. */
		sink_commit(tr->sink);
	}
	rec = record_new("exec", rel_ts(tr));
	add_proc(tr, rec, t);
	if ((pid_t)former != t->tid && former)
		json_object_object_add(rec, "old_tid", json_object_new_int((int)former));
	snprintf(path, sizeof(path), "/proc/%d/exe", t->tid);
	n = readlink(path, exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		json_object_object_add(rec, "path", json_object_new_string(exe));
	}
	json_object_object_add(rec, "comm", json_object_new_string(t->comm));
	emit(tr, rec);
	/* Past this event execve can only return 0, and it has nothing left
	 * to decode (its arguments were read at entry; the memory is the new
	 * image's now).  So its record is complete here, and the tracee is
	 * spared the syscall-exit stop: resume() continues with PTRACE_CONT.
	 * One stop less for every program started. */
	if (t->in_syscall && floor_is_execve(t->sig)) {
		struct __ptrace_syscall_info done = {.op = PTRACE_SYSCALL_INFO_EXIT};

		finish_call(tr, t, &done);
	}
}

static void on_signal(struct tracer *tr, struct tracee *t, int sig)
{
	siginfo_t si;
	json_object *rec = record_new("signal", rel_ts(tr));
	const char *name = decode_signal_name(sig);

	memset(&si, 0, sizeof(si));
	ptrace(PTRACE_GETSIGINFO, t->tid, 0L, &si);
	add_proc(tr, rec, t);
	json_object_object_add(rec, "signo", json_object_new_int(sig));
	json_object_object_add(rec, "sig", json_object_new_string(name ? name : "SIG?"));
	json_object_object_add(rec, "code", json_object_new_int(si.si_code));
	if (si.si_signo == sig)
		json_object_object_add(rec, "siginfo", decode_siginfo(&si));
	emit(tr, rec);
}

/* A group-stop (a stop signal took effect): strace's "--- stopped by SIG
 * ---".  Not a delivery, so no siginfo; a thread reports each group-stop
 * it enters. */
static void on_group_stop(struct tracer *tr, struct tracee *t, int sig)
{
	json_object *rec = record_new("stop", rel_ts(tr));
	const char *name = decode_signal_name(sig);

	add_proc(tr, rec, t);
	json_object_object_add(rec, "signo", json_object_new_int(sig));
	json_object_object_add(rec, "sig", json_object_new_string(name ? name : "SIG?"));
	emit(tr, rec);
}

static void on_death(struct tracer *tr, pid_t tid, int status)
{
	struct tracee *t = proctab_get(tr->procs, tid);
	json_object *rec = NULL;

	if (tid == tr->program) {
		tr->program_exited = true;
		tr->program_status = status;
	}
	if (!t)
		return; /* the sandbox init, or a thread never seen */
	if (t->in_syscall)
		finish_call(tr, t, NULL);
	rec = record_new("exit", rel_ts(tr));
	add_proc(tr, rec, t);
	if (WIFEXITED(status)) {
		json_object_object_add(rec, "code", json_object_new_int(WEXITSTATUS(status)));
	} else {
		const char *name = decode_signal_name(WTERMSIG(status));

		json_object_object_add(rec, "signal", json_object_new_string(name ? name : "SIG?"));
		json_object_object_add(rec, "signo", json_object_new_int(WTERMSIG(status)));
		json_object_object_add(rec, "core", json_object_new_boolean(WCOREDUMP(status)));
	}
	emit(tr, rec);
	proctab_del(tr->procs, tid);
}

static bool is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void on_stop(struct tracer *tr, pid_t tid, int status)
{
	struct tracee *t = lookup(tr, tid);
	int sig = WSTOPSIG(status);
	int event = (unsigned)status >> 16;

	tr->ptrace_stops++;
	if (!t) {
		jt_error("out of memory following thread %d", tid);
		ptrace(PTRACE_CONT, tid, 0L, 0L);
		return;
	}
	switch (event) {
	case 0:
		if (sig == (SIGTRAP | 0x80)) {
			on_syscall_exit(tr, t);
			resume(t, 0);
		} else {
			on_signal(tr, t, sig);
			resume(t, sig);
		}
		return;
	case PTRACE_EVENT_STOP:
		if (is_stop_signal(sig)) {
			/* Group-stop: stay stopped without blocking the tracer
			 * until SIGCONT. */
			on_group_stop(tr, t, sig);
			if (ptrace(PTRACE_LISTEN, tid, 0L, 0L) < 0 && errno != ESRCH)
				resume(t, 0);
		} else {
			resume(t, 0);
		}
		return;
	case PTRACE_EVENT_SECCOMP:
		if (!on_seccomp_stop(tr, t))
			tracee_end_call(t);
		break;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		if (t->role == ROLE_NS_INIT) {
			on_new_task(tr, t, event); /* detaches and forgets @t */
			return;
		}
		on_new_task(tr, t, event);
		break;
	case PTRACE_EVENT_EXEC:
		on_exec(tr, t);
		t = proctab_get(tr->procs, tid);
		if (!t)
			return;
		break;
	default:
		break;
	}
	resume(t, 0);
}

/* Flushing at every stop would cost a write(2) per call; instead the log
 * is flushed when its buffer fills, and on a tick every CPU_WATCH_MS while
 * anything is unwritten (SIGALRM interrupts waitpid), so an idle tracee's
 * log is current on disk within that delay.  The same tick samples the CPU
 * placement while it is watched (cpu.h).  One period for both keeps the
 * timer simple, and the tick is periodic: one that lands between the check
 * of tick_due and waitpid is not lost, the next wakes the tracer. */
static volatile sig_atomic_t tick_due;

static void on_alarm(int sig)
{
	(void)sig;
	tick_due = 1;
}

/* A tick every CPU_WATCH_MS from now on, or none. */
static void set_tick(bool on)
{
	struct timeval tv = {.tv_sec = 0, .tv_usec = on ? CPU_WATCH_MS * 1000 : 0};
	struct itimerval it = {.it_interval = tv, .it_value = tv};

	setitimer(ITIMER_REAL, &it, NULL);
}

int tracer_run(struct tracer *tr)
{
	struct sigaction sa;
	bool ticking = false;
	int rc = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL); /* no SA_RESTART: waitpid returns EINTR */
	for (;;) {
		int status = 0;
		pid_t tid = 0;
		bool want = false;

		if (tick_due) {
			tick_due = 0;
			sink_flush(tr->sink);
			watch_cpus(tr);
		}
		want = tr->sink->len > 0 || (tr->cpu && cpu_tick_needed(tr->cpu, tr->ptrace_stops));
		if (want != ticking) {
			set_tick(want);
			ticking = want;
		}
		tid = waitpid(-1, &status, __WALL);
		if (tid < 0) {
			if (errno == EINTR)
				continue;
			if (errno != ECHILD)
				rc = -errno;
			break;
		}
		if (WIFSTOPPED(status))
			on_stop(tr, tid, status);
		else if (WIFEXITED(status) || WIFSIGNALED(status))
			on_death(tr, tid, status);
	}
	/* The caller goes on without the handler's EINTRs. */
	if (ticking)
		set_tick(false);
	sink_flush(tr->sink);
	return rc;
}
