/* decode/strings: bytes from the tracee as JV_BYTES values (path, str,
 * ibuf, obuf), kept raw with their whole length.
 *
 * The one escaping rule every output uses for them lives with the writers
 * (jv_escape_bytes in src/common/value-json.c for JSON): valid UTF-8 is kept as it is;
 * every byte that is not part of a valid UTF-8 sequence becomes the four
 * characters \xNN and a backslash becomes \\, so "\x" in the output always
 * means a raw byte.  With -x (the node's hex_bytes) every byte above 0x7f is
 * shown as \xNN.
 *
 * Paths are shown up to PATH_MAX whatever -s says (as strace does, and
 * because policies match on them); strings and buffers are cut at -s. */
#include "decode-priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jtrace/util.h>

struct jv *decode_bytes_opt(const unsigned char *buf, size_t len, size_t shown_limit,
			    size_t total_len, bool hex_strings)
{
	/* An unknown total means the end was never seen: cut by definition
	 * (jv_bytes decides, the writers show it). */
	return jv_bytes(buf, len < shown_limit ? len : shown_limit, total_len, hex_strings);
}

struct jv *decode_bytes(const unsigned char *buf, size_t len, size_t shown_limit, size_t total_len)
{
	return decode_bytes_opt(buf, len, shown_limit, total_len, false);
}

struct jv *decode_string_at(const struct decode_ctx *ctx, uint64_t addr, size_t limit)
{
	if (addr == 0)
		return NULL;
	if (limit > DECODE_READ_MAX - 2)
		limit = DECODE_READ_MAX - 2;

	/* One byte past the limit tells "exactly at the limit" from "longer". */
	size_t max = limit + 2;
	char stackbuf[DECODE_PATH_MAX + 2];
	cleanup_free char *heap = NULL;
	char *buf = stackbuf;
	if (max > sizeof(stackbuf)) {
		heap = malloc(max);
		if (!heap)
			return NULL;
		buf = heap;
	}

	bool complete = false;
	ssize_t n = tmem_read_str(ctx->pid, addr, buf, max, &complete);
	if (n < 0)
		return decode_mem_error(addr, n);
	return decode_bytes_opt((const unsigned char *)buf, (size_t)n, limit,
				complete ? (size_t)n : DECODE_LEN_UNKNOWN, ctx->opts->hex_strings);
}

struct jv *decode_buffer_at(const struct decode_ctx *ctx, uint64_t addr, uint64_t len)
{
	if (addr == 0)
		return NULL;
	if (len == 0)
		return jv_bytes("", 0, 0, false);

	size_t want = decode_strsize(ctx);
	if (len < want)
		want = (size_t)len;
	if (want == 0) /* -s 0: only the marker and the length */
		return decode_bytes_opt((const unsigned char *)"", 0, 0, (size_t)len, false);
	unsigned char stackbuf[512];
	cleanup_free unsigned char *heap = NULL;
	unsigned char *buf = stackbuf;
	if (want > sizeof(stackbuf)) {
		heap = malloc(want);
		if (!heap)
			return NULL;
		buf = heap;
	}

	ssize_t n = tmem_read_some(ctx->pid, addr, buf, want);
	if (n < 0)
		return decode_mem_error(addr, n);
	return decode_bytes_opt(buf, (size_t)n, decode_strsize(ctx), (size_t)len,
				ctx->opts->hex_strings);
}

struct jv *decode_type_path(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	uint64_t addr = ctx->args[i];
	return addr ? decode_string_at(ctx, addr, DECODE_PATH_MAX) : NULL;
}

struct jv *decode_type_str(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	uint64_t addr = ctx->args[i];
	return addr ? decode_string_at(ctx, addr, decode_strsize(ctx)) : NULL;
}

/* The length is the next argument (write, sendto, setxattr...). */
struct jv *decode_type_ibuf(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	return decode_buffer_at(ctx, ctx->args[i], decode_count_arg(ctx, i));
}

/* What the kernel wrote: as many bytes as the call returned. */
struct jv *decode_type_obuf(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	return decode_buffer_at(ctx, ctx->args[i], (uint64_t)ctx->ret);
}
