/* decode/ctx: what every decoder asks of the call's context rather than of
 * a type: whether the tracee is a 32-bit compat one, its word width and
 * words in it, -s, and the count or length argument that follows a
 * pointer. */
#include "decode-priv.h"

#include <linux/audit.h>
#include <string.h>

bool decode_is_compat(const struct decode_ctx *ctx)
{
	return ctx->arch == AUDIT_ARCH_I386 || ctx->arch == AUDIT_ARCH_ARM;
}

size_t decode_strsize(const struct decode_ctx *ctx)
{
	size_t s = ctx->opts ? ctx->opts->strsize : DECODE_STRSIZE_DEFAULT;
	return s > DECODE_READ_MAX ? DECODE_READ_MAX : s;
}

size_t decode_word_size(const struct decode_ctx *ctx)
{
	return decode_is_compat(ctx) ? 4 : 8;
}

uint64_t decode_get_word(const unsigned char *p, size_t ws)
{
	if (ws == 4) {
		uint32_t v;
		memcpy(&v, p, sizeof(v));
		return v;
	}
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

uint64_t decode_count_arg(const struct decode_ctx *ctx, unsigned i)
{
	uint64_t c = i + 1 < SYSCALL_MAX_ARGS ? ctx->args[i + 1] : 0;
	return decode_is_compat(ctx) ? (uint32_t)c : c;
}
