/* record: every record jtrace-run writes, as events (event.h) made from
 * the tracer's state: the calls (arguments decoded at the seccomp stop into
 * the thread's arena, completed at the exit stop), the process events, and
 * the start record's members (what was run, where, on what, with which
 * filter).  The tracer (tracer.c) only says when; the sink writes them. */
#include <jtrace/decode.h>
#include <jtrace/proctab.h>
#include <jtrace/record.h>
#include <jtrace/syscalls.h>
#include <jtrace/tracer.h>
#include <jtrace/util.h>
#include <jtrace/xlat.h>

#include <limits.h>
#include <linux/audit.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"

#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif

static uint64_t rel_ts(const struct tracer *tr)
{
	return jt_now_ns() - tr->start_ns;
}

/* Tgid, NSpid and Name from /proc/TID/status: once per new thread. */
void record_read_ids(struct tracer *tr, struct tracee *t)
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
void record_ensure_ids(struct tracer *tr, struct tracee *t)
{
	if (!t->known_tgid)
		record_read_ids(tr, t);
}

/* A record about @t at @ts. */
static void event_for(struct tracer *tr, struct event *ev, enum event_kind kind, struct tracee *t,
		      uint64_t ts)
{
	record_ensure_ids(tr, t);
	*ev = (struct event){.kind = kind, .ts = ts};
	ev->proc.pid = t->tgid;
	ev->proc.tid = t->tid;
	ev->proc.nspid = t->nspid;
}

void record_read_comm(struct tracee *t)
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

/* Write @ev, then give back the values it was made of (the arena in use:
 * the thread's for a call, the default one for the rest). */
static void emit(struct tracer *tr, const struct event *ev)
{
	/* -c in text: the table is the whole output, as with strace -c. */
	if (!tr->summary_only)
		sink_emit(tr->sink, ev);
	jv_arena_reset(jv_arena_current());
	jv_arena_use(NULL);
}

static const char *arch_of(uint32_t audit_arch, long nr)
{
	if (audit_arch == AUDIT_ARCH_X86_64 && (nr & __X32_SYSCALL_BIT))
		return "x32";
	return syscalls_arch_name(audit_arch);
}

void record_call_entry(struct tracer *tr, struct tracee *t)
{
	struct decode_ctx ctx = {0};

	t->entry_args = NULL;
	/* No record will show them: a call stopped only to be fixed up or
	 * failed (silent), or -c's table alone.  A foreign ABI's structures
	 * differ from the native ones: its arguments are shown raw rather
	 * than decoded wrongly (raw_args, at the end). */
	if (t->silent || tr->summary_only || !t->sig || t->raw_args)
		return;
	jv_arena_use(&t->arena);
	t->entry_args = jv_object();
	ctx.pid = t->tid;
	ctx.arch = t->arch;
	ctx.opts = &tr->decode;
	ctx.args = t->args;
	for (unsigned i = 0; i < t->sig->nargs; i++) {
		if (argtype_at_exit(t->sig->args[i].type))
			continue;
		jv_add(t->entry_args, t->sig->args[i].name, decode_arg(&ctx, t->sig, i));
	}
	jv_arena_use(NULL);
}

static struct jv *raw_args(const struct tracee *t)
{
	struct jv *args = jv_object();

	for (unsigned i = 0; i < SYSCALL_MAX_ARGS; i++) {
		char key[8];

		snprintf(key, sizeof(key), "arg%u", i);
		jv_add(args, key, jv_hex(t->args[i]));
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
 * kernel wrote, decoded now (in the thread's arena, which is in use). */
static struct jv *final_args(struct tracer *tr, struct tracee *t, bool finished, int64_t ret)
{
	struct decode_ctx ctx = {0};
	struct jv *args = NULL;

	if (!t->sig || t->raw_args)
		return raw_args(t);
	if (!sig_has_exit_args(t->sig))
		return t->entry_args ? t->entry_args : jv_object();
	args = jv_object();
	ctx.pid = t->tid;
	ctx.arch = t->arch;
	ctx.opts = &tr->decode;
	ctx.args = t->args;
	ctx.exiting = true;
	ctx.ret = ret;
	/* The entry values move over in their order (a value belongs to one
	 * container: entry_args is not read again). */
	struct jv *entry = t->entry_args ? t->entry_args->v.c.first : NULL;

	for (unsigned i = 0; i < t->sig->nargs; i++) {
		const char *name = t->sig->args[i].name;
		struct jv *v = NULL;

		if (!argtype_at_exit(t->sig->args[i].type)) {
			if (!entry || strcmp(entry->key, name) != 0)
				continue; /* not decoded: the arena ran out at entry */
			v = entry;
			entry = entry->next;
		} else if (finished) {
			v = decode_arg(&ctx, t->sig, i);
		} else {
			continue;
		}
		jv_add(args, name, v);
	}
	t->entry_args = NULL;
	return args;
}

static bool selected_by_status(const struct tracer *tr, bool finished, bool failed)
{
	switch (tr->status) {
	case STATUS_FAILED:
		return finished && failed;
	case STATUS_SUCCESSFUL:
		return finished && !failed;
	case STATUS_ALL:
	default:
		return true;
	}
}

/* Complete and write the record of @t's call.  @info is NULL when the call
 * never returned (exit, exit_group, or the thread died in it). */
void record_call_end(struct tracer *tr, struct tracee *t, const struct __ptrace_syscall_info *info)
{
	struct event ev;
	struct event_syscall *sys = &ev.u.sys;
	bool failed = info && info->exit.is_error;
	int64_t rval = info ? info->exit.rval : 0;
	char unknown[32], errname[24], rule[320];
	const char *name = t->sig ? t->sig->name : unknown;

	/* A policy's verdicts are the audit trail: never filtered out. */
	bool verdict = event_action_is_verdict(t->action);

	if (t->silent || (!verdict && !selected_by_status(tr, info != NULL, failed))) {
		tracee_end_call(t);
		return;
	}
	if (!t->sig)
		snprintf(unknown, sizeof(unknown), "syscall_%ld", t->nr);
	if (tr->summary) {
		summary_add(tr->summary, name, info ? jt_now_ns() - t->entry_ns : 0, failed);
		if (tr->summary_only) {
			tr->seq++;
			tracee_end_call(t);
			return;
		}
	}
	event_for(tr, &ev, EVENT_SYSCALL, t, t->entry_ns - tr->start_ns);
	sys->seq = ++tr->seq;
	sys->comm = t->comm;
	sys->sig = t->sig;
	sys->name = name;
	sys->nr = t->nr;
	sys->arch = arch_of(t->arch, t->nr);
	memcpy(sys->raw, t->args, sizeof(sys->raw));
	jv_arena_use(&t->arena);
	sys->args = final_args(tr, t, info != NULL, rval);
	sys->finished = info != NULL;
	sys->failed = failed;
	sys->rval = rval;
	if (failed) {
		sys->err = xlat_errno_name((int)-rval);
		if (!sys->err) {
			snprintf(errname, sizeof(errname), "E%lld", (long long)-rval);
			sys->err = errname;
		}
	} else if (info && t->sig && !t->raw_args) {
		struct decode_ctx ctx = {.pid = t->tid, .arch = t->arch, .opts = &tr->decode,
					 .args = t->args, .exiting = true, .ret = rval};

		sys->ret = decode_ret(&ctx, t->sig);
		sys->ret_fd = decode_ret_fd(&ctx, t->sig);
	} else if (info) {
		sys->ret = jv_int(rval);
	}
	if (info)
		sys->dur_ns = jt_now_ns() - t->entry_ns;
	sys->action = t->action;
	if (t->rule_file) {
		if (t->rule_line)
			snprintf(rule, sizeof(rule), "%s:%u", t->rule_file, t->rule_line);
		else
			snprintf(rule, sizeof(rule), "%s", t->rule_file);
		sys->rule = rule;
	}
	/* Decided as the policy's worst case (cond.c): say why. */
	sys->unreadable = t->unreadable;
	emit(tr, &ev);
	tracee_end_call(t);
	/* A verdict is written before the thread goes on (or dies): the
	 * program cannot kill the tracer (floor.c), and a SIGKILL from outside
	 * must not take buffered denials with it.  A terminal or pipe that
	 * takes no output keeps it in the buffer until it does (sink.c). */
	if (verdict)
		sink_flush(tr->sink);
}

void record_fork(struct tracer *tr, struct tracee *parent, const struct tracee *child, int event,
		 bool thread)
{
	struct event ev;

	event_for(tr, &ev, EVENT_FORK, parent, rel_ts(tr));
	ev.u.fork.child = child->tid;
	ev.u.fork.child_nspid = child->nspid;
	ev.u.fork.kind = event == PTRACE_EVENT_FORK    ? "fork"
			 : event == PTRACE_EVENT_VFORK ? "vfork"
						       : "clone";
	ev.u.fork.thread = thread;
	emit(tr, &ev);
}

void record_exec(struct tracer *tr, struct tracee *t, pid_t old_tid)
{
	struct event ev;
	char path[64], exe[PATH_MAX];
	ssize_t n = 0;

	event_for(tr, &ev, EVENT_EXEC, t, rel_ts(tr));
	ev.u.exec.old_tid = old_tid;
	snprintf(path, sizeof(path), "/proc/%d/exe", t->tid);
	n = readlink(path, exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		ev.u.exec.path = exe;
	}
	ev.u.exec.comm = t->comm;
	emit(tr, &ev);
}

void record_signal(struct tracer *tr, struct tracee *t, int sig, const siginfo_t *si)
{
	struct event ev;
	const char *name = xlat_signal_name(sig);

	event_for(tr, &ev, EVENT_SIGNAL, t, rel_ts(tr));
	ev.u.sig.signo = sig;
	ev.u.sig.name = name ? name : "SIG?";
	ev.u.sig.code = si->si_code;
	if (si->si_signo == sig)
		ev.u.sig.siginfo = decode_siginfo(si);
	emit(tr, &ev);
}

void record_stop(struct tracer *tr, struct tracee *t, int sig)
{
	struct event ev;
	const char *name = xlat_signal_name(sig);

	event_for(tr, &ev, EVENT_STOP, t, rel_ts(tr));
	ev.u.sig.signo = sig;
	ev.u.sig.name = name ? name : "SIG?";
	emit(tr, &ev);
}

void record_exit(struct tracer *tr, struct tracee *t, int status)
{
	struct event ev;

	event_for(tr, &ev, EVENT_EXIT, t, rel_ts(tr));
	if (WIFEXITED(status)) {
		ev.u.exit.code = WEXITSTATUS(status);
	} else {
		const char *name = xlat_signal_name(WTERMSIG(status));

		ev.u.exit.signaled = true;
		ev.u.exit.signal = name ? name : "SIG?";
		ev.u.exit.signo = WTERMSIG(status);
		ev.u.exit.core = WCOREDUMP(status);
	}
	emit(tr, &ev);
}

/* ---- the start record ---- */

static struct jv *string_array(char **v)
{
	struct jv *arr = jv_array();

	for (; *v; v++)
		jv_push(arr, jv_str(*v));
	return arr;
}

struct jv *record_start_body(char **command, char **argv, const char *const *filter_names,
			     size_t n_filter, pid_t program)
{
	struct jv *body = jv_object();
	struct jv *filter = jv_array();
	struct utsname u = {0};
	char cwd[PATH_MAX];
	const char *arch = syscalls_arch_name(syscalls_native_arch());

	jv_add(body, "version", jv_str(JTRACE_VERSION));
	jv_add(body, "argv", string_array(argv));
	jv_add(body, "command", string_array(command));
	jv_add(body, "cwd", getcwd(cwd, sizeof(cwd)) ? jv_str(cwd) : NULL);
	jv_add(body, "arch", jv_str(arch ? arch : "unknown"));
	jv_add(body, "kernel", uname(&u) == 0 ? jv_str(u.release) : NULL);
	for (size_t i = 0; i < n_filter; i++)
		jv_push(filter, jv_str(filter_names[i]));
	jv_add(body, "filter", filter);
	jv_add(body, "pid", jv_int(program));
	return body;
}
