/* decode/decode: the entry points of the decoder.  decode_arg dispatches on
 * the argument's type through decode_table (one decoder per enum arg_type,
 * the same vocabulary as src/data/argtypes.in), in the phase the type
 * belongs to; decode_ret formats the return value.  The decoders
 * themselves are in the other files of src/decode/ (decode-priv.h), and
 * know nothing of this one. */
#include "decode-priv.h"

#include <errno.h>

/* A type with no entry here (one added to argtypes.in before its decoder)
 * falls back to decode_type_hex rather than failing. */
static const decode_fn decode_table[ARG_TYPE_COUNT] = {
	[ARG_INT] = decode_type_int,
	[ARG_UINT] = decode_type_uint,
	[ARG_HEX] = decode_type_hex,
	[ARG_PTR] = decode_type_ptr,
	[ARG_SIZE] = decode_type_size,
	[ARG_OFF] = decode_type_off,
	[ARG_FD] = decode_type_fd,
	[ARG_DIRFD] = decode_type_dirfd,
	[ARG_PATH] = decode_type_path,
	[ARG_STR] = decode_type_str,
	[ARG_IBUF] = decode_type_ibuf,
	[ARG_OBUF] = decode_type_obuf,
	[ARG_SOCKADDR] = decode_type_sockaddr,
	[ARG_OSOCKADDR] = decode_type_osockaddr,
	[ARG_MODE] = decode_type_mode,
	[ARG_FLAGS] = decode_type_flags,
	[ARG_ENUM] = decode_type_enum,
	[ARG_SIGNO] = decode_type_signo,
	[ARG_ARGV] = decode_type_argv,
	[ARG_ENVP] = decode_type_envp,
	[ARG_FDPAIR] = decode_type_fdpair,
	[ARG_IOCTL_REQ] = decode_type_ioctl_req,
	[ARG_IOVEC] = decode_type_iovec,
	[ARG_OIOVEC] = decode_type_oiovec,
	[ARG_TIMESPEC] = decode_type_timespec,
	[ARG_OTIMESPEC] = decode_type_timespec, /* the same layout, written by the kernel */
	[ARG_OSTAT] = decode_type_ostat,
	[ARG_MSGHDR] = decode_type_msghdr,
	[ARG_OMSGHDR] = decode_type_omsghdr,
	[ARG_SOCKOPT] = decode_type_sockopt,
	[ARG_POLLFDS] = decode_type_pollfds,
	[ARG_SOCKOPTNAME] = decode_type_sockoptname,
	[ARG_OSOCKOPT] = decode_type_osockopt,
	[ARG_SIGSET] = decode_type_sigset,
	[ARG_OSIGSET] = decode_type_sigset, /* the same layout, written by the kernel */
	[ARG_SIGACTION] = decode_type_sigaction,
	[ARG_OSIGACTION] = decode_type_sigaction, /* the same layout, written by the kernel */
	[ARG_RLIMIT] = decode_type_rlimit,
	[ARG_ORLIMIT] = decode_type_rlimit, /* the same layout, written by the kernel */
	[ARG_OUTSNAME] = decode_type_outsname,
	[ARG_EPOLLEVENT] = decode_type_epollevent,
	[ARG_ODIRENTS] = decode_type_odirents,
	[ARG_OSTATX] = decode_type_ostatx,
	[ARG_OWSTATUS] = decode_type_owstatus,
	[ARG_OLEN] = decode_type_olen,
	[ARG_CLONEARGS] = decode_type_cloneargs,
};

/* When the kernel wrote an output argument (the exit types): otherwise the
 * argument shows as its address, and its decoder is not called.  Calls
 * that return a count wrote it when they succeeded, those that return 0
 * only then. */
enum decode_written {
	WRITTEN_ON_SUCCESS,	  /* ret >= 0; also an exit type missing here */
	WRITTEN_ON_ZERO,	  /* ret == 0 */
	WRITTEN_ON_ZERO_OR_EINTR, /* nanosleep's remainder */
	WRITTEN_ON_POSITIVE,	  /* wait4: 0 is WNOHANG and no child */
};
static const uint8_t decode_written[ARG_TYPE_COUNT] = {
	[ARG_OBUF] = WRITTEN_ON_SUCCESS,
	[ARG_OSOCKADDR] = WRITTEN_ON_SUCCESS,
	[ARG_OIOVEC] = WRITTEN_ON_SUCCESS,
	[ARG_OMSGHDR] = WRITTEN_ON_SUCCESS,
	[ARG_ODIRENTS] = WRITTEN_ON_SUCCESS,
	[ARG_OLEN] = WRITTEN_ON_SUCCESS,
	[ARG_FDPAIR] = WRITTEN_ON_ZERO,
	[ARG_OSTAT] = WRITTEN_ON_ZERO,
	[ARG_OSTATX] = WRITTEN_ON_ZERO,
	[ARG_OSOCKOPT] = WRITTEN_ON_ZERO,
	[ARG_OSIGSET] = WRITTEN_ON_ZERO,
	[ARG_OSIGACTION] = WRITTEN_ON_ZERO,
	[ARG_ORLIMIT] = WRITTEN_ON_ZERO,
	[ARG_OUTSNAME] = WRITTEN_ON_ZERO,
	[ARG_OTIMESPEC] = WRITTEN_ON_ZERO_OR_EINTR,
	[ARG_OWSTATUS] = WRITTEN_ON_POSITIVE,
};

static bool decode_output_written(enum arg_type type, int64_t ret)
{
	switch (decode_written[type]) {
	case WRITTEN_ON_ZERO:
		return ret == 0;
	case WRITTEN_ON_ZERO_OR_EINTR:
		return ret == 0 || ret == -EINTR;
	case WRITTEN_ON_POSITIVE:
		return ret > 0;
	case WRITTEN_ON_SUCCESS:
	default:
		return ret >= 0;
	}
}

static const struct decode_opts decode_default_opts = {.strsize = DECODE_STRSIZE_DEFAULT};

/* The largest errno the kernel returns in a syscall's return value. */
#define DECODE_MAX_ERRNO 4095

struct jv *decode_arg(const struct decode_ctx *ctx, const struct syscall_sig *sig, unsigned i)
{
	if (!ctx || !sig || i >= sig->nargs || i >= SYSCALL_MAX_ARGS || !ctx->args)
		return NULL;

	const struct syscall_arg *arg = &sig->args[i];
	if ((unsigned)arg->type >= ARG_TYPE_COUNT)
		return jv_hex(ctx->args[i]);
	if ((argtype_at_exit(arg->type) != 0) != ctx->exiting)
		return NULL;

	struct decode_ctx local;
	if (!ctx->opts) {
		local = *ctx;
		local.opts = &decode_default_opts;
		ctx = &local;
	}
	if (ctx->exiting && !decode_output_written(arg->type, ctx->ret))
		return decode_ptr_value(ctx->args[i]);
	decode_fn fn = decode_table[arg->type];
	return (fn ? fn : decode_type_hex)(ctx, arg, i);
}

struct jv *decode_ret(const struct decode_ctx *ctx, const struct syscall_sig *sig)
{
	int64_t r = ctx->ret;

	/* A failed call shows as libc reports it: -1 (the log adds "errno"). */
	if (r < 0 && r >= -DECODE_MAX_ERRNO)
		return jv_int(-1);
	if (sig && (sig->ret == ARG_PTR || sig->ret == ARG_HEX)) {
		uint64_t v = (uint64_t)r;
		struct jv *h = jv_hex(decode_is_compat(ctx) ? (uint32_t)v : v);

		/* Unlike a PTR argument, a returned address 0 is still "0x0". */
		return sig->ret == ARG_PTR ? jv_tagged(h, JV_TAG_PTR) : h;
	}
	return jv_int(r);
}

struct jv *decode_ret_fd(const struct decode_ctx *ctx, const struct syscall_sig *sig)
{
	struct jv *o = NULL;

	if (!sig || sig->ret != ARG_FD || !ctx->opts || !ctx->opts->decode_fds || ctx->ret < 0 ||
	    ctx->ret > INT32_MAX)
		return NULL;
	o = decode_fd_value(ctx, (int)ctx->ret);
	/* Closed already (another thread), or the task is gone: "ret" says
	 * all there is. */
	if (o && !jv_get_ex(o, "target", NULL))
		o = NULL;
	return o;
}
