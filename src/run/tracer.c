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
#include <unistd.h>

#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif

int tracer_init(struct tracer *tr, const struct tracer_config *cfg)
{
	struct tracee *first = NULL;

	*tr = (struct tracer){
		.sink = cfg->sink,
		.decode = cfg->decode,
		.status = cfg->status,
		.in_ns = cfg->in_ns,
		.own_pidns = cfg->via_init,
		.program = cfg->child,
		.policy = cfg->policy,
		.audit = cfg->audit,
		.summary = cfg->summary,
		.summary_only = cfg->summary_only,
		.cpu = cfg->cpu,
		.selected = cfg->selected,
		.selects_all = filter_selects_all(cfg->selected),
		.signals_scoped = cfg->signals_scoped,
		.no_setid = cfg->no_setid,
		.self = getpid(),
		.pgid = getpgrp(),
		.uid = getuid(),
		.start_ns = jt_now_ns(),
	};
	tr->procs = proctab_new();
	first = tr->procs ? proctab_add(tr->procs, cfg->child) : NULL;
	if (!first) {
		tracer_free(tr);
		return -ENOMEM;
	}
	first->tgid = cfg->child;
	first->nspid = cfg->via_init ? 1 : cfg->child;
	first->known_tgid = true;
	snprintf(first->comm, sizeof(first->comm), "jtrace-run");
	if (cfg->via_init) {
		/* jtrace's own init: detached at its fork (on_new_task). */
		first->role = ROLE_NS_INIT;
		tr->ns_init = cfg->child;
	} else {
		tr->processes = 1;
	}
	return 0;
}

void tracer_free(struct tracer *tr)
{
	proctab_free(tr->procs);
	tr->procs = NULL;
}

int tracer_exit_code(int wait_status)
{
	if (WIFEXITED(wait_status))
		return WEXITSTATUS(wait_status);
	if (WIFSIGNALED(wait_status))
		return 128 + WTERMSIG(wait_status);
	return EXIT_FAILURE;
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

static void resume(struct tracee *t, int sig)
{
	if (ptrace(t->in_syscall ? PTRACE_SYSCALL : PTRACE_CONT, t->tid, 0L, (long)sig) < 0 &&
	    errno != ESRCH)
		jt_error_errno(errno, "resuming thread %d", t->tid);
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

/* The call of @t at its seccomp stop, as the kernel will see it: arch,
 * number, arguments at their C type, the signature (socketcall and ipc
 * demultiplexed).  false when the thread is gone. */
static bool read_call(struct tracer *tr, struct tracee *t)
{
	struct __ptrace_syscall_info info;
	unsigned ptr_arg = 0;
	long nr = 0;

	memset(&info, 0, sizeof(info));
	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof(info), &info) < 0) {
		if (errno != ESRCH)
			jt_error_errno(errno, "reading the call of thread %d", t->tid);
		return false;
	}
	tracee_end_call(t);
	tr->seccomp_stops++;
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
	return true;
}

/* What the verdict @v does to @t's call: its action, the counts, the
 * skipped call.  Returns whether the verdict alone has it logged. */
static bool apply_verdict(struct tracer *tr, struct tracee *t, const struct policy_verdict *v)
{
	int r = 0;

	t->action = EVENT_ALLOW;
	switch (v->action) {
	case POLICY_LOG:
		t->action = EVENT_LOG;
		return true;
	case POLICY_ERRNO:
	case POLICY_KILL:
		if (tr->audit && !t->floor_hard) {
			t->action = EVENT_AUDIT;
			tr->audited++;
			return floor_counts_as_denial(t);
		}
		/* clone3's ENOSYS is libc's cue to fall back to clone, not a
		 * violation: shown when selected, like any call. */
		if (floor_counts_as_denial(t))
			tr->denied++;
		t->action = v->action == POLICY_KILL ? EVENT_KILL : EVENT_DENY;
		t->deny_errno = v->action == POLICY_KILL ? ENOSYS : v->errno_val;
		r = regs_skip_syscall(t->tid);
		if (r < 0 && r != -ESRCH)
			jt_error_errno(r, "denying a call of thread %d", t->tid);
		return floor_counts_as_denial(t);
	case POLICY_ALLOW:
	default:
		return false;
	}
}

/* A seccomp stop: decide the call, and say whether its exit stop is
 * wanted (true: resume with PTRACE_SYSCALL). */
static bool on_seccomp_stop(struct tracer *tr, struct tracee *t)
{
	struct policy_verdict v;
	bool logged = false;

	if (!read_call(tr, t))
		return false;
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
	if (apply_verdict(tr, t, &v))
		logged = true;
	if (!logged && !t->fix_affinity && t->deny_errno == 0) {
		floor_keep_traced(t);
		return false; /* allowed, not selected: no record, no exit stop */
	}
	t->silent = !logged;
	t->in_syscall = true;
	record_call_entry(tr, t);
	if (t->action == EVENT_KILL) {
		/* Logged now: the process dies before the call could return. */
		record_call_end(tr, t, NULL);
		kill(t->tgid, SIGKILL);
		return false;
	}
	floor_keep_traced(t);
	return true;
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
		int r = regs_set_return(t->tid, -t->deny_errno);

		if (r < 0 && r != -ESRCH)
			jt_error_errno(r, "failing a denied call of thread %d", t->tid);
	}
	record_call_end(tr, t, &info);
}

/* ---- process events ---- */

/* The placement was just released (cpu.h): every task gets its CPUs back. */
static void release_cpus(struct tracer *tr)
{
	cpu_release_tasks(tr->cpu, tr->procs, tr->ns_init);
}


static void on_new_task(struct tracer *tr, struct tracee *parent, int event)
{
	unsigned long msg = 0;
	struct tracee *child = NULL;
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
	record_ensure_ids(tr, child);
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
	record_fork(tr, parent, child, event, thread);
}

static void on_exec(struct tracer *tr, struct tracee *t)
{
	unsigned long former = 0;

	if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0L, &former) == 0 && (pid_t)former != t->tid) {
		/* A non-leader thread exec'd: it now has the leader's tid, and
		 * its call in progress (this execve) goes with it. */
		t = proctab_rekey(tr->procs, (pid_t)former, t->tid);
		if (!t)
			return;
		t->tgid = t->tid;
		record_read_ids(tr, t);
	}
	record_read_comm(t);
	if (t->tid == tr->program && !tr->exec_seen) {
		tr->exec_seen = true;
		/* -o FILE is created or truncated only now, the new image not
		 * yet running: a run that failed before left it as it was. */
		sink_commit(tr->sink);
	}
	record_exec(tr, t, (pid_t)former != t->tid ? (pid_t)former : 0);
	/* Past this event execve can only return 0, and it has nothing left
	 * to decode (its arguments were read at entry; the memory is the new
	 * image's now).  So its record is complete here, and the tracee is
	 * spared the syscall-exit stop: resume() continues with PTRACE_CONT.
	 * One stop less for every program started. */
	if (t->in_syscall && floor_is_execve(t->sig)) {
		struct __ptrace_syscall_info done = {.op = PTRACE_SYSCALL_INFO_EXIT};

		record_call_end(tr, t, &done);
	}
}

static void on_signal(struct tracer *tr, struct tracee *t, int sig)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	ptrace(PTRACE_GETSIGINFO, t->tid, 0L, &si);
	record_signal(tr, t, sig, &si);
}

/* A group-stop (a stop signal took effect): strace's "--- stopped by SIG
 * ---".  Not a delivery, so no siginfo; a thread reports each group-stop
 * it enters. */
static void on_group_stop(struct tracer *tr, struct tracee *t, int sig)
{
	record_stop(tr, t, sig);
}

static void on_death(struct tracer *tr, pid_t tid, int status)
{
	struct tracee *t = proctab_get(tr->procs, tid);

	if (tid == tr->program) {
		tr->program_exited = true;
		tr->program_status = status;
	}
	if (!t)
		return; /* the sandbox init, or a thread never seen */
	if (t->in_syscall)
		record_call_end(tr, t, NULL);
	record_exit(tr, t, status);
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
			cpu_watch_tasks(tr->cpu, tr->procs, tr->ns_init, tr->ptrace_stops);
		}
		want = sink_pending_bytes(tr->sink) || (tr->cpu && cpu_tick_needed(tr->cpu, tr->ptrace_stops));
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
