/* siginfo: a delivered signal's siginfo_t, with the members strace prints
 * in its "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, ...} ---"
 * line, chosen as strace chooses them: by who sent the signal (si_code <= 0
 * or SI_KERNEL: a process or the kernel on its behalf) and otherwise by the
 * signal (the si_code lists of SIGCHLD, SIGSEGV... are per signal). */
#include "decode-priv.h"

#include <signal.h>

#include <jtrace/syscalls.h>

/* The xlat list that names @code for @sig. */
static enum xlat_id code_list(int sig, int code)
{
	if (code <= 0 || code == SI_KERNEL)
		return XLAT_SI_CODES;
	switch (sig) {
	case SIGCHLD:
		return XLAT_CLD_CODES;
	case SIGSEGV:
		return XLAT_SEGV_CODES;
	case SIGBUS:
		return XLAT_BUS_CODES;
	case SIGILL:
		return XLAT_ILL_CODES;
	case SIGFPE:
		return XLAT_FPE_CODES;
	case SIGTRAP:
		return XLAT_TRAP_CODES;
	case SIGPOLL:
		return XLAT_POLL_CODES;
	case SIGSYS:
		return XLAT_SYS_CODES;
	default:
		return XLAT_SI_CODES;
	}
}

static void add_int(struct jv *o, const char *key, long long v)
{
	jv_add(o, key, jv_int(v));
}

static void add_sender(struct jv *o, const siginfo_t *si)
{
	add_int(o, "si_pid", si->si_pid);
	add_int(o, "si_uid", si->si_uid);
}

static void add_value(struct jv *o, const siginfo_t *si)
{
	add_int(o, "si_int", si->si_value.sival_int);
	jv_add(o, "si_ptr", decode_ptr_value((uint64_t)(uintptr_t)si->si_value.sival_ptr));
}

static void add_child(struct jv *o, const siginfo_t *si)
{
	add_sender(o, si);
	/* An exit code for CLD_EXITED, the signal for the others. */
	if (si->si_code == CLD_EXITED)
		add_int(o, "si_status", si->si_status);
	else
		jv_add(o, "si_status", decode_signo_value(si->si_status));
	add_int(o, "si_utime", (long long)si->si_utime);
	add_int(o, "si_stime", (long long)si->si_stime);
}

/* What the kernel sent for its own reasons (si_code > 0). */
static void add_kernel_fields(struct jv *o, const siginfo_t *si)
{
	switch (si->si_signo) {
	case SIGCHLD:
		add_child(o, si);
		break;
	case SIGSEGV:
	case SIGBUS:
	case SIGILL:
	case SIGFPE:
	case SIGTRAP:
		jv_add(o, "si_addr", decode_ptr_value((uint64_t)(uintptr_t)si->si_addr));
		break;
	case SIGPOLL:
		add_int(o, "si_band", si->si_band);
		add_int(o, "si_fd", si->si_fd);
		break;
	case SIGSYS: {
		const char *arch = syscalls_arch_name(si->si_arch);

		jv_add(o, "si_call_addr", decode_ptr_value((uint64_t)(uintptr_t)si->si_call_addr));
		add_int(o, "si_syscall", si->si_syscall);
		if (arch)
			jv_add(o, "si_arch", decode_symbol(arch));
		else
			add_int(o, "si_arch", si->si_arch);
		break;
	}
	default:
		break;
	}
}

struct jv *decode_siginfo(const siginfo_t *si)
{
	struct jv *o = jv_tagged(jv_object(), JV_TAG_STRUCT);

	if (!o)
		return NULL;
	jv_add(o, "si_signo", decode_signo_value(si->si_signo));
	jv_add(o, "si_code",
	       decode_enum_value(code_list(si->si_signo, si->si_code),
				 (uint64_t)(int64_t)si->si_code));
	if (si->si_errno)
		jv_add(o, "si_errno", decode_enum_value(XLAT_ERRNOS, (uint64_t)si->si_errno));
	switch (si->si_code) {
	case SI_USER:
	case SI_TKILL:
		add_sender(o, si);
		break;
	case SI_QUEUE:
	case SI_MESGQ:
		add_sender(o, si);
		add_value(o, si);
		break;
	case SI_TIMER:
		add_int(o, "si_timerid", si->si_timerid);
		add_int(o, "si_overrun", si->si_overrun);
		add_value(o, si);
		break;
	case SI_KERNEL:
		if (si->si_signo == SIGSEGV || si->si_signo == SIGBUS)
			jv_add(o, "si_addr", decode_ptr_value((uint64_t)(uintptr_t)si->si_addr));
		break;
	default:
		if (si->si_code > 0)
			add_kernel_fields(o, si);
		break;
	}
	return o;
}
