/* run: the life of one jtrace-run session (see run.h).  Signals sent to
 * jtrace-run (SIGINT, SIGTERM, SIGHUP, SIGQUIT) are passed to the program;
 * a failure to write the log is reported and makes the exit status 125,
 * because a trace that silently lost records is worse than none. */
#include <jtrace/launcher.h>
#include <jtrace/ns.h>
#include <jtrace/record.h>
#include <jtrace/run.h>
#include <jtrace/tracer.h>
#include <jtrace/util.h>

#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

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
}

static int exit_code_for_resolve(int r)
{
	return r == -ENOENT || r == -ENOTDIR ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE;
}

static json_object *start_record(const struct run_options *o, const struct launch *l, int argc,
				 char **argv)
{
	const char *names[SYSCALL_SET_WORDS * 64];
	size_t n = 0;
	json_object *rec = NULL;

	(void)argc;
	for (size_t i = 0; i < syscall_table_len && n < JT_ARRAY_SIZE(names); i++)
		if (syscall_set_has(&o->filter, i) && syscalls_nr(i, syscalls_native_arch()) >= 0)
			names[n++] = syscall_table[i].name;
	rec = record_start(0, argv, names, n, l->child);
	ns_describe(rec, l->child, &o->ns);
	return rec;
}

static json_object *end_record(const struct tracer *tr, const struct sink *s, int status)
{
	json_object *rec = record_new("end", jt_now_ns() - tr->start_ns);

	json_object_object_add(rec, "calls", json_object_new_int64((int64_t)tr->seq));
	json_object_object_add(rec, "stops", json_object_new_int64((int64_t)tr->calls));
	json_object_object_add(rec, "denied", json_object_new_int64((int64_t)tr->denied));
	json_object_object_add(rec, "audited", json_object_new_int64((int64_t)tr->audited));
	json_object_object_add(rec, "processes", json_object_new_int64((int64_t)tr->processes));
	json_object_object_add(rec, "exit_status", json_object_new_int(status));
	json_object_object_add(rec, "wall_ns", json_object_new_int64((int64_t)(jt_now_ns() - tr->start_ns)));
	json_object_object_add(rec, "lost", json_object_new_int64((int64_t)s->lost));
	return rec;
}

int run_session(const struct run_options *o, int argc, char **argv)
{
	struct launch l = {.opts = o, .child = -1, .err_fd = -1, .sync_fd = -1};
	struct tracer tr = {0};
	struct sink s = {.fd = -1};
	json_object *rec = NULL;
	int status = EXIT_JTRACE_FAILURE;
	int r = 0;

	r = launcher_resolve(o->argv[0], &l.exec_path);
	if (r < 0) {
		jt_error_errno(r, "cannot execute %s", o->argv[0]);
		return exit_code_for_resolve(r);
	}
	r = sink_open(&s, o->output, o->format == LOG_FORMAT_TEXT ? SINK_TEXT : SINK_JSON);
	if (r < 0) {
		jt_error_errno(r, "cannot write the log to %s%s", o->output,
			       r == -ELOOP ? " (a symlink is refused)" : "");
		goto out;
	}
	s.text.timestamps = o->timestamps;
	s.text.durations = o->show_durations;
	r = filter_build(&o->filter, &l.prog);
	if (r < 0) {
		jt_error_errno(r, "building the seccomp filter");
		goto out;
	}
	tr.procs = proctab_new();
	if (!tr.procs) {
		jt_error_errno(ENOMEM, "starting");
		goto out;
	}
	r = launcher_start(&l);
	if (r < 0)
		goto out;

	tr.sink = &s;
	tr.decode = o->decode;
	tr.select = o->status == STATUS_FAILED       ? SELECT_FAILED
		    : o->status == STATUS_SUCCESSFUL ? SELECT_SUCCESSFUL
						     : SELECT_ALL;
	tr.in_ns = o->ns.enabled && (o->ns.clone_flags & CLONE_NEWPID);
	tr.program = l.child;
	tr.start_ns = jt_now_ns();
	{
		struct tracee *first = proctab_add(tr.procs, l.child);

		if (first) {
			first->tgid = l.child;
			first->nspid = tr.in_ns ? 1 : l.child;
			first->known_tgid = true;
			snprintf(first->comm, sizeof(first->comm), "jtrace-run");
			if (tr.in_ns) {
				first->role = ROLE_NS_INIT;
				tr.ns_init = l.child;
			} else {
				tr.processes = 1;
			}
		}
	}
	rec = start_record(o, &l, argc, argv);
	sink_emit(&s, rec);
	json_object_put(rec);
	sink_flush(&s);

	install_forwarding(l.child);
	launcher_release(&l);
	r = tracer_run(&tr);
	if (r < 0)
		jt_error_errno(r, "tracing");

	if (!tr.exec_seen) {
		int code = launcher_report_child_failure(&l);

		status = code ? code : EXIT_JTRACE_FAILURE;
		if (!code)
			jt_error("the program ended before it could be executed");
	} else if (tr.program_exited) {
		status = tracer_exit_code(tr.program_status);
	}
	rec = end_record(&tr, &s, status);
	sink_emit(&s, rec);
	json_object_put(rec);
out:
	if (s.fd >= 0 && sink_close(&s) < 0) {
		jt_error("the log %s is incomplete: %llu records lost", s.path,
			 (unsigned long long)s.lost);
		status = EXIT_JTRACE_FAILURE;
	}
	proctab_free(tr.procs);
	launcher_cleanup(&l);
	return status;
}
