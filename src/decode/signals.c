/* decode/signals: signal sets (as names), the kernel's struct sigaction
 * in the tracee's width, and wait statuses (wait4's, and the one the
 * tracer shows for a process that ended).  siginfo is siginfo.c's. */
#include "decode-priv.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

/* ---- signal sets, sigaction ---- */

/* The kernel's sigset_t is 64 bits on every architecture jtrace decodes
 * (two 32-bit words in compat, the same bytes on little-endian). */
#define SIGSET_NSIG 64

struct jv *decode_sigset_value(uint64_t mask)
{
	struct jv *arr = jv_array();
	for (int sig = 1; arr && sig <= SIGSET_NSIG; sig++) {
		if (!(mask & (1ull << (sig - 1))))
			continue;
		const char *name = xlat_signal_name(sig);
		jv_push(arr, name ? decode_symbol(name) : jv_int(sig));
	}
	return arr;
}

static struct jv *sigset_at(const struct decode_ctx *ctx, uint64_t addr)
{
	uint64_t mask = 0;
	if (addr == 0)
		return NULL;
	int r = tmem_read_exact(ctx->pid, addr, &mask, sizeof(mask));
	if (r < 0)
		return decode_mem_error(addr, r);
	return decode_sigset_value(mask);
}

struct jv *decode_type_sigset(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i)
{
	return sigset_at(ctx, ctx->args[i]);
}

/* The kernel's struct sigaction: handler, flags, restorer, mask, in the
 * tracee's word size (the mask is always 64 bits). */
static struct jv *sigaction_at(const struct decode_ctx *ctx, uint64_t addr)
{
	size_t ws = decode_word_size(ctx);
	unsigned char raw[4 * 8];
	size_t want = 3 * ws + 8;

	if (addr == 0)
		return NULL;
	int r = tmem_read_exact(ctx->pid, addr, raw, want);
	if (r < 0)
		return decode_mem_error(addr, r);
	uint64_t handler = decode_get_word(raw, ws);
	uint64_t flags = decode_get_word(raw + ws, ws);
	uint64_t restorer = decode_get_word(raw + 2 * ws, ws);
	uint64_t mask = 0;
	memcpy(&mask, raw + 3 * ws, sizeof(mask));

	struct jv *o = jv_tagged(jv_object(), JV_TAG_STRUCT);
	if (!o)
		return NULL;
	if (handler == (uint64_t)(uintptr_t)SIG_DFL)
		jv_add(o, "sa_handler", decode_symbol("SIG_DFL"));
	else if (handler == (ws == 4 ? 1u : (uint64_t)(uintptr_t)SIG_IGN))
		jv_add(o, "sa_handler", decode_symbol("SIG_IGN"));
	else
		jv_add(o, "sa_handler", jv_tagged(jv_hex(handler), JV_TAG_PTR));
	jv_add(o, "sa_mask", decode_sigset_value(mask));
	jv_add(o, "sa_flags", decode_flags_value(XLAT_SA_FLAGS, flags));
	if (flags & 0x04000000u) /* SA_RESTORER */
		jv_add(o, "sa_restorer", jv_tagged(jv_hex(restorer), JV_TAG_PTR));
	return o;
}

struct jv *decode_type_sigaction(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				 unsigned i)
{
	return sigaction_at(ctx, ctx->args[i]);
}

/* ---- wait status ---- */

struct jv *decode_wstatus_value(int status)
{
	struct jv *o = jv_object();
	if (!o)
		return NULL;
	if (WIFEXITED(status)) {
		jv_add(o, "exited", jv_int(WEXITSTATUS(status)));
	} else if (WIFSIGNALED(status)) {
		jv_add(o, "signaled", decode_signo_value(WTERMSIG(status)));
		if (WCOREDUMP(status))
			jv_add(o, "core", jv_bool(true));
	} else if (WIFSTOPPED(status)) {
		jv_add(o, "stopped", decode_signo_value(WSTOPSIG(status)));
	} else if (WIFCONTINUED(status)) {
		jv_add(o, "continued", jv_bool(true));
	} else {
		jv_add(o, "raw", jv_hex((uint32_t)status));
	}
	return o;
}

/* Written when the call reaped or reported a child (ret > 0). */
struct jv *decode_type_owstatus(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				unsigned i)
{
	uint64_t addr = ctx->args[i];
	int32_t status = 0;

	if (addr == 0)
		return NULL;
	int r = tmem_read_exact(ctx->pid, addr, &status, sizeof(status));
	if (r < 0)
		return decode_mem_error(addr, r);
	return decode_wstatus_value(status);
}
