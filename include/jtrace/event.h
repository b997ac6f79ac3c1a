/* event: what the tracer knows about one thing that happened, typed.
 *
 * The tracer fills one struct event per record and hands it to the sink;
 * the JSON writer (emit/json.c), the text writer (emit/text.c) and the -c
 * summary each read the event itself, never another writer's output.
 * Decoded arguments are jv trees (value.h) in the arena of the thread the
 * event is about; the event does not own them and is valid only until the
 * sink returns.
 *
 * The JSON form of every kind is documented in docs/log-schema.md (and
 * checked by tests/schema); emit/json.c writes the members in the order
 * the schema lists them. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "syscalls.h"
#include "value.h"

enum event_kind {
	EVENT_START,
	EVENT_SYSCALL,
	EVENT_EXEC,
	EVENT_FORK,
	EVENT_SIGNAL,
	EVENT_STOP,
	EVENT_EXIT,
	EVENT_SUMMARY,
	EVENT_END,
};

/* What the tracer did with a call: the log's "action". */
enum event_action {
	EVENT_ALLOW, /* traced, no rule (or an allow rule) */
	EVENT_LOG,   /* a "log" rule matched */
	EVENT_DENY,  /* failed with an errno instead of running */
	EVENT_KILL,  /* the process was killed */
	EVENT_AUDIT, /* --audit: would have been denied or killed */
};

/* "allow", "log", "deny", "kill", "audit". */
const char *event_action_name(enum event_action a);
/* A policy's verdict, which the log never filters out. */
static inline bool event_action_is_verdict(enum event_action a)
{
	return a == EVENT_DENY || a == EVENT_KILL || a == EVENT_AUDIT;
}

/* The thread a record is about. */
struct event_proc {
	pid_t pid;   /* thread group, host view */
	pid_t tid;
	pid_t nspid; /* the tid inside the program's pid namespace */
};

struct event_syscall {
	uint64_t seq;
	const char *comm;
	const struct syscall_sig *sig; /* NULL: not in jtrace's table */
	const char *name;              /* sig->name or "syscall_N" */
	long nr;
	const char *arch;              /* "x86_64", "i386", "x32"... */
	uint64_t raw[SYSCALL_MAX_ARGS];
	struct jv *args;               /* object, in signature order */
	bool finished;                 /* false: the call never returned */
	bool failed;                   /* finished with an errno */
	int64_t rval;                  /* the register value at exit */
	const char *err;               /* failed: "ENOENT" or "E<n>" */
	struct jv *ret;                /* finished and not failed: as decoded */
	struct jv *ret_fd;             /* -y: a new fd the call returned, or NULL */
	uint64_t dur_ns;               /* finished only */
	enum event_action action;
	const char *rule;              /* "file:line" of the deciding rule, or NULL */
	bool unreadable;               /* decided as the policy's worst case */
};

struct event_exec {
	pid_t old_tid;    /* a non-leader thread exec'd: its tid before, else 0 */
	const char *path; /* /proc/PID/exe, or NULL */
	const char *comm;
};

struct event_fork {
	pid_t child, child_nspid;
	const char *kind; /* "fork", "vfork", "clone" */
	bool thread;
};

struct event_signal {
	int signo;
	const char *name;     /* "SIGCHLD", or "SIG?" */
	int code;             /* si_code */
	struct jv *siginfo;   /* decoded, or NULL when none was available */
};

struct event_exit {
	bool signaled;
	int code;             /* exited: the status */
	int signo;            /* signaled */
	const char *signal;   /* signaled: its name */
	bool core;
};

struct event {
	enum event_kind kind;
	uint64_t ts; /* ns since the start record */
	struct event_proc proc; /* every kind but start, summary, end */
	union {
		struct event_syscall sys;
		struct event_exec exec;
		struct event_fork fork;
		struct event_signal sig; /* EVENT_SIGNAL and EVENT_STOP (no siginfo) */
		struct event_exit exit;
	} u;
	/* start, summary, end: their members after the common ones, in
	 * order (an object). */
	struct jv *body;
};

/* Name of the record type ("syscall", ...). */
const char *event_kind_name(enum event_kind k);
