/* cloneargs: clone3's struct clone_args, read from the tracee, with the
 * member names strace prints.  The flags are what a sandbox policy cares
 * about (CLONE_NEW*, CLONE_UNTRACED), so they are decoded by name; the rest
 * is shown when set, and the tid and pidfd addresses, as strace shows
 * them, only when a flag tells the kernel to use them.  The kernel reads only @size bytes (the next
 * argument): so does this decoder, and members past it are absent. */
#include "decode-priv.h"

#include <errno.h>
#include <linux/sched.h>
#include <stddef.h>
#include <string.h>

enum member_kind { MEMBER_FLAGS, MEMBER_PTR, MEMBER_HEX, MEMBER_SIGNO, MEMBER_UINT };

static const struct {
	const char *name;
	size_t off;
	enum member_kind kind;
	bool always;    /* shown even when 0 */
	uint64_t used;  /* shown only when one of these flags is set (0: any) */
} members[] = {
	{"flags", offsetof(struct clone_args, flags), MEMBER_FLAGS, true, 0},
	{"pidfd", offsetof(struct clone_args, pidfd), MEMBER_PTR, false, CLONE_PIDFD},
	{"child_tid", offsetof(struct clone_args, child_tid), MEMBER_PTR, false,
	 CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID},
	{"parent_tid", offsetof(struct clone_args, parent_tid), MEMBER_PTR, false,
	 CLONE_PARENT_SETTID},
	{"exit_signal", offsetof(struct clone_args, exit_signal), MEMBER_SIGNO, true, 0},
	{"stack", offsetof(struct clone_args, stack), MEMBER_PTR, false, 0},
	{"stack_size", offsetof(struct clone_args, stack_size), MEMBER_HEX, false, 0},
	{"tls", offsetof(struct clone_args, tls), MEMBER_PTR, false, 0},
	{"set_tid", offsetof(struct clone_args, set_tid), MEMBER_PTR, false, 0},
	{"set_tid_size", offsetof(struct clone_args, set_tid_size), MEMBER_UINT, false, 0},
	{"cgroup", offsetof(struct clone_args, cgroup), MEMBER_UINT, false, 0},
};

struct jv *decode_cloneargs_bytes(const void *buf, size_t len)
{
	struct jv *o = jv_tagged(jv_object(), JV_TAG_STRUCT);
	uint64_t flags = 0;

	if (!o)
		return NULL;
	if (len >= sizeof(flags))
		memcpy(&flags, buf, sizeof(flags));
	for (size_t k = 0; k < sizeof(members) / sizeof(members[0]); k++) {
		uint64_t v = 0;
		struct jv *val = NULL;

		if (members[k].off + sizeof(v) > len)
			break; /* beyond what the caller's size lets the kernel read */
		memcpy(&v, (const unsigned char *)buf + members[k].off, sizeof(v));
		if ((!v && !members[k].always) || (members[k].used && !(flags & members[k].used)))
			continue;
		switch (members[k].kind) {
		case MEMBER_FLAGS:
			val = decode_flags_value(XLAT_CLONE_FLAGS, v);
			break;
		case MEMBER_SIGNO:
			val = v <= 64 ? decode_signo_value((int)v) : jv_uint(v);
			break;
		case MEMBER_PTR:
			val = jv_tagged(jv_hex(v), JV_TAG_PTR);
			break;
		case MEMBER_HEX:
			val = jv_hex(v);
			break;
		case MEMBER_UINT:
		default:
			val = jv_uint(v);
			break;
		}
		jv_add(o, members[k].name, val);
	}
	return o;
}

struct jv *decode_type_cloneargs(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				 unsigned i)
{
	uint64_t addr = ctx->args[i];
	uint64_t size = i + 1 < SYSCALL_MAX_ARGS ? ctx->args[i + 1] : 0;
	struct clone_args ca;
	int r = 0;

	if (addr == 0)
		return NULL;
	if (size > sizeof(ca))
		size = sizeof(ca); /* larger (newer) structs: the members known here */
	memset(&ca, 0, sizeof(ca));
	r = tmem_read_exact(ctx->pid, addr, &ca, (size_t)size);
	if (r < 0)
		return decode_mem_error(addr, r);
	return decode_cloneargs_bytes(&ca, (size_t)size);
}
