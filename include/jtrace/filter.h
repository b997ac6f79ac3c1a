/* filter: builds the seccomp program with libseccomp and exports it as raw
 * BPF, so that the child can load it with one seccomp(2) call between fork
 * and execve (no allocation, no library state in the child).
 *
 * Shape of the generated program (libseccomp's, checked by a unit test):
 *   load arch; foreign arch -> TRACE (the floor shows or kills it)
 *   load nr;   x32 bit set  -> TRACE
 *   nr == selected_1 .. selected_n -> TRACE
 *   nr == a guarded call: TRACE always (clone3, pidfd calls), or only when
 *         an argument could name the tracer (floor.c), or for clone a set
 *         CLONE_UNTRACED, for seccomp a set NEW_LISTENER
 *   nr == under --ns, chmod, fchmod*, creat, mknod*, open, openat: TRACE
 *         when the mode has S_ISUID or S_ISGID; openat2 and io_uring_*
 *         always (floor.c refuses them)
 *   nr == a call the policy may deny: TRACE under its scalar conditions
 *   default -> ALLOW (or TRACE for --filter=all without a policy)
 * Unselected calls only load arch and nr and compare constants, so the
 * kernel's constant-action cache answers them without running the filter;
 * the guarded calls with an argument compare are the documented exceptions.
 *
 * Every TRACE carries the same data, FILTER_TRACE_DATA, and nothing reads
 * it: a program can stack its own filter returning TRACE with any data,
 * and the kernel reports the newest filter's.  The tracer decides every
 * stop from the arch, the number and its own sets (floor.c).  One value
 * also lets the floor's conditional rules and the policy's share a call
 * (libseccomp ORs rules of one action). */
#pragma once

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "floor.h"
#include "policy.h"
#include "syscalls.h"

/* The SCMP_ACT_TRACE data of every rule ("jt"): never read back. */
#define FILTER_TRACE_DATA 0x6a74

struct filter_prog {
	struct sock_filter *insns;
	unsigned short len;
};

struct filter_request {
	const struct syscall_set *selected; /* calls that stop and are logged */
	const struct policy *policy;        /* its pre-filter, or NULL */
	bool watch_affinity;                /* stop sched_getaffinity (cpu.h) */
	struct floor_ids tracer;            /* the pids the guard protects */
	bool no_setid;                      /* --ns: stop what could set a set-id bit */
};

/* Build the filter: TRACE for the selected calls, for what the floor may
 * refuse or must fix (clone with CLONE_UNTRACED), for sched_getaffinity
 * when @watch_affinity, for what the policy may deny (and the io_uring
 * calls when policy_denies_io_uring), and ALLOW for everything else; for
 * --filter=all without a policy the whole program is one TRACE.  Foreign
 * ABIs always TRACE.  Returns 0 or a negative errno (libseccomp's). */
int filter_build(const struct filter_request *req, struct filter_prog *ret_prog);
void filter_prog_free(struct filter_prog *prog);

/* Every call the table knows for this architecture is in @set (--filter=all:
 * calls the table does not know stop too). */
bool filter_selects_all(const struct syscall_set *set);

/* io_uring_setup, io_uring_enter, io_uring_register (the security floor). */
bool filter_is_io_uring(const struct syscall_sig *sig);

/* Child side: install @prog (SECCOMP_FILTER_FLAG_* none).  NNP must be set. */
int filter_install(const struct filter_prog *prog);

/* True when every instruction only loads seccomp_data.nr or .arch and
 * compares with constants: the property the kernel's action cache needs. */
int filter_is_cacheable(const struct filter_prog *prog);

/* What the kernel's action cache (seccomp_cache_prepare) computes for one
 * call: run the program knowing only @arch and @nr.  Returns the constant
 * action (SECCOMP_RET_*), or -1 when that path reads anything else, in
 * which case the call is not cached and the filter runs on every call. */
int64_t filter_constant_action(const struct filter_prog *prog, uint32_t arch, int nr);
