/* regs: architecture-specific register writes (see regs.h). */
#include <jtrace/regs.h>

#include <errno.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>

#if defined(__x86_64__)

int regs_skip_syscall(pid_t tid)
{
	if (ptrace(PTRACE_POKEUSER, tid, (void *)offsetof(struct user_regs_struct, orig_rax),
		   (void *)-1L) < 0)
		return -errno;
	return 0;
}

int regs_set_arg(pid_t tid, unsigned i, unsigned long value)
{
	static const size_t offs[] = {
		offsetof(struct user_regs_struct, rdi), offsetof(struct user_regs_struct, rsi),
		offsetof(struct user_regs_struct, rdx), offsetof(struct user_regs_struct, r10),
		offsetof(struct user_regs_struct, r8),  offsetof(struct user_regs_struct, r9),
	};

	if (i >= sizeof(offs) / sizeof(offs[0]))
		return -EINVAL;
	if (ptrace(PTRACE_POKEUSER, tid, (void *)offs[i], (void *)value) < 0)
		return -errno;
	return 0;
}

int regs_set_return(pid_t tid, long value)
{
	if (ptrace(PTRACE_POKEUSER, tid, (void *)offsetof(struct user_regs_struct, rax),
		   (void *)value) < 0)
		return -errno;
	return 0;
}

#elif defined(__aarch64__)

#include <elf.h>

#ifndef NT_ARM_SYSTEM_CALL
#define NT_ARM_SYSTEM_CALL 0x404
#endif

int regs_skip_syscall(pid_t tid)
{
	int nr = -1;
	struct iovec iov = {.iov_base = &nr, .iov_len = sizeof(nr)};

	if (ptrace(PTRACE_SETREGSET, tid, (void *)NT_ARM_SYSTEM_CALL, &iov) < 0)
		return -errno;
	return 0;
}

int regs_set_arg(pid_t tid, unsigned i, unsigned long value)
{
	struct user_regs_struct regs;
	struct iovec iov = {.iov_base = &regs, .iov_len = sizeof(regs)};

	if (i >= 6)
		return -EINVAL;
	if (ptrace(PTRACE_GETREGSET, tid, (void *)NT_PRSTATUS, &iov) < 0)
		return -errno;
	regs.regs[i] = value;
	if (ptrace(PTRACE_SETREGSET, tid, (void *)NT_PRSTATUS, &iov) < 0)
		return -errno;
	return 0;
}

int regs_set_return(pid_t tid, long value)
{
	struct user_regs_struct regs;
	struct iovec iov = {.iov_base = &regs, .iov_len = sizeof(regs)};

	if (ptrace(PTRACE_GETREGSET, tid, (void *)NT_PRSTATUS, &iov) < 0)
		return -errno;
	regs.regs[0] = (unsigned long long)value;
	if (ptrace(PTRACE_SETREGSET, tid, (void *)NT_PRSTATUS, &iov) < 0)
		return -errno;
	return 0;
}

#else
#error "jtrace: no register access for this architecture"
#endif
