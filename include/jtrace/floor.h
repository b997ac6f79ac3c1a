/* floor: the tracer's security floor.  At every seccomp stop it decides the
 * call from jtrace's own view only: the arch and number the kernel reports
 * (PTRACE_GET_SYSCALL_INFO), jtrace's own table and the --filter set it
 * keeps, never the stop's SECCOMP_RET_DATA (a program can stack a filter of
 * its own that returns TRACE with any data).  Arguments are compared at
 * their C type (the kernel reads an int from the low half of a register).
 *
 * What it holds, policy or not:
 *   - the tracer is unreachable by pid: no signal, limit, renice, CPU move,
 *     memory or fd access, ptrace attach aimed at the tracer, its process
 *     group or (kill -1) everything;
 *   - no seccomp user-notification listener (USER_NOTIF outranks TRACE);
 *   - clone3 answers ENOSYS (its flags are in memory, where a sibling thread
 *     can set CLONE_UNTRACED again after any check), so libc falls back to
 *     clone, whose CLONE_UNTRACED is cleared in the register;
 *   - userfaultfd only with UFFD_USER_MODE_ONLY, also through
 *     /dev/userfaultfd's USERFAULTFD_IOC_NEW (EPERM, "floor:userfaultfd"):
 *     a uffd that handles kernel-mode faults lets the program block the
 *     tracer's reads of its memory, or answer them unlike the kernel's;
 * under any policy: no ptrace attach or TRACEME at all, foreign ABIs
 * killed unless named, io_uring denied when file or network is restricted;
 * and under --ns: no call gives a file a set-id bit (chmod, fchmod*,
 * creat, mknod*, and open/openat when they create: EPERM, "floor:setid"),
 * openat2 answers ENOSYS (its mode is in memory), io_uring is refused. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "policy.h"

struct tracer; /* tracer.h */
struct tracee; /* proctab.h */

/* A call through an ABI other than the native one: i386 (int 0x80) or x32
 * (__X32_SYSCALL_BIT in the number, reported under AUDIT_ARCH_X86_64). */
bool floor_is_foreign_abi(uint32_t audit_arch, long nr);

/* A foreign ABI the policy does not name (any, without a policy): always
 * shown, with raw arguments, and killed under a policy. */
bool floor_is_unnamed_abi(const struct tracer *tr, const struct tracee *t);

/* Did the user select @t's call with --filter (by table entry; a call the
 * table does not know only with "all")? */
bool floor_is_selected(const struct tracer *tr, const struct tracee *t);

/* The verdict on @t's call: the floor first, then the policy.  Sets
 * t->rule_file/rule_line and t->floor_hard (a floor denial that --audit
 * does not relax). */
void floor_decide(struct tracer *tr, struct tracee *t, struct policy_verdict *v);

/* Is a denial by this rule a verdict (always logged, counted in the end
 * record's "denied")?  Not clone3's ENOSYS: libc's cue to fall back to
 * clone, logged only when clone3 is selected. */
bool floor_counts_as_denial(const struct tracee *t);

/* After the verdict: take CLONE_UNTRACED out of an allowed clone (in the
 * register, race-free), or kill the process when that fails. */
void floor_keep_traced(struct tracee *t);

/* execve or execveat. */
bool floor_is_execve(const struct syscall_sig *sig);

/* Who the tracer is, for the pre-filter's constant compares. */
struct floor_ids {
	pid_t pid;  /* jtrace-run's pid (the tracer) */
	pid_t pgid; /* its process group, which the program starts in */
};

/* The floor's parts that depend on the run (floor_compile's @rules). */
enum floor_rules {
	FLOOR_UNDER_POLICY = 1u << 0, /* a policy: every ptrace attach is refused */
	FLOOR_NO_SETID = 1u << 1,     /* --ns: no set-id bit on any file, io_uring
				       * refused, openat2 ENOSYS (tracer.no_setid) */
};

/* Add to @ctx (default ALLOW) the rules that stop, with @action, every call
 * the floor may have to refuse: unconditionally where the kernel cannot
 * tell (clone3, pidfd calls, ptrace under a policy), else only when an
 * argument could name the tracer (its pid, 0, -1, -pgid, compared on the
 * low 32 bits the kernel reads) or lacks UFFD_USER_MODE_ONLY (userfaultfd;
 * ioctl USERFAULTFD_IOC_NEW stops whatever its flags), so kill or
 * setpriority of other processes stays stop-free.  Calls already in @stopped are skipped; the ones stopped
 * unconditionally are added to it.  0 or a negative errno.  @ctx is an
 * scmp_filter_ctx (a void *: this header needs no <seccomp.h>). */
int floor_compile(void *ctx, const struct floor_ids *ids, unsigned rules,
		  struct syscall_set *stopped, uint32_t action);
