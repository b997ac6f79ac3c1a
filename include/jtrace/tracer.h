/* tracer: the ptrace loop.  Waits for every stop of every followed thread,
 * turns seccomp stops and their exit stops into syscall records, follows
 * fork/vfork/clone/exec, passes signals on, and handles group-stops with
 * PTRACE_LISTEN.  One thread, no allocation it can avoid on the per-stop
 * path. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cpu.h"
#include "decode.h"
#include "emit.h"
#include "policy.h"
#include "proctab.h"
#include "summary.h"

/* --status: which finished calls are logged (verdicts always are). */
enum status_filter { STATUS_ALL, STATUS_FAILED, STATUS_SUCCESSFUL };

/* What the tracer is asked to do; run.c fills it from the options. */
struct tracer_config {
	struct sink *sink;
	struct decode_opts decode;
	enum status_filter status;
	pid_t child;          /* the launched child, already seized */
	bool via_init;        /* ... an init that forks the program once (a new
			       * pid namespace, or --ns-join's waiter) */
	bool in_ns;           /* namespaces in use: nspid from /proc */
	const struct policy *policy; /* NULL: trace only */
	bool audit;
	struct summary *summary;     /* -c, or NULL */
	bool summary_only;    /* -c with text: the table replaces the lines */
	struct cpu_placement *cpu;
	const struct syscall_set *selected; /* --filter */
	bool signals_scoped;  /* Landlock refuses the program's signals to us */
	bool no_setid;        /* --ns: no set-id bit on any file (floor.c) */
};

struct tracer {
	struct sink *sink;
	struct decode_opts decode;
	enum status_filter status;
	bool in_ns;          /* read nspid from /proc (pid namespace in use) */
	pid_t program;       /* the program's first process (host pid) */
	pid_t ns_init;       /* jtrace's pid-1 init, or 0 */
	uint64_t start_ns;   /* CLOCK_MONOTONIC at the start record */
	const struct policy *policy; /* NULL: trace only */
	bool audit;          /* log would-be denials as "audit", deny nothing */
	struct summary *summary; /* -c: count every logged call, or NULL */
	bool summary_only;   /* -c with text: the table replaces the call lines */
	struct cpu_placement *cpu;
	pid_t self;          /* the tracer's own pid (the guard protects it) */
	pid_t pgid;          /* the tracer's process group (floor.c) */
	uid_t uid;           /* the tracer's real uid (PRIO_USER, floor.c) */
	bool own_pidns;      /* the program has a pid namespace of its own */
	bool signals_scoped; /* Landlock refuses the program's signals to the tracer */
	bool no_setid;       /* --ns: no set-id bit on any file (floor.c) */
	const struct syscall_set *selected; /* --filter: the calls logged */
	bool selects_all;    /* ... every call, known to the table or not */

	struct proctab *procs;
	uint64_t seq;        /* syscall records written */
	uint64_t seccomp_stops; /* seccomp stops seen, logged or not */
	uint64_t ptrace_stops; /* every stop (calls, events, signals) */
	uint64_t processes;  /* processes (thread groups) seen */
	uint64_t denied, audited;
	bool program_exited;
	int program_status;  /* wait status of the program's first process */
	bool exec_seen;      /* the program's execve succeeded */
	int exec_errno;      /* its failure, when it failed */
};

/* Ready @tr to follow @cfg->child: its own ids, the clock of the start
 * record (ts 0 is now), the first tracee.  0 or -ENOMEM. */
int tracer_init(struct tracer *tr, const struct tracer_config *cfg);
void tracer_free(struct tracer *tr);

/* Follow @t->program (already seized) until nothing is left to follow.
 * Returns 0 or -errno for a failure of the tracer itself. */
int tracer_run(struct tracer *t);

/* The status jtrace-run exits with for a wait status: code, or 128+sig. */
int tracer_exit_code(int wait_status);
