/* proctab: every thread the tracer follows, keyed by tid (tracer's view),
 * with its in-call state between the seccomp stop and the exit stop.
 * An open-addressing hash table: lookups are on the per-stop hot path. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "event.h"
#include "syscalls.h"
#include "value.h"

enum tracee_role {
	ROLE_PROGRAM,  /* the traced program and its descendants */
	ROLE_NS_INIT,  /* jtrace's pid-1 init: detached at its first fork */
};

struct tracee {
	pid_t tid;
	pid_t tgid;
	pid_t nspid;
	enum tracee_role role;
	char comm[16];
	bool known_tgid;   /* tgid/nspid read (from an event or /proc) */
	bool in_syscall;   /* seccomp stop seen, exit stop (or exec event) pending */

	/* The call in progress (valid while in_syscall). */
	const struct syscall_sig *sig;
	long nr;
	uint32_t arch;
	bool raw_args;           /* a foreign ABI: arguments shown undecoded */
	uint64_t args[SYSCALL_MAX_ARGS];
	uint64_t entry_ns;
	struct jv_arena arena;   /* the decoded values of this call */
	struct jv *entry_args;   /* args decoded at entry, in @arena */
	enum event_action action;
	const char *rule_file;   /* the rule that decided, or NULL */
	unsigned rule_line;      /* 0 for the built-in floor rules */
	int deny_errno;          /* > 0: the call was skipped; fail it with this */
	bool silent;             /* exit stop wanted, but no record */
	bool fix_affinity;       /* rewrite this sched_getaffinity result (cpu.h) */
	unsigned cpu_changes;    /* the placement's change count at entry */
	bool floor_hard;         /* a guard denial that --audit does not relax */
	bool unreadable;         /* the verdict met an argument jtrace could not read */
};

struct proctab;

struct proctab *proctab_new(void);
void proctab_free(struct proctab *pt);

struct tracee *proctab_get(struct proctab *pt, pid_t tid);
/* Returns the existing entry or a zeroed new one (NULL on ENOMEM). */
struct tracee *proctab_add(struct proctab *pt, pid_t tid);
void proctab_del(struct proctab *pt, pid_t tid);
size_t proctab_count(const struct proctab *pt);
/* Call @fn for every entry (the table must not change meanwhile). */
void proctab_foreach(struct proctab *pt, void (*fn)(struct tracee *t, void *ctx), void *ctx);
/* Move @from's state to @to (exec from a non-leader thread), deleting any
 * entry @to had.  Returns the moved entry. */
struct tracee *proctab_rekey(struct proctab *pt, pid_t from, pid_t to);

/* Release the in-call state (entry_args). */
void tracee_end_call(struct tracee *t);
