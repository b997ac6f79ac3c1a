/* regs: the register writes policy enforcement needs, per architecture:
 * skip the call the tracee is entering (syscall number -1), change one of
 * its arguments, and set the value the call returns.  The tracer reads
 * calls through PTRACE_GET_SYSCALL_INFO, which is architecture-neutral.
 *
 * Each function returns 0, or a negative errno: ptrace's (-ESRCH when the
 * thread is gone or not stopped), or one named below.  The result is the
 * error; do not read errno after a call. */
#pragma once

#include <stdint.h>
#include <sys/types.h>

/* At a seccomp stop: make the kernel skip the call (it then returns
 * -ENOSYS unless regs_set_return changes it at the exit stop).  0 or
 * -errno. */
int regs_skip_syscall(pid_t tid);

/* At a seccomp stop: change argument @i (0-based) of the call the tracee
 * makes through ABI @audit_arch (the native one, or x86_64's i386 and x32
 * entries, whose arguments live in other registers).  0, -EINVAL for
 * @i >= 6, -ENOTSUP for an ABI this build cannot write (aarch64's 32-bit
 * arm), or ptrace's -errno. */
int regs_set_arg(pid_t tid, uint32_t audit_arch, unsigned i, unsigned long value);

/* At a syscall-exit stop: the value the tracee sees returned.  0 or
 * -errno. */
int regs_set_return(pid_t tid, long value);
