/* decode/stat: what the kernel reports about files: struct stat (the
 * native ABI only: the compat one has three layouts, shown as the
 * address), statx, and getdents64's records (counted, as strace does
 * without -v).  Members beyond strace's abbreviation need -v. */
#include "decode-priv.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

/* "makedev(0x88, 0)", as strace shows device numbers. */
static struct jv *dev_value(uint64_t dev)
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
	int r = tmem_read_exact(ctx->pid, addr, &st, sizeof(st));
	if (r < 0)
		return decode_mem_error(addr, r);

	struct jv *o = jv_tagged(jv_object(), JV_TAG_STRUCT);
	if (!o)
		return NULL;
	/* strace's choice: the type, permissions and size (the device for
	 * device files); everything with -v. */
	jv_add(o, "st_mode", decode_mode_value(st.st_mode));
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		jv_add(o, "st_rdev", dev_value(st.st_rdev));
	else
		jv_add(o, "st_size", jv_int(st.st_size));
	if (ctx->opts->verbose) {
		jv_add(o, "st_dev", dev_value(st.st_dev));
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
	ssize_t n = len ? tmem_read(ctx->pid, addr, buf, len) : 0;
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

	int r = tmem_read_exact(ctx->pid, addr, &stx, sizeof(stx));
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
