/* decode/msg: what socket calls pass in memory: iovec arrays (readv,
 * writev, and inside a msghdr), struct msghdr with its ancillary data
 * (SCM_RIGHTS fds, SCM_CREDENTIALS), socket option values (setsockopt's,
 * the one getsockopt wrote) and the lengths the kernel writes back
 * (accept's addrlen, getsockopt's optlen).
 *
 * msghdr and cmsghdr are read in the tracee's width.  Each array is fetched
 * with one read; the contents of iovecs are read only while the -s budget
 * lasts, one budget for all the elements. */
#include "decode-priv.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <jtrace/util.h>

/* Bytes of ancillary data looked at in a msghdr. */
#define CMSG_BYTES_MAX 4096u
#define CMSG_COUNT_MAX 64u

/* An iovec array of @count elements at @addr.  @data is how many bytes the
 * buffers hold in total (the return value of readv), or UINT64_MAX when
 * every iov_len counts (writev).  The contents shown share one -s budget. */
static struct jv *iov_value(const struct decode_ctx *ctx, uint64_t addr, uint64_t count,
			    uint64_t data)
{
	size_t ws = decode_word_size(ctx);
	size_t shown_count = count > DECODE_ARRAY_MAX ? DECODE_ARRAY_MAX : (size_t)count;
	size_t budget = decode_strsize(ctx);

	if (addr == 0)
		return NULL;
	struct jv *arr = jv_array();
	if (!arr)
		return NULL;
	if (shown_count == 0)
		return arr;

	/* The common case (a few elements, -s within 512) needs no heap. */
	unsigned char raw_stack[16 * 2 * 8], buf_stack[512];
	cleanup_free unsigned char *raw_heap = NULL;
	unsigned char *raw = raw_stack;
	if (shown_count * 2 * ws > sizeof(raw_stack)) {
		raw = raw_heap = malloc(shown_count * 2 * ws);
		if (!raw)
			return NULL;
	}
	ssize_t n = tmem_read_some(ctx->pid, addr, raw, shown_count * 2 * ws);
	if (n < 0)
		return decode_mem_error(addr, n);
	size_t got = (size_t)n / (2 * ws);

	cleanup_free unsigned char *buf_heap = NULL;
	unsigned char *buf = budget <= sizeof(buf_stack) ? buf_stack : (buf_heap = malloc(budget));
	for (size_t k = 0; k < got; k++) {
		uint64_t base = decode_get_word(raw + k * 2 * ws, ws);
		uint64_t len = decode_get_word(raw + k * 2 * ws + ws, ws);
		uint64_t filled = len < data ? len : data;
		size_t want = filled < budget ? (size_t)filled : budget;
		ssize_t r = 0;

		data -= filled;
		struct jv *el = jv_tagged(jv_object(), JV_TAG_STRUCT);
		if (!el)
			return NULL;
		if (want && buf) {
			r = tmem_read(ctx->pid, base, buf, want);
			if (r < 0) {
				jv_add(el, "iov_base", decode_mem_error(base, r));
				r = -1;
			}
		}
		if (r >= 0) {
			jv_add(el, "iov_base",
			       decode_bytes_opt(buf ? buf : (const unsigned char *)"", (size_t)r,
						budget, (size_t)filled, ctx->opts->hex_strings));
			budget -= (size_t)r;
		}
		jv_add(el, "iov_len", jv_uint(len));
		jv_push(arr, el);
	}
	if (got < count)
		jv_push(arr, decode_truncated_marker());
	return arr;
}

struct jv *decode_type_iovec(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			     unsigned i)
{
	return iov_value(ctx, ctx->args[i], decode_count_arg(ctx, i), UINT64_MAX);
}

struct jv *decode_type_oiovec(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i)
{
	return iov_value(ctx, ctx->args[i], decode_count_arg(ctx, i), (uint64_t)ctx->ret);
}

/* struct msghdr in either width. */
struct msghdr_any {
	uint64_t name, namelen, iov, iovlen, control, controllen;
	int32_t flags;
};

static int msghdr_read(const struct decode_ctx *ctx, uint64_t addr, struct msghdr_any *m)
{
	if (decode_is_compat(ctx)) {
		uint32_t w[7];
		int r = tmem_read_exact(ctx->pid, addr, w, sizeof(w));
		if (r < 0)
			return r;
		*m = (struct msghdr_any){w[0], w[1], w[2], w[3], w[4], w[5], (int32_t)w[6]};
		return 0;
	}
	struct msghdr mh;
	int r = tmem_read_exact(ctx->pid, addr, &mh, sizeof(mh));
	if (r < 0)
		return r;
	*m = (struct msghdr_any){
		(uintptr_t)mh.msg_name,	   mh.msg_namelen,    (uintptr_t)mh.msg_iov, mh.msg_iovlen,
		(uintptr_t)mh.msg_control, mh.msg_controllen, mh.msg_flags};
	return 0;
}

static struct jv *cmsg_value(const struct decode_ctx *ctx, int level, int type,
			     const unsigned char *data, size_t len, size_t hdr)
{
	struct jv *c = jv_tagged(jv_object(), JV_TAG_STRUCT);
	if (!c)
		return NULL;
	jv_add(c, "cmsg_len", jv_uint(len + hdr));
	jv_add(c, "cmsg_level", decode_enum_value(XLAT_SOCKET_LEVELS, (uint32_t)level));
	if (level == SOL_SOCKET && type == SCM_RIGHTS) {
		jv_add(c, "cmsg_type", decode_symbol("SCM_RIGHTS"));
		struct jv *fds = jv_array();
		for (size_t k = 0; fds && k + sizeof(int32_t) <= len; k += sizeof(int32_t)) {
			int32_t fd;
			memcpy(&fd, data + k, sizeof(fd));
			jv_push(fds, decode_fd_value(ctx, fd));
		}
		jv_add(c, "cmsg_data", fds);
	} else if (level == SOL_SOCKET && type == SCM_CREDENTIALS && len >= sizeof(struct ucred)) {
		struct ucred cr;
		memcpy(&cr, data, sizeof(cr));
		struct jv *d = jv_tagged(jv_object(), JV_TAG_STRUCT);
		jv_add(c, "cmsg_type", decode_symbol("SCM_CREDENTIALS"));
		if (d) {
			jv_add(d, "pid", jv_int(cr.pid));
			jv_add(d, "uid", jv_int(cr.uid));
			jv_add(d, "gid", jv_int(cr.gid));
		}
		jv_add(c, "cmsg_data", d);
	} else {
		jv_add(c, "cmsg_type", jv_int(type));
	}
	return c;
}

/* Walks the ancillary data: cmsghdr is {size_t len; int level; int type}
 * aligned to size_t, in the tracee's width. */
static struct jv *cmsg_list(const struct decode_ctx *ctx, uint64_t addr, uint64_t len)
{
	size_t ws = decode_word_size(ctx);
	size_t hdr = ws + 2 * sizeof(int32_t);

	if (addr == 0 || len == 0)
		return NULL;
	if (len > CMSG_BYTES_MAX)
		len = CMSG_BYTES_MAX;
	unsigned char buf[CMSG_BYTES_MAX];
	ssize_t n = tmem_read_some(ctx->pid, addr, buf, (size_t)len);
	if (n < 0)
		return decode_mem_error(addr, n);

	struct jv *arr = jv_array();
	size_t off = 0;
	for (unsigned k = 0; arr && k < CMSG_COUNT_MAX && off + hdr <= (size_t)n; k++) {
		uint64_t clen = decode_get_word(buf + off, ws);
		int32_t level, type;
		memcpy(&level, buf + off + ws, sizeof(level));
		memcpy(&type, buf + off + ws + sizeof(level), sizeof(type));
		if (clen < hdr || clen > (size_t)n - off)
			break;
		jv_push(arr,
			cmsg_value(ctx, level, type, buf + off + hdr, (size_t)clen - hdr, hdr));
		off += ((size_t)clen + ws - 1) & ~(ws - 1);
	}
	return arr;
}

/* @data: bytes received (recvmsg's return value) or UINT64_MAX for sendmsg. */
static struct jv *msghdr_value(const struct decode_ctx *ctx, uint64_t addr, uint64_t data)
{
	struct msghdr_any m;

	if (addr == 0)
		return NULL;
	int r = msghdr_read(ctx, addr, &m);
	if (r < 0)
		return decode_mem_error(addr, r);

	struct jv *o = jv_tagged(jv_object(), JV_TAG_STRUCT);
	if (!o)
		return NULL;
	jv_add(o, "msg_name",
	       m.name && m.namelen ? decode_sockaddr_at(ctx, m.name, m.namelen)
				   : decode_ptr_value(m.name));
	jv_add(o, "msg_namelen", jv_uint(m.namelen));
	jv_add(o, "msg_iov", iov_value(ctx, m.iov, m.iovlen, data));
	jv_add(o, "msg_iovlen", jv_uint(m.iovlen));
	if (m.control && m.controllen)
		jv_add(o, "msg_control", cmsg_list(ctx, m.control, m.controllen));
	jv_add(o, "msg_controllen", jv_uint(m.controllen));
	jv_add(o, "msg_flags", decode_flags_value(XLAT_MSG_FLAGS, (uint32_t)m.flags));
	return o;
}

struct jv *decode_type_msghdr(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i)
{
	return msghdr_value(ctx, ctx->args[i], UINT64_MAX);
}

struct jv *decode_type_omsghdr(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			       unsigned i)
{
	return msghdr_value(ctx, ctx->args[i], (uint64_t)ctx->ret);
}

/* setsockopt's value: most options are an int, the rest are shown as bytes. */
struct jv *decode_type_sockopt(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			       unsigned i)
{
	uint64_t addr = ctx->args[i];
	uint64_t len = decode_count_arg(ctx, i);
	int32_t v;

	if (addr == 0)
		return NULL;
	if (len == sizeof(v)) {
		int r = tmem_read_exact(ctx->pid, addr, &v, sizeof(v));
		if (r < 0)
			return decode_mem_error(addr, r);
		return jv_int(v);
	}
	return decode_buffer_at(ctx, addr, len);
}

/* ---- getsockopt's value ---- */

/* The kernel wrote *optlen bytes; an int-sized value is shown as a number
 * (the common case), anything else as bytes. */
struct jv *decode_type_osockopt(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				unsigned i)
{
	uint64_t addr = ctx->args[i];
	uint64_t lenp = i + 1 < SYSCALL_MAX_ARGS ? ctx->args[i + 1] : 0;
	uint32_t len = 0;
	int32_t v = 0;

	if (addr == 0 || lenp == 0)
		return decode_ptr_value(addr);
	int r = tmem_read_exact(ctx->pid, lenp, &len, sizeof(len));
	if (r < 0)
		return decode_mem_error(lenp, r);
	if (len == sizeof(v)) {
		r = tmem_read_exact(ctx->pid, addr, &v, sizeof(v));
		if (r < 0)
			return decode_mem_error(addr, r);
		return jv_int(v);
	}
	return decode_buffer_at(ctx, addr, len);
}

/* accept's addrlen, getsockopt's optlen: what the kernel wrote. */
struct jv *decode_type_olen(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	uint64_t addr = ctx->args[i];
	int32_t v = 0;

	if (addr == 0)
		return NULL;
	int r = tmem_read_exact(ctx->pid, addr, &v, sizeof(v));
	if (r < 0)
		return decode_mem_error(addr, r);
	return jv_int(v);
}
