/* decode/structs: argument types that are structures or arrays in tracee
 * memory: argv/envp, the fd pair of pipe/socketpair, iovec arrays, timespec,
 * struct stat and statx, msghdr (with SCM_RIGHTS fds), socket option values,
 * pollfd arrays, signal sets and sigaction, rlimit, utsname, epoll_event,
 * the count of linux_dirent64 records and wait statuses.
 *
 * Structures are objects keyed by the C field names strace prints
 * (st_mode, tv_sec, iov_base, msg_iov, sa_handler...), and hold what strace
 * shows without -v; -v adds the rest.
 *
 * Layouts differ between the native ABI and the 32-bit compat one (i386,
 * arm): pointers and size_t are read with the tracee's width.  struct stat
 * is decoded for the native ABI only (the compat one has three layouts).
 * Each array is fetched with one read; the contents of iovecs are read only
 * while the -s budget lasts. */
#include "decode-priv.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>

#include <jtrace/util.h>

/* Words fetched per read while walking argv/envp. */
#define STRUCTS_ARGV_CHUNK 64u
/* Bytes of ancillary data looked at in a msghdr. */
#define STRUCTS_CONTROL_MAX 4096u
#define STRUCTS_CMSG_MAX    64u

static size_t structs_word(const struct decode_ctx *ctx)
{
	return decode_is_compat(ctx) ? 4 : 8;
}

static uint64_t structs_get_word(const unsigned char *p, size_t ws)
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

/* Up to @count words at @addr into @out; returns the number of whole words
 * read (a fault part-way gives fewer) or -errno. */
static ssize_t structs_read_words(const struct decode_ctx *ctx, uint64_t addr, uint64_t *out,
				  size_t count)
{
	size_t ws = structs_word(ctx);
	unsigned char raw[STRUCTS_ARGV_CHUNK * 8];
	if (count > STRUCTS_ARGV_CHUNK)
		count = STRUCTS_ARGV_CHUNK;
	ssize_t n = decode_read_mem(ctx->pid, addr, raw, count * ws);
	if (n < 0)
		return n;
	size_t words = (size_t)n / ws;
	for (size_t k = 0; k < words; k++)
		out[k] = structs_get_word(raw + k * ws, ws);
	return (ssize_t)words;
}

static struct jv *structs_truncated_marker(void)
{
	struct jv *m = jv_object();
	if (m)
		jv_add(m, "truncated", jv_bool(true));
	return m;
}

/* Walks a NULL-terminated pointer array; with @arr the strings are shown,
 * else only counted.  Returns the count, or -errno when not even the first
 * word could be read.  *ret_more is set when the walk stopped at the cap or
 * at a fault before the terminating NULL. */
static ssize_t structs_walk_strv(const struct decode_ctx *ctx, uint64_t addr, struct jv *arr,
				 bool *ret_more)
{
	size_t ws = structs_word(ctx);
	size_t count = 0;
	uint64_t words[STRUCTS_ARGV_CHUNK];

	*ret_more = true;
	while (count < DECODE_ARGV_MAX) {
		size_t want = DECODE_ARGV_MAX - count;
		if (want > STRUCTS_ARGV_CHUNK)
			want = STRUCTS_ARGV_CHUNK;
		ssize_t n = structs_read_words(ctx, addr + count * ws, words, want);
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

static struct jv *structs_strv(const struct decode_ctx *ctx, uint64_t addr)
{
	bool more = false;
	struct jv *arr = jv_array();
	if (!arr)
		return NULL;
	ssize_t n = structs_walk_strv(ctx, addr, arr, &more);
	if (n < 0)
		return decode_mem_error(addr, n);
	if (more)
		jv_push(arr, structs_truncated_marker());
	return arr;
}

struct jv *decode_type_argv(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	uint64_t addr = ctx->args[i];
	return addr ? structs_strv(ctx, addr) : NULL;
}

/* The environment is long and rarely what is being looked for: without -v
 * only its size. */
struct jv *decode_type_envp(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	uint64_t addr = ctx->args[i];
	if (!addr)
		return NULL;
	if (ctx->opts->verbose)
		return structs_strv(ctx, addr);

	bool more = false;
	ssize_t n = structs_walk_strv(ctx, addr, NULL, &more);
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

	int r = decode_read_exact(ctx->pid, addr, fds, sizeof(fds));
	if (r < 0)
		return decode_mem_error(addr, r);
	struct jv *arr = jv_array();
	if (!arr)
		return NULL;
	jv_push(arr, decode_fd_value(ctx, fds[0]));
	jv_push(arr, decode_fd_value(ctx, fds[1]));
	return arr;
}

/* An iovec array of @count elements at @addr.  @data is how many bytes the
 * buffers hold in total (the return value of readv), or UINT64_MAX when
 * every iov_len counts (writev).  The contents shown share one -s budget. */
static struct jv *structs_iov(const struct decode_ctx *ctx, uint64_t addr, uint64_t count,
			      uint64_t data)
{
	size_t ws = structs_word(ctx);
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
	ssize_t n = decode_read_some(ctx->pid, addr, raw, shown_count * 2 * ws);
	if (n < 0)
		return decode_mem_error(addr, n);
	size_t got = (size_t)n / (2 * ws);

	cleanup_free unsigned char *buf_heap = NULL;
	unsigned char *buf = budget <= sizeof(buf_stack) ? buf_stack : (buf_heap = malloc(budget));
	for (size_t k = 0; k < got; k++) {
		uint64_t base = structs_get_word(raw + k * 2 * ws, ws);
		uint64_t len = structs_get_word(raw + k * 2 * ws + ws, ws);
		uint64_t filled = len < data ? len : data;
		size_t want = filled < budget ? (size_t)filled : budget;
		ssize_t r = 0;

		data -= filled;
		struct jv *el = jv_tagged(jv_object(), JV_TAG_STRUCT);
		if (!el)
			return NULL;
		if (want && buf) {
			r = decode_read_mem(ctx->pid, base, buf, want);
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
		jv_push(arr, structs_truncated_marker());
	return arr;
}

static uint64_t structs_count_arg(const struct decode_ctx *ctx, unsigned i)
{
	uint64_t c = i + 1 < SYSCALL_MAX_ARGS ? ctx->args[i + 1] : 0;
	return decode_is_compat(ctx) ? (uint32_t)c : c;
}

struct jv *decode_type_iovec(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			     unsigned i)
{
	return structs_iov(ctx, ctx->args[i], structs_count_arg(ctx, i), UINT64_MAX);
}

struct jv *decode_type_oiovec(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i)
{
	return structs_iov(ctx, ctx->args[i], structs_count_arg(ctx, i), (uint64_t)ctx->ret);
}

static struct jv *structs_timespec(const struct decode_ctx *ctx, uint64_t addr)
{
	int64_t sec, nsec;

	if (addr == 0)
		return NULL;
	if (decode_is_compat(ctx)) {
		int32_t ts[2];
		int r = decode_read_exact(ctx->pid, addr, ts, sizeof(ts));
		if (r < 0)
			return decode_mem_error(addr, r);
		sec = ts[0];
		nsec = ts[1];
	} else {
		int64_t ts[2];
		int r = decode_read_exact(ctx->pid, addr, ts, sizeof(ts));
		if (r < 0)
			return decode_mem_error(addr, r);
		sec = ts[0];
		nsec = ts[1];
	}
	struct jv *o = jv_tagged(jv_object(), JV_TAG_STRUCT);
	if (!o)
		return NULL;
	jv_add(o, "tv_sec", jv_int(sec));
	jv_add(o, "tv_nsec", jv_int(nsec));
	return o;
}

struct jv *decode_type_timespec(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				unsigned i)
{
	return structs_timespec(ctx, ctx->args[i]);
}

/* Written on success, and by nanosleep's remainder when interrupted. */
struct jv *decode_type_otimespec(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				 unsigned i)
{
	return structs_timespec(ctx, ctx->args[i]);
}

/* "makedev(0x88, 0)", as strace shows device numbers. */
static struct jv *structs_dev_value(uint64_t dev)
{
	char buf[64];
	snprintf(buf, sizeof(buf), "makedev(%#x, %#x)", major(dev), minor(dev));
	return decode_symbol(buf);
}

struct jv *decode_type_ostat(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			     unsigned i)
{
	uint64_t addr = ctx->args[i];
	struct stat st;

	if (decode_is_compat(ctx))
		return decode_ptr_value(addr);
	int r = decode_read_exact(ctx->pid, addr, &st, sizeof(st));
	if (r < 0)
		return decode_mem_error(addr, r);

	struct jv *o = jv_tagged(jv_object(), JV_TAG_STRUCT);
	if (!o)
		return NULL;
	/* strace's choice: the type, permissions and size (the device for
	 * device files); everything with -v. */
	jv_add(o, "st_mode", decode_mode_value(st.st_mode));
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		jv_add(o, "st_rdev", structs_dev_value(st.st_rdev));
	else
		jv_add(o, "st_size", jv_int(st.st_size));
	if (ctx->opts->verbose) {
		jv_add(o, "st_dev", structs_dev_value(st.st_dev));
		jv_add(o, "st_ino", jv_uint(st.st_ino));
		jv_add(o, "st_nlink", jv_uint(st.st_nlink));
		jv_add(o, "st_uid", jv_int(st.st_uid));
		jv_add(o, "st_gid", jv_int(st.st_gid));
		jv_add(o, "st_blksize", jv_int(st.st_blksize));
		jv_add(o, "st_blocks", jv_int(st.st_blocks));
		jv_add(o, "st_atime", jv_int(st.st_atim.tv_sec));
		jv_add(o, "st_mtime", jv_int(st.st_mtim.tv_sec));
		jv_add(o, "st_ctime", jv_int(st.st_ctim.tv_sec));
	}
	return o;
}

/* struct msghdr in either width. */
struct structs_msghdr {
	uint64_t name, namelen, iov, iovlen, control, controllen;
	int32_t flags;
};

static int structs_read_msghdr(const struct decode_ctx *ctx, uint64_t addr,
			       struct structs_msghdr *m)
{
	if (decode_is_compat(ctx)) {
		uint32_t w[7];
		int r = decode_read_exact(ctx->pid, addr, w, sizeof(w));
		if (r < 0)
			return r;
		*m = (struct structs_msghdr){w[0], w[1], w[2], w[3], w[4], w[5], (int32_t)w[6]};
		return 0;
	}
	struct msghdr mh;
	int r = decode_read_exact(ctx->pid, addr, &mh, sizeof(mh));
	if (r < 0)
		return r;
	*m = (struct structs_msghdr){
		(uintptr_t)mh.msg_name,	   mh.msg_namelen,    (uintptr_t)mh.msg_iov, mh.msg_iovlen,
		(uintptr_t)mh.msg_control, mh.msg_controllen, mh.msg_flags};
	return 0;
}

static struct jv *structs_cmsg(const struct decode_ctx *ctx, int level, int type,
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
static struct jv *structs_control(const struct decode_ctx *ctx, uint64_t addr, uint64_t len)
{
	size_t ws = structs_word(ctx);
	size_t hdr = ws + 2 * sizeof(int32_t);

	if (addr == 0 || len == 0)
		return NULL;
	if (len > STRUCTS_CONTROL_MAX)
		len = STRUCTS_CONTROL_MAX;
	unsigned char buf[STRUCTS_CONTROL_MAX];
	ssize_t n = decode_read_some(ctx->pid, addr, buf, (size_t)len);
	if (n < 0)
		return decode_mem_error(addr, n);

	struct jv *arr = jv_array();
	size_t off = 0;
	for (unsigned k = 0; arr && k < STRUCTS_CMSG_MAX && off + hdr <= (size_t)n; k++) {
		uint64_t clen = structs_get_word(buf + off, ws);
		int32_t level, type;
		memcpy(&level, buf + off + ws, sizeof(level));
		memcpy(&type, buf + off + ws + sizeof(level), sizeof(type));
		if (clen < hdr || clen > (size_t)n - off)
			break;
		jv_push(arr,
			structs_cmsg(ctx, level, type, buf + off + hdr, (size_t)clen - hdr, hdr));
		off += ((size_t)clen + ws - 1) & ~(ws - 1);
	}
	return arr;
}

/* @data: bytes received (recvmsg's return value) or UINT64_MAX for sendmsg. */
static struct jv *structs_msghdr(const struct decode_ctx *ctx, uint64_t addr, uint64_t data)
{
	struct structs_msghdr m;

	if (addr == 0)
		return NULL;
	int r = structs_read_msghdr(ctx, addr, &m);
	if (r < 0)
		return decode_mem_error(addr, r);

	struct jv *o = jv_tagged(jv_object(), JV_TAG_STRUCT);
	if (!o)
		return NULL;
	jv_add(o, "msg_name",
	       m.name && m.namelen ? decode_sockaddr_at(ctx, m.name, m.namelen)
				   : decode_ptr_value(m.name));
	jv_add(o, "msg_namelen", jv_uint(m.namelen));
	jv_add(o, "msg_iov", structs_iov(ctx, m.iov, m.iovlen, data));
	jv_add(o, "msg_iovlen", jv_uint(m.iovlen));
	if (m.control && m.controllen)
		jv_add(o, "msg_control", structs_control(ctx, m.control, m.controllen));
	jv_add(o, "msg_controllen", jv_uint(m.controllen));
	jv_add(o, "msg_flags", decode_flags_value(XLAT_MSG_FLAGS, (uint32_t)m.flags));
	return o;
}

struct jv *decode_type_msghdr(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i)
{
	return structs_msghdr(ctx, ctx->args[i], UINT64_MAX);
}

struct jv *decode_type_omsghdr(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			       unsigned i)
{
	return structs_msghdr(ctx, ctx->args[i], (uint64_t)ctx->ret);
}

/* setsockopt's value: most options are an int, the rest are shown as bytes. */
struct jv *decode_type_sockopt(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			       unsigned i)
{
	uint64_t addr = ctx->args[i];
	uint64_t len = structs_count_arg(ctx, i);
	int32_t v;

	if (addr == 0)
		return NULL;
	if (len == sizeof(v)) {
		int r = decode_read_exact(ctx->pid, addr, &v, sizeof(v));
		if (r < 0)
			return decode_mem_error(addr, r);
		return jv_int(v);
	}
	return decode_buffer_at(ctx, addr, len);
}

struct jv *decode_type_pollfds(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			       unsigned i)
{
	struct structs_pollfd {
		int32_t fd;
		int16_t events, revents;
	};
	uint64_t addr = ctx->args[i];
	uint64_t count = structs_count_arg(ctx, i);
	size_t shown = count > DECODE_ARRAY_MAX ? DECODE_ARRAY_MAX : (size_t)count;

	if (addr == 0)
		return NULL;
	struct jv *arr = jv_array();
	if (!arr)
		return NULL;
	if (shown == 0)
		return arr;

	struct structs_pollfd p_stack[64];
	cleanup_free struct structs_pollfd *p_heap = NULL;
	struct structs_pollfd *p = p_stack;
	if (shown > JT_ARRAY_SIZE(p_stack)) {
		p = p_heap = calloc(shown, sizeof(*p));
		if (!p)
			return NULL;
	}
	ssize_t n = decode_read_some(ctx->pid, addr, p, shown * sizeof(*p));
	if (n < 0)
		return decode_mem_error(addr, n);
	size_t got = (size_t)n / sizeof(*p);
	for (size_t k = 0; k < got; k++) {
		struct jv *el = jv_tagged(jv_object(), JV_TAG_STRUCT);
		if (!el)
			return NULL;
		jv_add(el, "fd", jv_int(p[k].fd));
		jv_add(el, "events", decode_flag_names(XLAT_POLL_EVENTS, (uint16_t)p[k].events));
		if (ctx->exiting)
			jv_add(el, "revents",
			       decode_flag_names(XLAT_POLL_EVENTS, (uint16_t)p[k].revents));
		jv_push(arr, el);
	}
	if (got < count)
		jv_push(arr, structs_truncated_marker());
	return arr;
}

/* ---- signal sets, sigaction ---- */

/* The kernel's sigset_t is 64 bits on every architecture jtrace decodes
 * (two 32-bit words in compat, the same bytes on little-endian). */
#define STRUCTS_NSIG 64

struct jv *decode_sigset_value(uint64_t mask)
{
	struct jv *arr = jv_array();
	for (int sig = 1; arr && sig <= STRUCTS_NSIG; sig++) {
		if (!(mask & (1ull << (sig - 1))))
			continue;
		const char *name = decode_signal_name(sig);
		jv_push(arr, name ? decode_symbol(name) : jv_int(sig));
	}
	return arr;
}

static struct jv *structs_sigset_at(const struct decode_ctx *ctx, uint64_t addr)
{
	uint64_t mask = 0;
	if (addr == 0)
		return NULL;
	int r = decode_read_exact(ctx->pid, addr, &mask, sizeof(mask));
	if (r < 0)
		return decode_mem_error(addr, r);
	return decode_sigset_value(mask);
}

struct jv *decode_type_sigset(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i)
{
	return structs_sigset_at(ctx, ctx->args[i]);
}

struct jv *decode_type_osigset(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			       unsigned i)
{
	return structs_sigset_at(ctx, ctx->args[i]);
}

/* The kernel's struct sigaction: handler, flags, restorer, mask, in the
 * tracee's word size (the mask is always 64 bits). */
static struct jv *structs_sigaction_at(const struct decode_ctx *ctx, uint64_t addr)
{
	size_t ws = structs_word(ctx);
	unsigned char raw[4 * 8];
	size_t want = 3 * ws + 8;

	if (addr == 0)
		return NULL;
	int r = decode_read_exact(ctx->pid, addr, raw, want);
	if (r < 0)
		return decode_mem_error(addr, r);
	uint64_t handler = structs_get_word(raw, ws);
	uint64_t flags = structs_get_word(raw + ws, ws);
	uint64_t restorer = structs_get_word(raw + 2 * ws, ws);
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
	return structs_sigaction_at(ctx, ctx->args[i]);
}

struct jv *decode_type_osigaction(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				  unsigned i)
{
	return structs_sigaction_at(ctx, ctx->args[i]);
}

/* ---- rlimit ---- */

/* prlimit64 (the arguments after the resource, i >= 2) always takes 64-bit
 * limits; getrlimit/setrlimit the tracee's unsigned long. */
static struct jv *structs_rlimit_at(const struct decode_ctx *ctx, uint64_t addr, unsigned i)
{
	size_t ws = i >= 2 ? 8 : structs_word(ctx);
	uint64_t infinity = ws == 4 ? UINT32_MAX : UINT64_MAX;
	unsigned char raw[16];

	if (addr == 0)
		return NULL;
	int r = decode_read_exact(ctx->pid, addr, raw, 2 * ws);
	if (r < 0)
		return decode_mem_error(addr, r);
	struct jv *o = jv_tagged(jv_object(), JV_TAG_STRUCT);
	if (!o)
		return NULL;
	static const char *const keys[2] = {"rlim_cur", "rlim_max"};
	for (unsigned k = 0; k < 2; k++) {
		uint64_t v = structs_get_word(raw + k * ws, ws);
		jv_add(o, keys[k], v == infinity ? decode_symbol("RLIM_INFINITY") : jv_uint(v));
	}
	return o;
}

struct jv *decode_type_rlimit(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i)
{
	return structs_rlimit_at(ctx, ctx->args[i], i);
}

struct jv *decode_type_orlimit(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			       unsigned i)
{
	return structs_rlimit_at(ctx, ctx->args[i], i);
}

/* ---- utsname ---- */

struct jv *decode_type_outsname(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				unsigned i)
{
	uint64_t addr = ctx->args[i];
	struct utsname u;
	static const struct {
		const char *key;
		size_t off;
	} fields[] = {
		{"sysname", offsetof(struct utsname, sysname)},
		{"nodename", offsetof(struct utsname, nodename)},
		{"release", offsetof(struct utsname, release)},
		{"version", offsetof(struct utsname, version)},
		{"machine", offsetof(struct utsname, machine)},
		{"domainname", offsetof(struct utsname, domainname)},
	};

	int r = decode_read_exact(ctx->pid, addr, &u, sizeof(u));
	if (r < 0)
		return decode_mem_error(addr, r);
	struct jv *o = jv_tagged(jv_object(), JV_TAG_STRUCT);
	if (!o)
		return NULL;
	/* strace shows the first two without -v. */
	size_t shown = ctx->opts->verbose ? JT_ARRAY_SIZE(fields) : 2;
	for (size_t k = 0; k < shown; k++) {
		const char *f = (const char *)&u + fields[k].off;
		size_t len = strnlen(f, sizeof(u.sysname));
		jv_add(o, fields[k].key, decode_bytes((const unsigned char *)f, len, len, len));
	}
	return o;
}

/* ---- epoll_event ---- */

struct jv *decode_type_epollevent(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				  unsigned i)
{
	uint64_t addr = ctx->args[i];
	/* Packed on x86 (12 bytes, native and i386), padded to 16 elsewhere. */
	struct epoll_event ev;
	uint32_t events = 0;
	uint64_t data = 0;

	if (addr == 0)
		return NULL;
	int r = decode_read_exact(ctx->pid, addr, &ev, sizeof(ev));
	if (r < 0)
		return decode_mem_error(addr, r);
	events = ev.events;
	data = ev.data.u64;
	struct jv *o = jv_tagged(jv_object(), JV_TAG_STRUCT);
	if (!o)
		return NULL;
	jv_add(o, "events", decode_flags_value(XLAT_EPOLL_EVENTS, events));
	struct jv *d = jv_tagged(jv_object(), JV_TAG_STRUCT);
	if (d) {
		jv_add(d, "u32", jv_uint((uint32_t)data));
		jv_add(d, "u64", jv_uint(data));
	}
	jv_add(o, "data", d);
	return o;
}

/* ---- getdents64: the records are counted, as strace does without -v ---- */

struct jv *decode_type_odirents(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				unsigned i)
{
	/* The tracer is single-threaded: one buffer serves every call. */
	static unsigned char buf[DECODE_READ_MAX];
	uint64_t addr = ctx->args[i];
	size_t len = ctx->ret > 0 ? (size_t)ctx->ret : 0;
	/* d_ino (8), d_off (8), then d_reclen (2). */
	const size_t reclen_off = 16;

	if (addr == 0)
		return NULL;
	if (len > sizeof(buf))
		len = sizeof(buf);
	ssize_t n = len ? decode_read_mem(ctx->pid, addr, buf, len) : 0;
	if (n < 0)
		return decode_mem_error(addr, n);
	size_t count = 0, off = 0;
	while (off + reclen_off + 2 <= (size_t)n) {
		uint16_t reclen;
		memcpy(&reclen, buf + off + reclen_off, sizeof(reclen));
		if (reclen == 0)
			break;
		off += reclen;
		count++;
	}
	struct jv *o = jv_object();
	if (!o)
		return NULL;
	jv_add(o, "addr", jv_tagged(jv_hex(addr), JV_TAG_PTR));
	jv_add(o, "entries", jv_uint(count));
	if ((size_t)ctx->ret > len)
		jv_add(o, "truncated", jv_bool(true));
	return o;
}

/* ---- statx ---- */

struct jv *decode_type_ostatx(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i)
{
	uint64_t addr = ctx->args[i];
	struct statx stx;

	int r = decode_read_exact(ctx->pid, addr, &stx, sizeof(stx));
	if (r < 0)
		return decode_mem_error(addr, r);
	struct jv *o = jv_tagged(jv_object(), JV_TAG_STRUCT);
	if (!o)
		return NULL;
	jv_add(o, "stx_mask", decode_flags_value(XLAT_STATX_MASK, stx.stx_mask));
	jv_add(o, "stx_attributes", stx.stx_attributes ? jv_hex(stx.stx_attributes) : jv_int(0));
	jv_add(o, "stx_mode", decode_mode_value(stx.stx_mode));
	jv_add(o, "stx_size", jv_uint(stx.stx_size));
	if (ctx->opts->verbose) {
		jv_add(o, "stx_blksize", jv_uint(stx.stx_blksize));
		jv_add(o, "stx_nlink", jv_uint(stx.stx_nlink));
		jv_add(o, "stx_uid", jv_uint(stx.stx_uid));
		jv_add(o, "stx_gid", jv_uint(stx.stx_gid));
		jv_add(o, "stx_ino", jv_uint(stx.stx_ino));
		jv_add(o, "stx_blocks", jv_uint(stx.stx_blocks));
		jv_add(o, "stx_mtime", jv_int(stx.stx_mtime.tv_sec));
	}
	return o;
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
	int r = decode_read_exact(ctx->pid, addr, &status, sizeof(status));
	if (r < 0)
		return decode_mem_error(addr, r);
	return decode_wstatus_value(status);
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
	int r = decode_read_exact(ctx->pid, lenp, &len, sizeof(len));
	if (r < 0)
		return decode_mem_error(lenp, r);
	if (len == sizeof(v)) {
		r = decode_read_exact(ctx->pid, addr, &v, sizeof(v));
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
	int r = decode_read_exact(ctx->pid, addr, &v, sizeof(v));
	if (r < 0)
		return decode_mem_error(addr, r);
	return jv_int(v);
}
