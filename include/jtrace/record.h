/* record: the records jtrace-run writes, made from the tracer's state
 * (src/run/record.c) and handed to the sink as events (event.h). */
#pragma once

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "value.h"

struct tracer;
struct tracee;
struct __ptrace_syscall_info;

/* Tgid, nspid and comm of @t from /proc/TID/status (read_ids: now;
 * ensure_ids: unless known), and comm alone after an exec. */
void record_read_ids(struct tracer *tr, struct tracee *t);
void record_ensure_ids(struct tracer *tr, struct tracee *t);
void record_read_comm(struct tracee *t);

/* At the seccomp stop: the input arguments of @t's call, decoded into its
 * arena (the memory may change once the call runs). */
void record_call_entry(struct tracer *tr, struct tracee *t);
/* Complete and write the record of @t's call, and end the call.  @info is
 * NULL when the call never returned (exit, exit_group, or the thread died
 * in it). */
void record_call_end(struct tracer *tr, struct tracee *t, const struct __ptrace_syscall_info *info);

void record_fork(struct tracer *tr, struct tracee *parent, const struct tracee *child, int event,
		 bool thread);
/* @old_tid: the tid a non-leader thread had before its exec, else 0. */
void record_exec(struct tracer *tr, struct tracee *t, pid_t old_tid);
void record_signal(struct tracer *tr, struct tracee *t, int sig, const siginfo_t *si);
void record_stop(struct tracer *tr, struct tracee *t, int sig);
void record_exit(struct tracer *tr, struct tracee *t, int wait_status);

/* The start record after its common members: version, argv (the
 * program's PROG ARGS...), command (jtrace-run's own), cwd, arch, kernel,
 * filter, pid.  In the arena in use. */
struct jv *record_start_body(char **command, char **argv, const char *const *filter_names,
			     size_t n_filter, pid_t program);
