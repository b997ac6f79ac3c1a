/* filter: builds the seccomp program with libseccomp and exports it as raw
 * BPF, so that the child can load it with one seccomp(2) call between fork
 * and execve (no allocation, no library state in the child).
 *
 * Shape of the generated program (libseccomp's, checked by a unit test):
 *   load arch; foreign arch -> KILL_PROCESS (the security floor)
 *   load nr;   x32 bit set  -> KILL_PROCESS
 *   nr == selected_1 .. selected_n -> TRACE
 *   default -> ALLOW
 * Only seccomp_data.arch and .nr are read and only constants compared, so
 * the kernel's constant-action cache answers every unselected call without
 * running the filter at all. */
#pragma once

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"
#include "syscalls.h"

/* SCMP_ACT_TRACE data: why the filter stopped a call (the tracer reads it
 * from PTRACE_GET_SYSCALL_INFO's seccomp.ret_data). */
enum filter_data {
	FILTER_DATA_SELECTED = 1,    /* selected by --filter */
	FILTER_DATA_FOREIGN_ABI = 2, /* an i386 or x32 call from a native program */
	FILTER_DATA_POLICY = 3,      /* a policy rule may deny or log it */
	FILTER_DATA_CLONE = 4,       /* clone/clone3: checked for CLONE_UNTRACED */
	FILTER_DATA_AFFINITY = 5,    /* sched_getaffinity while the CPU is pinned */
	FILTER_DATA_GUARD = 6,       /* could reach the tracer, or open a seccomp listener */
};

struct filter_prog {
	struct sock_filter *insns;
	unsigned short len;
};

struct filter_request {
	const struct syscall_set *selected; /* calls that stop and are logged */
	const struct policy *policy;        /* its pre-filter, or NULL */
	bool watch_affinity;                /* stop sched_getaffinity (cpu.h) */
};

/* Build the filter: TRACE for the selected calls, for clone/clone3, for
 * what the policy may deny, and ALLOW for everything else. */
int filter_build(const struct filter_request *req, struct filter_prog *ret_prog);
void filter_prog_free(struct filter_prog *prog);

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
