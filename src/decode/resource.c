/* decode/resource: what the system says about itself and its limits:
 * struct rlimit (getrlimit/setrlimit in the tracee's width, prlimit64's
 * always 64-bit) and struct utsname (two members without -v). */
#include "decode-priv.h"

#include <stddef.h>
#include <string.h>
#include <sys/utsname.h>

#include <jtrace/util.h>

/* ---- rlimit ---- */

/* prlimit64 (the arguments after the resource, i >= 2) always takes 64-bit
 * limits; getrlimit/setrlimit the tracee's unsigned long. */
static struct jv *rlimit_at(const struct decode_ctx *ctx, uint64_t addr, unsigned i)
{
	size_t ws = i >= 2 ? 8 : decode_word_size(ctx);
	uint64_t infinity = ws == 4 ? UINT32_MAX : UINT64_MAX;
	unsigned char raw[16];

	if (addr == 0)
		return NULL;
	int r = tmem_read_exact(ctx->pid, addr, raw, 2 * ws);
	if (r < 0)
		return decode_mem_error(addr, r);
	struct jv *o = jv_tagged(jv_object(), JV_TAG_STRUCT);
	if (!o)
		return NULL;
	static const char *const keys[2] = {"rlim_cur", "rlim_max"};
	for (unsigned k = 0; k < 2; k++) {
		uint64_t v = decode_get_word(raw + k * ws, ws);
		jv_add(o, keys[k], v == infinity ? decode_symbol("RLIM_INFINITY") : jv_uint(v));
	}
	return o;
}

struct jv *decode_type_rlimit(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i)
{
	return rlimit_at(ctx, ctx->args[i], i);
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

	int r = tmem_read_exact(ctx->pid, addr, &u, sizeof(u));
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
