/* decode/numbers: argument types that are a register value and need no
 * memory read: integers, addresses, fds, modes, flag sets, enums, signals,
 * ioctl requests.  Only -y (fd targets) touches /proc.
 *
 * Flag sets are {"raw": N, "flags": [names...]}: names are taken from the
 * xlat list in its file order, each consuming its bits (so composite values
 * listed first, like O_TMPFILE or MAP_SHARED_VALIDATE, win over their parts),
 * and the bits left over make one "0x..." entry.  Four lists are decoded
 * specially: three hold a field rather than bits, open_flags (the access
 * mode in the low two bits), clone_flags (the exit signal in the low byte)
 * and sock_type (the type in the low four bits, SOCK_* flags above); and
 * statx_flags names the absence of both sync bits AT_STATX_SYNC_AS_STAT, as
 * strace does.  One enum carries a flag: futex_ops (FUTEX_CLOCK_REALTIME
 * next to the command). */
#include "decode-priv.h"

#include <linux/futex.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* glibc defines O_LARGEFILE as 0 for 64-bit programs, but 32-bit tracees
 * pass the kernel's bit, so it is spelled out here per architecture. */
#if defined(__x86_64__) || defined(__i386__)
#define NUMBERS_KERNEL_O_LARGEFILE 0100000u
#elif defined(__aarch64__) || defined(__arm__)
#define NUMBERS_KERNEL_O_LARGEFILE 0400000u
#else
#define NUMBERS_KERNEL_O_LARGEFILE 0u
#endif

#define NUMBERS_SOCK_TYPE_MASK 0xfu
#define NUMBERS_CSIGNAL	       0xffu

struct jv *decode_ptr_value(uint64_t v)
{
	return v ? jv_tagged(jv_hex(v), JV_TAG_PTR) : NULL;
}

struct jv *decode_symbol(const char *name)
{
	return jv_tagged(jv_str(name), JV_TAG_SYMBOL);
}

struct jv *decode_mem_error(uint64_t addr, ssize_t err)
{
	struct jv *o = jv_tagged(jv_object(), JV_TAG_MEMERR);
	const char *name = xlat_errno_name((int)-err);
	if (!o)
		return NULL;
	/* The address that could not be read: "0x0" too, unlike a NULL
	 * pointer argument. */
	jv_add(o, "addr", jv_tagged(jv_hex(addr), JV_TAG_PTR));
	jv_add(o, "error", name ? decode_symbol(name) : jv_int((int64_t)-err));
	return o;
}

struct jv *decode_truncated_marker(void)
{
	struct jv *m = jv_object();
	if (m)
		jv_add(m, "truncated", jv_bool(true));
	return m;
}

/* Appends the names of the bits of @v found in @id to @arr; returns the bits
 * no entry accounted for.  Entries below @min_val are skipped (the fields
 * decoded separately). */
static uint64_t numbers_add_bits(struct jv *arr, enum xlat_id id, uint64_t v, uint64_t min_val)
{
	const struct xlat *x = &xlat_tables[id];
	for (size_t k = 0; k < x->len && v; k++) {
		uint64_t bits = x->entries[k].val;
		if (bits == 0 || bits < min_val || (v & bits) != bits)
			continue;
		jv_push(arr, decode_symbol(x->entries[k].name));
		v &= ~bits;
	}
	return v;
}

static void numbers_add_name_or_hex(struct jv *arr, const char *name, uint64_t v)
{
	jv_push(arr, name ? decode_symbol(name) : jv_hex(v));
}

struct jv *decode_flag_names(enum xlat_id id, uint64_t v)
{
	struct jv *arr = jv_array();
	uint64_t rest = v;

	if (!arr || (unsigned)id >= XLAT_COUNT || id == XLAT_NONE) {
		if (arr && v)
			jv_push(arr, jv_hex(v));
		return arr;
	}

	switch (id) {
	case XLAT_OPEN_FLAGS:
		numbers_add_name_or_hex(arr, xlat_name(id, v & O_ACCMODE), v & O_ACCMODE);
		rest = numbers_add_bits(arr, id, v & ~(uint64_t)O_ACCMODE, O_ACCMODE + 1);
		if (NUMBERS_KERNEL_O_LARGEFILE && (rest & NUMBERS_KERNEL_O_LARGEFILE)) {
			jv_push(arr, decode_symbol("O_LARGEFILE"));
			rest &= ~(uint64_t)NUMBERS_KERNEL_O_LARGEFILE;
		}
		break;
	case XLAT_CLONE_FLAGS: {
		rest = numbers_add_bits(arr, id, v & ~(uint64_t)NUMBERS_CSIGNAL, 0);
		uint64_t sig = v & NUMBERS_CSIGNAL;
		const char *name = sig ? xlat_signal_name((int)sig) : NULL;
		if (name)
			jv_push(arr, decode_symbol(name));
		else if (sig)
			rest |= numbers_add_bits(arr, id, sig, 0);
		break;
	}
	case XLAT_STATX_FLAGS:
		if (!(v & (AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC)))
			jv_push(arr, decode_symbol("AT_STATX_SYNC_AS_STAT"));
		rest = numbers_add_bits(arr, id, v, 0);
		break;
	case XLAT_SOCK_TYPE:
		numbers_add_name_or_hex(arr, xlat_name(id, v & NUMBERS_SOCK_TYPE_MASK),
					v & NUMBERS_SOCK_TYPE_MASK);
		rest = numbers_add_bits(arr, XLAT_SOCKET_FLAGS,
					v & ~(uint64_t)NUMBERS_SOCK_TYPE_MASK, 0);
		break;
	default:
		if (v == 0) {
			/* PROT_NONE, F_OK...: a name for "no bits" where the list has one. */
			const char *zero = xlat_name(id, 0);
			if (zero)
				jv_push(arr, decode_symbol(zero));
			return arr;
		}
		rest = numbers_add_bits(arr, id, v, 0);
		break;
	}
	if (rest)
		jv_push(arr, jv_hex(rest));
	return arr;
}

struct jv *decode_flags_value(enum xlat_id id, uint64_t v)
{
	struct jv *o = jv_tagged(jv_object(), JV_TAG_FLAGS);
	if (!o)
		return NULL;
	jv_add(o, "raw", jv_uint(v));
	jv_add(o, "flags", decode_flag_names(id, v));
	return o;
}

struct jv *decode_enum_value(enum xlat_id id, uint64_t v)
{
	const char *name = xlat_name(id, v);
	/* int arguments of 32-bit tracees arrive zero-extended. */
	if (!name && v > UINT32_MAX)
		name = xlat_name(id, (uint32_t)v);
	if (name)
		return decode_symbol(name);

	if (id == XLAT_SOCK_TYPE && xlat_name(id, v & NUMBERS_SOCK_TYPE_MASK)) {
		/* socket(2)'s type carries flags: "SOCK_STREAM|SOCK_CLOEXEC". */
		struct jv *arr = decode_flag_names(id, v);
		char buf[256];
		size_t o = 0;
		buf[0] = '\0';
		jv_foreach(name_v, arr)
		{
			const char *sep = name_v == arr->v.c.first ? "" : "|";
			int w = 0;

			if (o >= sizeof(buf))
				break;
			/* The names, and the unknown bits as one hex entry. */
			if (jv_kind_of(name_v) == JV_UINT)
				w = snprintf(buf + o, sizeof(buf) - o, "%s0x%" PRIx64, sep,
					     name_v->v.u);
			else
				w = snprintf(buf + o, sizeof(buf) - o, "%s%s", sep,
					     jv_as_str(name_v) ? jv_as_str(name_v) : "");
			if (w < 0)
				break;
			o += (size_t)w;
		}
		return decode_symbol(buf);
	}
	if (id == XLAT_FUTEX_OPS && (v & FUTEX_CLOCK_REALTIME) &&
	    (name = xlat_name(id, v & ~(uint64_t)FUTEX_CLOCK_REALTIME))) {
		/* futex(2)'s op carries a clock flag: as strace,
		 * "FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME". */
		char buf[96];

		snprintf(buf, sizeof(buf), "%s|FUTEX_CLOCK_REALTIME", name);
		return decode_symbol(buf);
	}
	return jv_int((int64_t)v);
}

struct jv *decode_fd_value(const struct decode_ctx *ctx, int fd)
{
	if (fd < 0 || !ctx->opts->decode_fds)
		return jv_int(fd);

	char path[64], target[4096];
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)ctx->pid, fd);
	ssize_t n = readlink(path, target, sizeof(target) - 1);

	struct jv *o = jv_tagged(jv_object(), JV_TAG_FD);
	if (!o)
		return NULL;
	jv_add(o, "fd", jv_int(fd));
	if (n > 0) {
		jv_add(o, "target",
		       decode_bytes((const unsigned char *)target, (size_t)n, sizeof(target),
				    (size_t)n));
		unsigned long long inode = 0;
		char end = 0;
		target[n] = '\0';
		if (sscanf(target, "socket:[%llu%c", &inode, &end) == 2 && end == ']')
			decode_socket_info(ctx->pid, fd, inode, o);
	}
	return o;
}

struct jv *decode_mode_value(uint64_t mode)
{
	char buf[64];
	uint64_t type = mode & S_IFMT;
	const char *tname = type ? xlat_name(XLAT_MODE_TYPES, type) : NULL;

	if (tname)
		snprintf(buf, sizeof(buf), "%s|0%03" PRIo64, tname, mode & ~(uint64_t)S_IFMT);
	else
		snprintf(buf, sizeof(buf), "0%03" PRIo64, mode);
	return jv_tagged(jv_str(buf), JV_TAG_MODE);
}

struct jv *decode_signo_value(int sig)
{
	const char *name = xlat_signal_name(sig);
	return name ? decode_symbol(name) : jv_int(sig);
}

struct jv *decode_type_int(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	/* A long (io_submit's nr, msgrcv's msgtyp) is 64 bits on x86_64. */
	if (arg->ctype == CTYPE_LONG && !decode_is_compat(ctx))
		return jv_int((int64_t)ctx->args[i]);
	return jv_int((int32_t)ctx->args[i]);
}

struct jv *decode_type_uint(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	uint64_t v = ctx->args[i];
	if (decode_is_compat(ctx))
		v = (uint32_t)v;
	return jv_uint(v);
}

struct jv *decode_type_hex(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	uint64_t v = ctx->args[i];
	return jv_hex(decode_is_compat(ctx) ? (uint32_t)v : v);
}

struct jv *decode_type_ptr(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	uint64_t v = ctx->args[i];
	return decode_ptr_value(decode_is_compat(ctx) ? (uint32_t)v : v);
}

struct jv *decode_type_size(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	uint64_t v = ctx->args[i];
	return jv_uint(decode_is_compat(ctx) ? (uint32_t)v : v);
}

struct jv *decode_type_off(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	uint64_t v = ctx->args[i];
	return jv_int(decode_is_compat(ctx) ? (int32_t)v : (int64_t)v);
}

struct jv *decode_type_fd(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	return decode_fd_value(ctx, (int32_t)ctx->args[i]);
}

struct jv *decode_type_dirfd(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			     unsigned i)
{
	int fd = (int32_t)ctx->args[i];
	if (fd != AT_FDCWD)
		return decode_fd_value(ctx, fd);
	if (!ctx->opts->decode_fds)
		return decode_symbol("AT_FDCWD");

	/* -y: the directory AT_FDCWD stands for, as strace -y shows it. */
	char path[64], target[4096];
	snprintf(path, sizeof(path), "/proc/%d/cwd", (int)ctx->pid);
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	struct jv *o = jv_tagged(jv_object(), JV_TAG_FD);
	if (!o)
		return NULL;
	jv_add(o, "fd", decode_symbol("AT_FDCWD"));
	if (n > 0)
		jv_add(o, "target",
		       decode_bytes((const unsigned char *)target, (size_t)n, sizeof(target),
				    (size_t)n));
	return o;
}

/* open, openat and mq_open use the mode only when they create something
 * (O_CREAT, O_TMPFILE); otherwise it is whatever was in the register, and
 * strace leaves it out: then it is null ("not applicable").  A signature's
 * arguments are one array, so the flags are the previous element. */
struct jv *decode_type_mode(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	if (i > 0 && arg[-1].type == ARG_FLAGS && arg[-1].xlat == XLAT_OPEN_FLAGS) {
		uint64_t fl = ctx->args[i - 1];
		uint64_t tmpfile = (uint64_t)(O_TMPFILE & ~O_DIRECTORY);

		if (!(fl & O_CREAT) && (fl & tmpfile) != tmpfile)
			return NULL;
	}
	return decode_mode_value((uint32_t)ctx->args[i]);
}

/* The option names of a level; XLAT_NONE for levels without a list. */
enum xlat_id decode_sockopt_list(int level)
{
	switch (level) {
	case SOL_SOCKET:
		return XLAT_SO_OPTIONS;
	case SOL_IP:
		return XLAT_IP_OPTIONS;
	case SOL_IPV6:
		return XLAT_IPV6_OPTIONS;
	case SOL_TCP:
		return XLAT_TCP_OPTIONS;
	default:
		return XLAT_NONE;
	}
}

/* setsockopt/getsockopt's optname: its meaning depends on the level, the
 * previous argument. */
struct jv *decode_type_sockoptname(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				   unsigned i)
{
	int level = i > 0 ? (int32_t)ctx->args[i - 1] : -1;
	uint32_t name = (uint32_t)ctx->args[i];
	enum xlat_id id = decode_sockopt_list(level);
	const char *s = id != XLAT_NONE ? xlat_name(id, name) : NULL;

	return s ? decode_symbol(s) : jv_int((int32_t)name);
}

struct jv *decode_type_flags(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			     unsigned i)
{
	uint64_t v = ctx->args[i];
	/* Flag arguments are int or unsigned int in all but a few calls
	 * (clone, clone3 take 64 bits); keep the top half only where a
	 * list has names there. */
	if (decode_is_compat(ctx) || (arg->xlat != XLAT_CLONE_FLAGS && (v >> 32) == 0xffffffffu))
		v = (uint32_t)v;
	return decode_flags_value(arg->xlat, v);
}

/* socket/socketpair's protocol is named by the domain (two arguments
 * before it): IPPROTO_* for inet, NETLINK_* for netlink, a number for the
 * rest (AF_UNIX's 0), as strace shows it. */
static enum xlat_id numbers_protocol_list(const struct decode_ctx *ctx,
					  const struct syscall_arg *arg, unsigned i)
{
	if (i < 2 || arg[-2].type != ARG_ENUM || arg[-2].xlat != XLAT_ADDRESS_FAMILIES)
		return XLAT_IPPROTO;
	switch ((int32_t)ctx->args[i - 2]) {
	case AF_INET:
	case AF_INET6:
		return XLAT_IPPROTO;
	case AF_NETLINK:
		return XLAT_NETLINK_PROTOCOLS;
	default:
		return XLAT_NONE;
	}
}

struct jv *decode_type_enum(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i)
{
	uint64_t v = ctx->args[i];
	enum xlat_id id = arg->xlat;

	if (decode_is_compat(ctx))
		v = (uint32_t)v;
	if (id == XLAT_IPPROTO)
		id = numbers_protocol_list(ctx, arg, i);
	if (id == XLAT_NONE)
		return jv_int((int32_t)v);
	return decode_enum_value(id, v);
}

struct jv *decode_type_signo(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			     unsigned i)
{
	return decode_signo_value((int32_t)ctx->args[i]);
}

/* Requests are 32 bits wide in the kernel (the top half is ignored, and
 * sign-extended by some libcs). */
struct jv *decode_type_ioctl_req(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				 unsigned i)
{
	uint32_t req = (uint32_t)ctx->args[i];
	const struct xlat *x = &xlat_tables[XLAT_IOCTL_REQUESTS];

	/* Compared on 32 bits too: a header may compute a request as a
	 * negative int. */
	for (size_t k = 0; k < x->len; k++)
		if ((uint32_t)x->entries[k].val == req)
			return decode_symbol(x->entries[k].name);
	return jv_hex(req);
}
