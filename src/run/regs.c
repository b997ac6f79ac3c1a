/* regs: architecture-specific register writes (see regs.h). */
#include <jtrace/regs.h>

#include <errno.h>
#include <linux/audit.h>
#include <stdbool.h>
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

int regs_set_arg(pid_t tid, uint32_t audit_arch, unsigned i, unsigned long value)
{
	/* x86_64 and x32 (the same registers), then i386 through int 0x80
	 * (ebx, ecx, edx, esi, edi, ebp: the low halves of these). */
	static const size_t offs[2][6] = {
		{offsetof(struct user_regs_struct, rdi), offsetof(struct user_regs_struct, rsi),
		 offsetof(struct user_regs_struct, rdx), offsetof(struct user_regs_struct, r10),
		 offsetof(struct user_regs_struct, r8), offsetof(struct user_regs_struct, r9)},
		{offsetof(struct user_regs_struct, rbx), offsetof(struct user_regs_struct, rcx),
		 offsetof(struct user_regs_struct, rdx), offsetof(struct user_regs_struct, rsi),
		 offsetof(struct user_regs_struct, rdi), offsetof(struct user_regs_struct, rbp)},
	};
	bool i386 = audit_arch == AUDIT_ARCH_I386;

	if (i >= 6)
		return -EINVAL;
	if (i386)
		value = (uint32_t)value;
	if (ptrace(PTRACE_POKEUSER, tid, (void *)offs[i386][i], (void *)value) < 0)
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

int regs_set_arg(pid_t tid, uint32_t audit_arch, unsigned i, unsigned long value)
{
	struct user_regs_struct regs;
	struct iovec iov = {.iov_base = &regs, .iov_len = sizeof(regs)};

	if (i >= 6)
		return -EINVAL;
	if (audit_arch != AUDIT_ARCH_AARCH64)
		return -ENOTSUP; /* a 32-bit arm task's registers are another regset */
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
