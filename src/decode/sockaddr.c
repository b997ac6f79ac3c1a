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
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/xattr.h>

#include <jtrace/util.h>

static struct jv *sockaddr_hex_bytes(const unsigned char *p, size_t n)
{
	static const char hexdig[] = "0123456789abcdef";
	char buf[2 * sizeof(struct sockaddr_storage) + 1];
	size_t o = 0;
	for (size_t k = 0; k < n && o + 2 < sizeof(buf); k++) {
		buf[o++] = hexdig[p[k] >> 4];
		buf[o++] = hexdig[p[k] & 0xf];
	}
	buf[o] = '\0';
	return jv_str(buf);
}

static void sockaddr_inet(struct jv *o, const struct sockaddr_storage *ss, size_t len)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
	char addr[INET_ADDRSTRLEN];
	if (len < offsetof(struct sockaddr_in, sin_zero)) {
		jv_add(o, "raw", sockaddr_hex_bytes((const unsigned char *)ss + 2, len - 2));
		return;
	}
	inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof(addr));
	jv_add(o, "addr", jv_str(addr));
	jv_add(o, "port", jv_int(ntohs(sin->sin_port)));
}

static void sockaddr_inet6(struct jv *o, const struct sockaddr_storage *ss, size_t len)
{
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;
	char addr[INET6_ADDRSTRLEN];
	/* The kernel accepts the RFC 2133 size, without sin6_scope_id. */
	if (len < offsetof(struct sockaddr_in6, sin6_scope_id)) {
		jv_add(o, "raw", sockaddr_hex_bytes((const unsigned char *)ss + 2, len - 2));
		return;
	}
	inet_ntop(AF_INET6, &sin6->sin6_addr, addr, sizeof(addr));
	jv_add(o, "addr", jv_str(addr));
	jv_add(o, "port", jv_int(ntohs(sin6->sin6_port)));
	if (sin6->sin6_flowinfo)
		jv_add(o, "flowinfo", jv_int(ntohl(sin6->sin6_flowinfo)));
	if (len >= sizeof(*sin6) && sin6->sin6_scope_id)
		jv_add(o, "scope_id", jv_int(sin6->sin6_scope_id));
}

static void sockaddr_unix(struct jv *o, const struct sockaddr_storage *ss, size_t len)
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
		jv_add(o, "abstract", decode_bytes(p + 1, plen - 1, plen, plen - 1));
		return;
	}
	const unsigned char *nul = memchr(p, '\0', plen);
	if (nul)
		plen = (size_t)(nul - p);
	jv_add(o, "path", decode_bytes(p, plen, plen, plen));
}

static void sockaddr_netlink(struct jv *o, const struct sockaddr_storage *ss, size_t len)
{
	const struct sockaddr_nl *nl = (const struct sockaddr_nl *)ss;
	if (len < sizeof(*nl)) {
		jv_add(o, "raw", sockaddr_hex_bytes((const unsigned char *)ss + 2, len - 2));
		return;
	}
	jv_add(o, "nl_pid", jv_int(nl->nl_pid));
	jv_add(o, "nl_groups", jv_int(nl->nl_groups));
}

static void sockaddr_packet(struct jv *o, const struct sockaddr_storage *ss, size_t len)
{
	const struct sockaddr_ll *ll = (const struct sockaddr_ll *)ss;
	if (len < offsetof(struct sockaddr_ll, sll_addr)) {
		jv_add(o, "raw", sockaddr_hex_bytes((const unsigned char *)ss + 2, len - 2));
		return;
	}
	jv_add(o, "protocol", jv_int(ntohs(ll->sll_protocol)));
	jv_add(o, "ifindex", jv_int(ll->sll_ifindex));
	jv_add(o, "hatype", jv_int(ll->sll_hatype));
	jv_add(o, "pkttype", jv_int(ll->sll_pkttype));

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
		jv_add(o, "addr", jv_str(buf));
	}
}

struct jv *decode_sockaddr_bytes(const void *buf, size_t len)
{
	struct sockaddr_storage ss;
	sa_family_t family;

	if (!buf)
		return NULL;
	if (len > sizeof(ss))
		len = sizeof(ss);
	memset(&ss, 0, sizeof(ss));
	memcpy(&ss, buf, len);

	struct jv *o = jv_tagged(jv_object(), JV_TAG_SOCKADDR);
	if (!o)
		return NULL;
	if (len < sizeof(family)) {
		jv_add(o, "raw", sockaddr_hex_bytes(buf, len));
		return o;
	}
	family = ss.ss_family;
	const char *fname = xlat_name(XLAT_ADDRESS_FAMILIES, family);
	jv_add(o, "family", fname ? decode_symbol(fname) : jv_int(family));

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
			jv_add(o, "raw",
			       sockaddr_hex_bytes((const unsigned char *)&ss + sizeof(family),
						  len - sizeof(family)));
		break;
	}
	return o;
}

struct jv *decode_sockaddr_at(const struct decode_ctx *ctx, uint64_t addr, uint64_t len)
{
	struct sockaddr_storage ss;

	if (addr == 0)
		return NULL;
	if (len > sizeof(ss))
		len = sizeof(ss);
	if (len == 0)
		return jv_tagged(jv_object(), JV_TAG_SOCKADDR);
	ssize_t n = tmem_read_some(ctx->pid, addr, &ss, (size_t)len);
	if (n < 0)
		return decode_mem_error(addr, n);
	return decode_sockaddr_bytes(&ss, (size_t)n);
}

/* The length is the next argument (bind, connect, sendto). */
struct jv *decode_type_sockaddr(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				unsigned i)
{
	uint64_t len = i + 1 < SYSCALL_MAX_ARGS ? (uint32_t)ctx->args[i + 1] : 0;
	return decode_sockaddr_at(ctx, ctx->args[i], len);
}

/* The next argument points to the socklen_t the kernel updated (accept,
 * getsockname, recvfrom).  Only a successful call wrote anything. */
struct jv *decode_type_osockaddr(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				 unsigned i)
{
	uint64_t addr = ctx->args[i];
	uint64_t lenp = i + 1 < SYSCALL_MAX_ARGS ? ctx->args[i + 1] : 0;
	uint32_t len = 0;

	if (addr == 0)
		return NULL;
	if (lenp == 0)
		return decode_ptr_value(addr);
	int r = tmem_read_exact(ctx->pid, lenp, &len, sizeof(len));
	if (r < 0)
		return decode_mem_error(lenp, r);
	return decode_sockaddr_at(ctx, addr, len);
}

/* -y: what a socket fd is connected to, looked up by inode in the tables
 * of the tracee's network namespace (/proc/PID/net/...), as strace -yy
 * shows it: "socket":{"proto":"TCP","local":{"addr":..,"port":..},
 * "peer":{...}} (no peer while unconnected), or {"proto":"UNIX",
 * "path" | "abstract":...}; a socket no table lists (unbound) is {"proto":"TCP"}. */
static const struct {
	const char *file, *proto;
	int family;
} sockaddr_proc_tables[] = {
	{"tcp", "TCP", AF_INET},     {"tcp6", "TCPv6", AF_INET6}, {"udp", "UDP", AF_INET},
	{"udp6", "UDPv6", AF_INET6}, {"unix", "UNIX", AF_UNIX},
};

/* "0100007F:1F90" (the address as the kernel's %08X of the network-order
 * word(s), the port in host order) -> {"addr":..., "port":...}. */
static struct jv *sockaddr_proc_endpoint(const char *s, int family)
{
	unsigned char a[16];
	size_t words = family == AF_INET6 ? 4 : 1;
	char txt[INET6_ADDRSTRLEN];
	unsigned port = 0;

	for (size_t k = 0; k < words; k++) {
		char hex[9];
		char *end = NULL;
		memcpy(hex, s + 8 * k, 8);
		hex[8] = '\0';
		uint32_t w = (uint32_t)strtoul(hex, &end, 16);
		if (end != hex + 8)
			return NULL;
		memcpy(a + 4 * k, &w, sizeof(w));
	}
	if (s[8 * words] != ':' || sscanf(s + 8 * words + 1, "%x", &port) != 1)
		return NULL;
	if (!inet_ntop(family, a, txt, sizeof(txt)))
		return NULL;
	struct jv *o = jv_object();
	if (!o)
		return NULL;
	jv_add(o, "addr", jv_str(txt));
	jv_add(o, "port", jv_int((int)port));
	return o;
}

static bool sockaddr_proc_unspecified(const char *s)
{
	for (; *s && *s != ':'; s++)
		if (*s != '0')
			return false;
	return *s == ':' && strtoul(s + 1, NULL, 16) == 0;
}

static struct jv *sockaddr_proc_line(char *line, int family, const char *proto,
				     unsigned long long inode)
{
	char *fields[12] = {0};
	size_t nf = 0;
	char *save = NULL;

	for (char *t = strtok_r(line, " \t\n", &save); t && nf < JT_ARRAY_SIZE(fields);
	     t = strtok_r(NULL, " \t\n", &save))
		fields[nf++] = t;
	if (family == AF_UNIX) {
		/* Num RefCount Protocol Flags Type St Inode [Path] */
		if (nf < 7 || strtoull(fields[6], NULL, 10) != inode)
			return NULL;
		struct jv *o = jv_object();
		if (o)
			jv_add(o, "proto", jv_str(proto));
		/* The table writes an abstract name as @name. */
		if (o && nf >= 8 && fields[7][0] == '@')
			jv_add(o, "abstract", jv_str(fields[7] + 1));
		else if (o && nf >= 8)
			jv_add(o, "path", jv_str(fields[7]));
		return o;
	}
	/* sl local rem st queues tr retrnsmt uid timeout inode */
	if (nf < 10 || strtoull(fields[9], NULL, 10) != inode)
		return NULL;
	struct jv *o = jv_object();
	if (!o)
		return NULL;
	jv_add(o, "proto", jv_str(proto));
	struct jv *local = sockaddr_proc_endpoint(fields[1], family);
	if (local)
		jv_add(o, "local", local);
	if (!sockaddr_proc_unspecified(fields[2])) {
		struct jv *peer = sockaddr_proc_endpoint(fields[2], family);
		if (peer)
			jv_add(o, "peer", peer);
	}
	return o;
}

void decode_socket_info(pid_t pid, int fd, unsigned long long inode, struct jv *fdobj)
{
	char path[64], line[512], proto[32];

	/* The socket's protocol name, as strace finds it: it says which one
	 * table to read, and names sockets the tables do not list (not yet
	 * bound, or of another family). */
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
	ssize_t plen = getxattr(path, "system.sockprotoname", proto, sizeof(proto) - 1);
	if (plen <= 0)
		return;
	proto[plen] = '\0';
	for (size_t t = 0; t < JT_ARRAY_SIZE(sockaddr_proc_tables); t++) {
		/* AF_UNIX sockets name themselves UNIX-STREAM, UNIX-DGRAM... */
		if (strcmp(proto, sockaddr_proc_tables[t].proto) != 0 &&
		    !(sockaddr_proc_tables[t].family == AF_UNIX && strncmp(proto, "UNIX", 4) == 0))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/net/%s", (int)pid,
			 sockaddr_proc_tables[t].file);
		cleanup_file FILE *f = fopen(path, "re");
		if (!f || !fgets(line, sizeof(line), f)) /* the header */
			break;
		while (fgets(line, sizeof(line), f)) {
			struct jv *o = sockaddr_proc_line(line, sockaddr_proc_tables[t].family,
							  proto, inode);
			if (!o)
				continue;
			jv_add(fdobj, "socket", o);
			return;
		}
		break;
	}
	struct jv *o = jv_object();
	if (!o)
		return;
	jv_add(o, "proto", jv_str(proto));
	jv_add(fdobj, "socket", o);
}
