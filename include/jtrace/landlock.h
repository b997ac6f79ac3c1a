/* landlock: the kernel wall between the traced program and every process
 * outside its own tree (the tracer first of all).  See src/run/landlock.c for
 * the choice of ruleset and the fallbacks on older kernels.
 *
 * The plan is a pure function of the options and the kernel's Landlock ABI,
 * so the tracer (which describes it in the start record) and the child
 * (which applies it) compute the same one without talking. */
#pragma once

#include "value.h"
#include <stdbool.h>
#include <stdint.h>

#include "cli.h"

struct landlock_plan {
	int abi;	     /* the kernel's Landlock ABI, 0 if none */
	int unavailable;     /* abi 0: why (ENOSYS, EOPNOTSUPP, EPERM...) */
	uint64_t handled_fs; /* fs rights handled, each allowed beneath "/" */
	uint64_t scoped;     /* LANDLOCK_SCOPE_* */
	bool ptrace_wall;    /* a domain is created: ptrace-class access out of it fails */
	bool confined;	     /* --policy or --ns: confinement was asked for */
	const char *refusal; /* set: the run must not start (exit 125), why (< 100 chars) */
	const char *warning; /* set: a weaker floor than asked for, why */
};

/* The running kernel's Landlock ABI version (> 0), or -errno when there is
 * none to use: -ENOSYS not in this kernel, -EOPNOTSUPP disabled at boot
 * (lsm=), -EPERM and the like refused by a seccomp profile around
 * jtrace-run.  One syscall, async-signal-safe. */
int landlock_abi(void);

/* What to apply for @o on a kernel of Landlock ABI @abi (as landlock_abi
 * returns it: <= 0 for none).  Pure. */
void landlock_plan(const struct run_options *o, int abi, struct landlock_plan *ret_plan);

/* Child side, between no_new_privs and the seccomp filter: plan and apply.
 * Async-signal-safe (plain syscalls, no allocation).  0, or -errno with
 * *ret_what set (a static string): the child must then fail (125). */
int landlock_confine(const struct run_options *o, const char **ret_what);

/* Tracer side: add "landlock" to the start record's "environment" (what the
 * child applies) and print the plan's warning on stderr, once. */
void landlock_describe(struct jv *start, const struct run_options *o);
