/* decode/arrays: NULL-terminated pointer arrays (argv, envp: the strings
 * shown, or for envp without -v only counted) and the fd pair that pipe
 * and socketpair write.  Pointers are read with the tracee's width. */
#include "decode-priv.h"

#include <errno.h>

/* Words fetched per read while walking argv/envp. */
#define STRV_CHUNK 64u

/* Up to @count words at @addr into @out; returns the number of whole words
 * read (a fault part-way gives fewer) or -errno. */
static ssize_t strv_read_words(const struct decode_ctx *ctx, uint64_t addr, uint64_t *out,
			       size_t count)
{
	size_t ws = decode_word_size(ctx);
	unsigned char raw[STRV_CHUNK * 8];
	if (count > STRV_CHUNK)
		count = STRV_CHUNK;
	ssize_t n = tmem_read(ctx->pid, addr, raw, count * ws);
	if (n < 0)
		return n;
	size_t words = (size_t)n / ws;
	for (size_t k = 0; k < words; k++)
		out[k] = decode_get_word(raw + k * ws, ws);
	return (ssize_t)words;
}

/* Walks a NULL-terminated pointer array; with @arr the strings are shown,
 * else only counted.  Returns the count, or -errno when not even the first
 * word could be read.  *ret_more is set when the walk stopped at the cap or
 * at a fault before the terminating NULL. */
static ssize_t strv_walk(const struct decode_ctx *ctx, uint64_t addr, struct jv *arr,
			 bool *ret_more)
{
	size_t ws = decode_word_size(ctx);
	size_t count = 0;
	uint64_t words[STRV_CHUNK];

	*ret_more = true;
	while (count < DECODE_ARGV_MAX) {
		size_t want = DECODE_ARGV_MAX - count;
		if (want > STRV_CHUNK)
			want = STRV_CHUNK;
		ssize_t n = strv_read_words(ctx, addr + count * ws, words, want);
		if (n <= 0) {
			if (count == 0)
				return n < 0 ? n : -EFAULT;
			return (ssize_t)count;
		}
		for (ssize_t k = 0; k < n; k++) {
			if (words[k] == 0) {
				*ret_more = false;
				return (ssize_t)count;
			}
			if (arr)
				jv_push(arr, decode_string_at(ctx, words[k], decode_strsize(ctx)));
			count++;
		}
		if ((size_t)n < want)
			break;
	}
	return (ssize_t)count;
}

static struct jv *strv_value(const struct decode_ctx *ctx, uint64_t addr)
{
	bool more = false;
	struct jv *arr = jv_array();
	if (!arr)
		return NULL;
	ssize_t n = strv_walk(ctx, addr, arr, &more);
	if (n < 0)
		return decode_mem_error(addr, n);
	if (more)
		jv_push(arr, decode_truncated_marker());
	return arr;
}

struct jv *decode_type_argv(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	uint64_t addr = ctx->args[i];
	return addr ? strv_value(ctx, addr) : NULL;
}

/* The environment is long and rarely what is being looked for: without -v
 * only its size. */
struct jv *decode_type_envp(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	uint64_t addr = ctx->args[i];
	if (!addr)
		return NULL;
	if (ctx->opts->verbose)
		return strv_value(ctx, addr);

	bool more = false;
	ssize_t n = strv_walk(ctx, addr, NULL, &more);
	if (n < 0)
		return decode_mem_error(addr, n);
	struct jv *o = jv_object();
	if (!o)
		return NULL;
	jv_add(o, "count", jv_int(n));
	if (more)
		jv_add(o, "truncated", jv_bool(true));
	return o;
}

struct jv *decode_type_fdpair(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i)
{
	uint64_t addr = ctx->args[i];
	int32_t fds[2];

	int r = tmem_read_exact(ctx->pid, addr, fds, sizeof(fds));
	if (r < 0)
		return decode_mem_error(addr, r);
	struct jv *arr = jv_array();
	if (!arr)
		return NULL;
	jv_push(arr, decode_fd_value(ctx, fds[0]));
	jv_push(arr, decode_fd_value(ctx, fds[1]));
	return arr;
}
