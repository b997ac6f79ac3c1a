/* run: the life of one jtrace-run session (see run.h).  Signals sent to
 * jtrace-run (SIGINT, SIGTERM, SIGHUP, SIGQUIT) are passed to the program;
 * a failure to write the log is reported and makes the exit status 125,
 * because a trace that silently lost records is worse than none. */
#include <jtrace/landlock.h>
#include <jtrace/launcher.h>
#include <jtrace/ns.h>
#include <jtrace/policy.h>
#include <jtrace/json.h>
#include <jtrace/record.h>
#include <jtrace/run.h>
#include <jtrace/tracer.h>
#include <jtrace/util.h>

#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/wait.h>

#ifndef LANDLOCK_SCOPE_SIGNAL
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1) /* uapi, Landlock ABI 6 */
#endif

static volatile sig_atomic_t forward_to = 0;

static void forward_signal(int sig)
{
	pid_t p = forward_to;

	if (p > 0)
		kill(p, sig);
}

static void install_forwarding(pid_t target)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	struct sigaction sa;

	forward_to = target;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < JT_ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
	/* A log on a closed pipe is a write error to report, not a death. */
	signal(SIGPIPE, SIG_IGN);
	/* The program shares our terminal (without --ns) and may make a
	 * process group of its own the foreground one and set TOSTOP: our
	 * next write to the terminal would then raise SIGTTOU and stop us (a
	 * hung run, as kill(tracer, SIGSTOP) would) or, in an orphaned group,
	 * fail with EIO (a lost log).  Ignored, the write goes through.  Set
	 * after the fork: the program keeps its own disposition. */
	signal(SIGTTOU, SIG_IGN);
}

static int exit_code_for_resolve(int r)
{
	return r == -ENOENT || r == -ENOTDIR ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE;
}

/* A policy that lets i386 or x32 calls run judges them by name: their
 * numbers must be known before the program runs, not looked up (and maybe
 * not found, so left to the default) at the first such call. */
static int load_foreign_tables(const struct policy *p)
{
	for (size_t i = 0; i < policy_foreign_abis_len; i++) {
		const struct policy_abi *abi = &policy_foreign_abis[i];
		int r = 0;

		if (!(p->foreign_arches_allowed & abi->bit))
			continue;
		r = syscalls_arch_init(abi->audit_arch);
		if (r < 0 && r != -EINVAL) {
			jt_error_errno(r, "loading the %s syscall table", abi->name);
			return r;
		}
	}
	return 0;
}

static int load_policies(const struct run_options *o, struct policy *p)
{
	for (unsigned i = 0; i < o->n_policies; i++) {
		struct policy_error err;
		int r = 0;

		memset(&err, 0, sizeof(err));
		r = policy_load(p, o->policies[i], &err);
		if (r == -EINVAL) {
			char msg[640];

			policy_error_format(&err, msg, sizeof(msg));
			jt_error("%s", msg);
			return r;
		}
		if (r == -ENOENT && !strchr(o->policies[i], '/')) {
			jt_error("cannot load the policy %s: no such file, and no shipped policy of that "
				 "name (see policies/README.md)",
				 o->policies[i]);
			return r;
		}
		if (r < 0) {
			jt_error_errno(r, "cannot load the policy %s", o->policies[i]);
			return r;
		}
	}
	return load_foreign_tables(p);
}

static struct jv *policy_json(const struct run_options *o, const struct policy *p)
{
	struct jv *obj = NULL, *files = NULL;

	if (!o->n_policies)
		return NULL;
	obj = jv_object();
	files = jv_array();
	for (size_t i = 0; i < p->n_sources; i++) {
		struct jv *f = jv_object();

		jv_add(f, "path", jv_str(p->sources[i]));
		jv_add(f, "sha256", jv_str(p->hashes[i]));
		jv_push(files, f);
	}
	jv_add(obj, "files", files);
	jv_add(obj, "audit", jv_bool(o->audit));
	jv_add(obj, "rules", jv_int((int64_t)p->n_rules));
	return obj;
}

/* A record of the run itself (start, summary, end): its members in @body,
 * in the default arena, which is emptied after. */
static void emit_body(struct sink *s, enum event_kind kind, uint64_t ts, struct jv *body)
{
	struct event ev = {.kind = kind, .ts = ts, .body = body};

	sink_emit(s, &ev);
	jv_arena_reset(NULL);
}

static struct jv *start_body(const struct run_options *o, const struct launch *l, int argc,
			     char **argv)
{
	const char *names[SYSCALL_SET_WORDS * 64];
	size_t n = 0;
	struct jv *body = NULL;

	(void)argc;
	for (size_t i = 0; i < syscall_table_len && n < JT_ARRAY_SIZE(names); i++)
		if (syscall_set_has(&o->filter, i) && syscalls_nr(i, syscalls_native_arch()) >= 0)
			names[n++] = syscall_table[i].name;
	body = record_start_body(argv, o->argv, names, n, l->child);
	ns_describe(body, l->child, &o->ns);
	landlock_describe(body, o);
	return body;
}

static struct jv *end_body(const struct tracer *tr, const struct sink *s, int status, bool modified)
{
	struct jv *rec = jv_object();

	jv_add(rec, "calls", jv_int((int64_t)tr->seq));
	jv_add(rec, "stops", jv_int((int64_t)tr->seccomp_stops));
	jv_add(rec, "denied", jv_int((int64_t)tr->denied));
	jv_add(rec, "audited", jv_int((int64_t)tr->audited));
	jv_add(rec, "processes", jv_int((int64_t)tr->processes));
	jv_add(rec, "exit_status", jv_int(status));
	jv_add(rec, "wall_ns", jv_int((int64_t)(jt_now_ns() - tr->start_ns)));
	jv_add(rec, "lost", jv_int((int64_t)sink_lost(s)));
	if (sink_checked(s))
		jv_add(rec, "log_modified", jv_bool(modified));
	return rec;
}

/* -c: the table in the text log (as strace -c), a record in the JSON log. */
static void emit_summary(struct sink *s, const struct tracer *tr, const struct summary *sum)
{
	if (sink_log_format(s) == LOG_FORMAT_TEXT) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		if (!f)
			return;
		summary_print(sum, f);
		fclose(f);
		/* Through the sink, so the check of the file (sink_verify)
		 * covers the table too. */
		if (buf)
			(void)sink_write_raw(s, buf, len); /* a failure is the sink's error */
		free(buf);
	} else {
		struct jv *body = jv_object();

		jv_add(body, "summary", summary_to_json(sum));
		emit_body(s, EVENT_SUMMARY, jt_now_ns() - tr->start_ns, body);
	}
}

/* The log, open and checked, before anything runs.  0 or -1 (said). */
static int open_log(const struct run_options *o, struct sink **ret)
{
	int r = sink_open(ret, o->output, o->format, &o->text);

	if (r < 0) {
		jt_error_errno(r, "cannot write the log to %s%s", o->output,
			       r == -ELOOP ? " (a symlink is refused)" : "");
		return -1;
	}
	r = sink_check_shared(*ret);
	if (r < 0) {
		jt_error_errno(r, "looking at the log %s", sink_path(*ret));
		return -1;
	}
	r = json_init_token();
	if (r < 0) {
		jt_error_errno(r, "getrandom (the log's run token)");
		return -1;
	}
	return 0;
}

/* The tracer's part of the options, for the launched child @child. */
static struct tracer_config tracer_config_for(const struct run_options *o, struct sink *s,
					      const struct policy *policy, struct summary *sum,
					      struct cpu_placement *cpu, pid_t child)
{
	/* A new pid namespace (pid 1 is jtrace's init) or --ns-join (a waiter
	 * forks the program into the joined one): either way the launched
	 * child forks once and its child is the program. */
	bool via_init = (o->ns.enabled && (ns_effective_flags(&o->ns) & CLONE_NEWPID)) ||
			o->ns.join_pid > 0;
	/* The child applies the same plan (landlock.h) or does not run. */
	struct landlock_plan ll;

	landlock_plan(o, landlock_abi(), &ll);
	return (struct tracer_config){
		.sink = s,
		.decode = o->decode,
		.status = o->status,
		.child = child,
		.via_init = via_init,
		.in_ns = via_init || o->ns.enabled,
		.policy = o->n_policies ? policy : NULL,
		.audit = o->audit,
		.summary = o->summary ? sum : NULL,
		.summary_only = o->summary && o->format == LOG_FORMAT_TEXT,
		.cpu = cpu,
		.selected = &o->filter,
		.signals_scoped = ll.scoped & LANDLOCK_SCOPE_SIGNAL,
		/* As the filter is built (filter_request.no_setid). */
		.no_setid = o->ns.enabled,
	};
}

/* The status jtrace-run exits with, from what the tracer saw. */
static int program_status(const struct run_options *o, const struct tracer *tr,
			  struct launch *l)
{
	int status = EXIT_JTRACE_FAILURE;

	if (!tr->exec_seen) {
		int code = launcher_report_child_failure(l);

		status = code ? code : EXIT_JTRACE_FAILURE;
		if (!code)
			jt_error("the program ended before it could be executed");
	} else if (tr->program_exited) {
		status = tracer_exit_code(tr->program_status);
		if (o->audit && tr->audited > 0 && status == 0)
			status = o->audit_exit;
	}
	return status;
}

/* -c, the check of the file, the end record.  Returns @status, or 125
 * when the log cannot be trusted. */
static int finish_log(const struct run_options *o, struct sink *s, const struct tracer *tr,
		      const struct summary *sum, int status)
{
	if (o->summary)
		emit_summary(s, tr, sum);
	/* Everything the program wrote into -o FILE shows here: every
	 * tracee is gone, so nothing changes the file after this check but
	 * the end record itself. */
	int modified = sink_verify(s);

	if (modified < 0) {
		jt_error_errno(modified, "checking the log %s", sink_path(s));
		status = EXIT_JTRACE_FAILURE;
	} else if (modified) {
		jt_error("the log %s was modified while the program ran (truncated, rewritten or "
			 "replaced): do not trust it",
			 sink_path(s));
		status = EXIT_JTRACE_FAILURE;
	}
	/* Stamped before the body is made, as the members it counts. */
	uint64_t end_ts = jt_now_ns() - tr->start_ns;

	emit_body(s, EVENT_END, end_ts, end_body(tr, s, status, modified != 0));
	return status;
}

int run_session(const struct run_options *o, int argc, char **argv)
{
	struct launch l = {.opts = o, .child = -1, .err_fd = -1, .sync_fd = -1};
	struct tracer tr = {0};
	struct sink *s = NULL;
	struct policy policy;
	struct summary summary;
	struct cpu_placement cpu;
	struct tracer_config cfg;
	struct jv *body = NULL;
	int status = EXIT_JTRACE_FAILURE;
	bool log_placeholder = false;
	int r = 0;

	policy_init(&policy);
	summary_init(&summary);
	if (load_policies(o, &policy) < 0) {
		policy_free(&policy);
		return EXIT_JTRACE_FAILURE;
	}
	r = launcher_resolve(o->argv[0], &l.exec_path);
	if (r < 0) {
		jt_error_errno(r, "cannot execute %s", o->argv[0]);
		policy_free(&policy);
		return exit_code_for_resolve(r);
	}
	/* --ns covers the log inside: it must exist before the clone. */
	r = ns_log_placeholder(&o->ns, o->output, &log_placeholder);
	if (r < 0) {
		jt_error_errno(r, "cannot write the log to %s", o->output);
		goto out;
	}
	if (open_log(o, &s) < 0)
		goto out;
	struct filter_request req = {
		.selected = &o->filter,
		.policy = o->n_policies ? &policy : NULL,
		.watch_affinity = o->cpu == CPU_AUTO,
		.tracer = {.pid = getpid(), .pgid = getpgrp()},
		/* jtrace's own sandbox never mints a set-id file (floor.c);
		 * --ns-join's namespaces are someone else's. */
		.no_setid = o->ns.enabled,
	};

	r = filter_build(&req, &l.prog);
	if (r < 0) {
		jt_error_errno(r, "building the seccomp filter");
		goto out;
	}
	/* Before the fork: the child inherits the tracer's CPU. */
	cpu_pin_start(&cpu, o->cpu);
	r = launcher_start(&l);
	if (r < 0)
		goto out;
	cfg = tracer_config_for(o, s, &policy, &summary, &cpu, l.child);
	r = tracer_init(&tr, &cfg);
	if (r < 0) {
		jt_error_errno(r, "starting");
		goto out;
	}
	/* The child was forked dumpable; from now on a same-uid process
	 * without CAP_SYS_PTRACE cannot attach to us or open our memory. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	body = start_body(o, &l, argc, argv);
	jv_add(body, "policy", policy_json(o, &policy));
	jv_add(body, "log", sink_describe(s));
	emit_body(s, EVENT_START, 0, body);
	sink_flush(s);

	install_forwarding(l.child);
	launcher_release(&l);
	r = tracer_run(&tr);
	if (r < 0)
		jt_error_errno(r, "tracing");
	status = finish_log(o, s, &tr, &summary, program_status(o, &tr, &l));
out:
	if (s && sink_close(s) < 0) {
		jt_error_errno(sink_error(s), "writing the log to %s (%llu records lost)",
			       sink_path(s), (unsigned long long)sink_lost(s));
		status = EXIT_JTRACE_FAILURE;
	}
	sink_free(s);
	/* A run that never exec'd leaves no log where there was none. */
	if (log_placeholder && !tr.exec_seen)
		unlink(o->output);
	tracer_free(&tr);
	launcher_cleanup(&l);
	policy_free(&policy);
	summary_free(&summary);
	return status;
}
