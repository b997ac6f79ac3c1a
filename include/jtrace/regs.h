/* regs: the register writes policy enforcement needs, per architecture:
 * skip the call the tracee is entering (syscall number -1), change one of
 * its arguments, and set the value the call returns.  The tracer reads
 * calls through PTRACE_GET_SYSCALL_INFO, which is architecture-neutral. */
#pragma once

#include <stdint.h>
#include <sys/types.h>

/* At a seccomp stop: make the kernel skip the call (it then returns
 * -ENOSYS unless regs_set_return changes it at the exit stop). */
int regs_skip_syscall(pid_t tid);

/* At a seccomp stop: change argument @i (0-based) of the call the tracee
 * makes through ABI @audit_arch (the native one, or x86_64's i386 and x32
 * entries, whose arguments live in other registers).  -ENOTSUP for an ABI
 * this build cannot write (aarch64's 32-bit arm). */
int regs_set_arg(pid_t tid, uint32_t audit_arch, unsigned i, unsigned long value);

/* At a syscall-exit stop: the value the tracee sees returned. */
int regs_set_return(pid_t tid, long value);
