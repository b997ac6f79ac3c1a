/* ns-netlink: bringing up the loopback interface of a new network namespace
 * over rtnetlink, without an external `ip` binary (bubblewrap's
 * network.c does the same).  Child side: no stdio, no allocation. */
#include <jtrace/ns.h>
#include <jtrace/util.h>

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

struct nl_req {
	struct nlmsghdr nh;
	union {
		struct ifinfomsg ifi;
		struct ifaddrmsg ifa;
	};
	char attrs[64];
};

static void nl_add_attr(struct nl_req *req, unsigned short type, const void *data,
			unsigned short len)
{
	struct rtattr *rta = (struct rtattr *)((char *)req + NLMSG_ALIGN(req->nh.nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	req->nh.nlmsg_len = NLMSG_ALIGN(req->nh.nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

/* Send one request and wait for its ACK; returns the kernel's verdict
 * (0 or -errno). */
static int nl_transact(int fd, struct nl_req *req)
{
	static unsigned seq;
	struct sockaddr_nl dst = {.nl_family = AF_NETLINK};
	char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));

	req->nh.nlmsg_seq = ++seq;
	req->nh.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	if (sendto(fd, req, req->nh.nlmsg_len, 0, (struct sockaddr *)&dst, sizeof(dst)) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		size_t left = 0;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		left = (size_t)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, left);
		     h = NLMSG_NEXT(h, left)) {
			const struct nlmsgerr *e = NLMSG_DATA(h);

			if (h->nlmsg_seq != req->nh.nlmsg_seq)
				continue;
			if (h->nlmsg_type != NLMSG_ERROR)
				continue;
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
				return -EBADMSG;
			return e->error; /* 0 is the ACK */
		}
	}
}

static int nl_add_addr(int fd, unsigned ifindex, int family, const void *addr,
		       unsigned short addrlen, unsigned char prefix)
{
	struct nl_req req;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg));
	req.nh.nlmsg_type = RTM_NEWADDR;
	req.nh.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	req.ifa.ifa_family = (unsigned char)family;
	req.ifa.ifa_prefixlen = prefix;
	req.ifa.ifa_flags = family == AF_INET6 ? IFA_F_NODAD : 0;
	req.ifa.ifa_scope = RT_SCOPE_HOST;
	req.ifa.ifa_index = ifindex;
	nl_add_attr(&req, IFA_LOCAL, addr, addrlen);
	nl_add_attr(&req, IFA_ADDRESS, addr, addrlen);
	return nl_transact(fd, &req);
}

int ns_loopback_up(const char **ret_what)
{
	struct sockaddr_nl local = {.nl_family = AF_NETLINK};
	struct in_addr v4 = {.s_addr = htonl(INADDR_LOOPBACK)};
	struct in6_addr v6 = IN6ADDR_LOOPBACK_INIT;
	struct nl_req req;
	cleanup_fd int fd = -1;
	unsigned ifindex = 0;
	int r = 0;

	ifindex = if_nametoindex("lo");
	if (ifindex == 0) {
		*ret_what = "loopback: no interface \"lo\"";
		return -errno;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0) {
		*ret_what = "loopback: rtnetlink socket";
		return -errno;
	}
	if (bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0) {
		*ret_what = "loopback: bind rtnetlink socket";
		return -errno;
	}

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.nh.nlmsg_type = RTM_NEWLINK;
	req.ifi.ifi_family = AF_UNSPEC;
	req.ifi.ifi_index = (int)ifindex;
	req.ifi.ifi_flags = IFF_UP;
	req.ifi.ifi_change = IFF_UP;
	r = nl_transact(fd, &req);
	if (r < 0) {
		*ret_what = "loopback: set lo up (RTM_NEWLINK)";
		return r;
	}

	/* Current kernels give lo 127.0.0.1/8 and ::1 when it comes up, so
	 * EEXIST is the expected answer; older ones or odd configurations may
	 * not, and then these add them. */
	r = nl_add_addr(fd, ifindex, AF_INET, &v4, sizeof(v4), 8);
	if (r < 0 && r != -EEXIST) {
		*ret_what = "loopback: add 127.0.0.1/8 (RTM_NEWADDR)";
		return r;
	}
	r = nl_add_addr(fd, ifindex, AF_INET6, &v6, sizeof(v6), 128);
	/* IPv6 off (ipv6.disable=1 gives EAFNOSUPPORT, disable_ipv6=1 gives
	 * EACCES) is not an error: there is simply no ::1, as on the host. */
	if (r < 0 && r != -EEXIST && r != -EAFNOSUPPORT && r != -EACCES && r != -EPROTONOSUPPORT) {
		*ret_what = "loopback: add ::1/128 (RTM_NEWADDR)";
		return r;
	}
	return 0;
}
