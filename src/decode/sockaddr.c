/* decode/sockaddr: socket addresses (bind, connect, sendto at entry; accept,
 * getsockname, recvfrom at exit) from their byte image.
 *
 *   AF_INET     {"family":"AF_INET","addr":"127.0.0.1","port":9}
 *   AF_INET6    {"family":"AF_INET6","addr":"::1","port":9[,"flowinfo":N][,"scope_id":N]}
 *   AF_UNIX     {"family":"AF_UNIX","path":"/run/x"} | {"family":"AF_UNIX","abstract":"name"}
 *               | {"family":"AF_UNIX"} (unnamed)
 *   AF_NETLINK  {"family":"AF_NETLINK","nl_pid":N,"nl_groups":N}
 *   AF_PACKET
 * {"family":"AF_PACKET","protocol":N,"ifindex":N,"hatype":N,"pkttype":N,"addr":"aa:bb.."} others
 * {"family":"AF_X" or N,"raw":"hex of the bytes after the family"}
 *
 * The image is copied into an aligned sockaddr_storage first: the bytes
 * come from anywhere and casting them in place would be misaligned. */
#include "decode-priv.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

static json_object *sockaddr_hex_bytes(const unsigned char *p, size_t n)
{
	static const char hexdig[] = "0123456789abcdef";
	char buf[2 * sizeof(struct sockaddr_storage) + 1];
	size_t o = 0;
	for (size_t k = 0; k < n && o + 2 < sizeof(buf); k++) {
		buf[o++] = hexdig[p[k] >> 4];
		buf[o++] = hexdig[p[k] & 0xf];
	}
	buf[o] = '\0';
	return json_object_new_string(buf);
}

static void sockaddr_inet(json_object *o, const struct sockaddr_storage *ss, size_t len)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
	char addr[INET_ADDRSTRLEN];
	if (len < offsetof(struct sockaddr_in, sin_zero)) {
		json_object_object_add(o, "raw",
				       sockaddr_hex_bytes((const unsigned char *)ss + 2, len - 2));
		return;
	}
	inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof(addr));
	json_object_object_add(o, "addr", json_object_new_string(addr));
	json_object_object_add(o, "port", json_object_new_int(ntohs(sin->sin_port)));
}

static void sockaddr_inet6(json_object *o, const struct sockaddr_storage *ss, size_t len)
{
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;
	char addr[INET6_ADDRSTRLEN];
	/* The kernel accepts the RFC 2133 size, without sin6_scope_id. */
	if (len < offsetof(struct sockaddr_in6, sin6_scope_id)) {
		json_object_object_add(o, "raw",
				       sockaddr_hex_bytes((const unsigned char *)ss + 2, len - 2));
		return;
	}
	inet_ntop(AF_INET6, &sin6->sin6_addr, addr, sizeof(addr));
	json_object_object_add(o, "addr", json_object_new_string(addr));
	json_object_object_add(o, "port", json_object_new_int(ntohs(sin6->sin6_port)));
	if (sin6->sin6_flowinfo)
		json_object_object_add(o, "flowinfo",
				       json_object_new_int64(ntohl(sin6->sin6_flowinfo)));
	if (len >= sizeof(*sin6) && sin6->sin6_scope_id)
		json_object_object_add(o, "scope_id", json_object_new_int64(sin6->sin6_scope_id));
}

static void sockaddr_unix(json_object *o, const struct sockaddr_storage *ss, size_t len)
{
	const struct sockaddr_un *sun = (const struct sockaddr_un *)ss;
	size_t off = offsetof(struct sockaddr_un, sun_path);
	size_t plen = len - off;

	if (plen > sizeof(sun->sun_path))
		plen = sizeof(sun->sun_path);
	if (plen == 0)
		return; /* unnamed */
	const unsigned char *p = (const unsigned char *)sun->sun_path;
	if (p[0] == '\0') {
		json_object_object_add(o, "abstract",
				       decode_bytes(p + 1, plen - 1, plen, plen - 1));
		return;
	}
	const unsigned char *nul = memchr(p, '\0', plen);
	if (nul)
		plen = (size_t)(nul - p);
	json_object_object_add(o, "path", decode_bytes(p, plen, plen, plen));
}

static void sockaddr_netlink(json_object *o, const struct sockaddr_storage *ss, size_t len)
{
	const struct sockaddr_nl *nl = (const struct sockaddr_nl *)ss;
	if (len < sizeof(*nl)) {
		json_object_object_add(o, "raw",
				       sockaddr_hex_bytes((const unsigned char *)ss + 2, len - 2));
		return;
	}
	json_object_object_add(o, "nl_pid", json_object_new_int64(nl->nl_pid));
	json_object_object_add(o, "nl_groups", json_object_new_int64(nl->nl_groups));
}

static void sockaddr_packet(json_object *o, const struct sockaddr_storage *ss, size_t len)
{
	const struct sockaddr_ll *ll = (const struct sockaddr_ll *)ss;
	if (len < offsetof(struct sockaddr_ll, sll_addr)) {
		json_object_object_add(o, "raw",
				       sockaddr_hex_bytes((const unsigned char *)ss + 2, len - 2));
		return;
	}
	json_object_object_add(o, "protocol", json_object_new_int(ntohs(ll->sll_protocol)));
	json_object_object_add(o, "ifindex", json_object_new_int(ll->sll_ifindex));
	json_object_object_add(o, "hatype", json_object_new_int(ll->sll_hatype));
	json_object_object_add(o, "pkttype", json_object_new_int(ll->sll_pkttype));

	size_t alen = ll->sll_halen;
	size_t avail = len - offsetof(struct sockaddr_ll, sll_addr);
	if (alen > avail)
		alen = avail;
	if (alen > sizeof(ll->sll_addr))
		alen = sizeof(ll->sll_addr);
	if (alen) {
		char buf[3 * sizeof(ll->sll_addr)];
		size_t w = 0;
		for (size_t k = 0; k < alen; k++)
			w += (size_t)snprintf(buf + w, sizeof(buf) - w, k ? ":%02x" : "%02x",
					      ll->sll_addr[k]);
		json_object_object_add(o, "addr", json_object_new_string(buf));
	}
}

json_object *decode_sockaddr_bytes(const void *buf, size_t len)
{
	struct sockaddr_storage ss;
	sa_family_t family;

	if (!buf)
		return NULL;
	if (len > sizeof(ss))
		len = sizeof(ss);
	memset(&ss, 0, sizeof(ss));
	memcpy(&ss, buf, len);

	json_object *o = json_object_new_object();
	if (!o)
		return NULL;
	if (len < sizeof(family)) {
		json_object_object_add(o, "raw", sockaddr_hex_bytes(buf, len));
		return o;
	}
	family = ss.ss_family;
	const char *fname = xlat_name(XLAT_ADDRESS_FAMILIES, family);
	json_object_object_add(o, "family",
			       fname ? json_object_new_string(fname) : json_object_new_int(family));

	switch (family) {
	case AF_INET:
		sockaddr_inet(o, &ss, len);
		break;
	case AF_INET6:
		sockaddr_inet6(o, &ss, len);
		break;
	case AF_UNIX:
		sockaddr_unix(o, &ss, len);
		break;
	case AF_NETLINK:
		sockaddr_netlink(o, &ss, len);
		break;
	case AF_PACKET:
		sockaddr_packet(o, &ss, len);
		break;
	default:
		if (len > sizeof(family))
			json_object_object_add(
				o, "raw",
				sockaddr_hex_bytes((const unsigned char *)&ss + sizeof(family),
						   len - sizeof(family)));
		break;
	}
	return o;
}

json_object *decode_sockaddr_at(const struct decode_ctx *ctx, uint64_t addr, uint64_t len)
{
	struct sockaddr_storage ss;

	if (addr == 0)
		return NULL;
	if (len > sizeof(ss))
		len = sizeof(ss);
	if (len == 0)
		return json_object_new_object();
	ssize_t n = decode_read_mem(ctx->pid, addr, &ss, (size_t)len);
	if (n <= 0)
		return decode_mem_error(addr, n < 0 ? n : -EFAULT);
	return decode_sockaddr_bytes(&ss, (size_t)n);
}

/* The length is the next argument (bind, connect, sendto). */
json_object *decode_type_sockaddr(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				  unsigned i)
{
	uint64_t len = i + 1 < SYSCALL_MAX_ARGS ? (uint32_t)ctx->args[i + 1] : 0;
	return decode_sockaddr_at(ctx, ctx->args[i], len);
}

/* The next argument points to the socklen_t the kernel updated (accept,
 * getsockname, recvfrom).  Only a successful call wrote anything. */
json_object *decode_type_osockaddr(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				   unsigned i)
{
	uint64_t addr = ctx->args[i];
	uint64_t lenp = i + 1 < SYSCALL_MAX_ARGS ? ctx->args[i + 1] : 0;
	uint32_t len = 0;

	if (addr == 0)
		return NULL;
	if (ctx->ret < 0 || lenp == 0)
		return decode_ptr_value(addr);
	ssize_t n = decode_read_mem(ctx->pid, lenp, &len, sizeof(len));
	if (n != (ssize_t)sizeof(len))
		return decode_mem_error(lenp, n < 0 ? n : -EFAULT);
	return decode_sockaddr_at(ctx, addr, len);
}
