/* decode/poll: waiting and time: pollfd arrays (revents once the call
 * returned), struct epoll_event, and timespec in the tracee's width. */
#include "decode-priv.h"

#include <stdlib.h>
#include <sys/epoll.h>

#include <jtrace/util.h>

static struct jv *timespec_at(const struct decode_ctx *ctx, uint64_t addr)
{
	int64_t sec, nsec;

	if (addr == 0)
		return NULL;
	if (decode_is_compat(ctx)) {
		int32_t ts[2];
		int r = tmem_read_exact(ctx->pid, addr, ts, sizeof(ts));
		if (r < 0)
			return decode_mem_error(addr, r);
		sec = ts[0];
		nsec = ts[1];
	} else {
		int64_t ts[2];
		int r = tmem_read_exact(ctx->pid, addr, ts, sizeof(ts));
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
	return timespec_at(ctx, ctx->args[i]);
}

struct jv *decode_type_pollfds(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			       unsigned i)
{
	struct tracee_pollfd {
		int32_t fd;
		int16_t events, revents;
	};
	uint64_t addr = ctx->args[i];
	uint64_t count = decode_count_arg(ctx, i);
	size_t shown = count > DECODE_ARRAY_MAX ? DECODE_ARRAY_MAX : (size_t)count;

	if (addr == 0)
		return NULL;
	struct jv *arr = jv_array();
	if (!arr)
		return NULL;
	if (shown == 0)
		return arr;

	struct tracee_pollfd p_stack[64];
	cleanup_free struct tracee_pollfd *p_heap = NULL;
	struct tracee_pollfd *p = p_stack;
	if (shown > JT_ARRAY_SIZE(p_stack)) {
		p = p_heap = calloc(shown, sizeof(*p));
		if (!p)
			return NULL;
	}
	ssize_t n = tmem_read_some(ctx->pid, addr, p, shown * sizeof(*p));
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
		jv_push(arr, decode_truncated_marker());
	return arr;
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
	int r = tmem_read_exact(ctx->pid, addr, &ev, sizeof(ev));
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
