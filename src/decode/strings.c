/* decode/strings: bytes from the tracee as JSON strings (path, str, ibuf,
 * obuf), and the one escaping rule every decoder uses for them.
 *
 * Valid UTF-8 is kept as it is (json-c escapes control characters and
 * quotes when it serialises); every byte that is not part of a valid UTF-8
 * sequence becomes the four characters \xNN and a backslash becomes \\, so
 * "\x" in the output always means a raw byte.  With -x every byte above 0x7f
 * is shown as \xNN.
 *
 * Paths are shown up to PATH_MAX whatever -s says (as strace does, and
 * because policies match on them); strings and buffers are cut at -s. */
#include "decode-priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jtrace/util.h>

/* Length of the valid UTF-8 sequence at @p (at most @n bytes), or 0 when it
 * is not one: no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t strings_utf8_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	size_t need;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		need = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < need)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t k = 2; k < need; k++)
		if (p[k] < 0x80 || p[k] > 0xbf)
			return 0;
	return need;
}

json_object *decode_bytes_opt(const unsigned char *buf, size_t len, size_t shown_limit,
			      size_t total_len, bool hex_strings)
{
	static const char hexdig[] = "0123456789abcdef";
	size_t shown = len < shown_limit ? len : shown_limit;
	/* Worst case every byte becomes \xNN. */
	cleanup_free char *out = malloc(shown * 4 + 1);
	size_t o = 0;

	if (!out)
		return NULL;
	for (size_t k = 0; k < shown;) {
		unsigned char c = buf[k];
		size_t ulen = hex_strings ? (c < 0x80) : strings_utf8_len(buf + k, shown - k);

		if (c == '\\') {
			out[o++] = '\\';
			out[o++] = '\\';
			k++;
		} else if (ulen == 0) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hexdig[c >> 4];
			out[o++] = hexdig[c & 0xf];
			k++;
		} else {
			memcpy(out + o, buf + k, ulen);
			o += ulen;
			k += ulen;
		}
	}
	out[o] = '\0';

	json_object *str = json_object_new_string_len(out, (int)o);
	/* An unknown total means the end was never seen: cut by definition. */
	bool truncated = total_len == DECODE_LEN_UNKNOWN || total_len > shown;
	if (!truncated || !str)
		return str;

	json_object *obj = json_object_new_object();
	if (!obj) {
		json_object_put(str);
		return NULL;
	}
	json_object_object_add(obj, "str", str);
	json_object_object_add(obj, "truncated", json_object_new_boolean(1));
	if (total_len != DECODE_LEN_UNKNOWN)
		json_object_object_add(obj, "len", json_object_new_int64((int64_t)total_len));
	return obj;
}

json_object *decode_bytes(const unsigned char *buf, size_t len, size_t shown_limit,
			  size_t total_len)
{
	return decode_bytes_opt(buf, len, shown_limit, total_len, false);
}

json_object *decode_string_at(const struct decode_ctx *ctx, uint64_t addr, size_t limit)
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
	ssize_t n = decode_read_str(ctx->pid, addr, buf, max, &complete);
	if (n < 0)
		return decode_mem_error(addr, n);
	return decode_bytes_opt((const unsigned char *)buf, (size_t)n, limit,
				complete ? (size_t)n : DECODE_LEN_UNKNOWN, ctx->opts->hex_strings);
}

json_object *decode_buffer_at(const struct decode_ctx *ctx, uint64_t addr, uint64_t len)
{
	if (addr == 0)
		return NULL;
	if (len == 0)
		return json_object_new_string("");

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

	ssize_t n = decode_read_mem(ctx->pid, addr, buf, want);
	if (n <= 0)
		return decode_mem_error(addr, n < 0 ? n : -EFAULT);
	return decode_bytes_opt(buf, (size_t)n, decode_strsize(ctx), (size_t)len,
				ctx->opts->hex_strings);
}

json_object *decode_type_path(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i)
{
	uint64_t addr = ctx->args[i];
	return addr ? decode_string_at(ctx, addr, DECODE_PATH_MAX) : NULL;
}

json_object *decode_type_str(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			     unsigned i)
{
	uint64_t addr = ctx->args[i];
	return addr ? decode_string_at(ctx, addr, decode_strsize(ctx)) : NULL;
}

/* The length is the next argument (write, sendto, setxattr...). */
json_object *decode_type_ibuf(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i)
{
	uint64_t len = i + 1 < SYSCALL_MAX_ARGS ? ctx->args[i + 1] : 0;
	if (decode_is_compat(ctx))
		len = (uint32_t)len;
	return decode_buffer_at(ctx, ctx->args[i], len);
}

/* What the kernel wrote: as many bytes as the call returned. */
json_object *decode_type_obuf(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i)
{
	if (ctx->ret < 0)
		return decode_ptr_value(ctx->args[i]);
	return decode_buffer_at(ctx, ctx->args[i], (uint64_t)ctx->ret);
}
