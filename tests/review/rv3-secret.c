/* rv3-secret: memory arguments in memfd_secret pages (issue 19 item 19).
 *   rv3-secret MODE [ARG]
 * connect|sendto|bind|sendmsg|sendmsg-hdr|sendmmsg IP PORT: the sockaddr
 *   (sendmsg-hdr: the whole msghdr, sendmmsg: the mmsghdr array) is secret
 * open|unlink|mkdir PATH, rename OLD NEW (NEW secret), link OLD NEW,
 * symlink TARGET LINK (LINK secret), bindu PATH (AF_UNIX sockaddr secret) */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#define P(name, r) printf("%s = %ld %s\n", name, (long)(r), (r) < 0 ? strerrorname_np(errno) : "")

int main(int argc, char **argv)
{
	int fd = syscall(447, 0);
	if (fd < 0 || ftruncate(fd, 4096) < 0) { printf("memfd_secret: %s\n", strerrorname_np(errno)); return 77; }
	char *sec = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (sec == MAP_FAILED) { printf("mmap: %s\n", strerrorname_np(errno)); return 77; }
	const char *m = argv[1];
	if (argc == 4 && strcmp(m, "rename") && strcmp(m, "link") && strcmp(m, "symlink")) {
		struct sockaddr_in *sa = (void *)sec;
		sa->sin_family = AF_INET; sa->sin_port = htons(atoi(argv[3]));
		inet_pton(AF_INET, argv[2], &sa->sin_addr);
		int udp = !strncmp(m, "send", 4);
		int s = socket(AF_INET, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK, 0);
		struct iovec iov = {"hi", 2};
		if (!strcmp(m, "connect")) P("connect", connect(s, (void *)sa, sizeof(*sa)));
		else if (!strcmp(m, "bind")) P("bind", bind(s, (void *)sa, sizeof(*sa)));
		else if (!strcmp(m, "sendto")) P("sendto", sendto(s, "hi", 2, 0, (void *)sa, sizeof(*sa)));
		else if (!strcmp(m, "sendmsg")) {
			struct msghdr h = {.msg_name = sa, .msg_namelen = sizeof(*sa), .msg_iov = &iov, .msg_iovlen = 1};
			P("sendmsg", sendmsg(s, &h, 0));
		} else if (!strcmp(m, "sendmsg-hdr")) {
			struct sockaddr_in *sa2 = (void *)(sec + 512);
			*sa2 = *sa;
			struct msghdr *h = (void *)(sec + 1024);
			struct iovec *io = (void *)(sec + 2048);
			*io = iov;
			*h = (struct msghdr){.msg_name = sa2, .msg_namelen = sizeof(*sa2), .msg_iov = io, .msg_iovlen = 1};
			P("sendmsg-hdr", sendmsg(s, h, 0));
		} else if (!strcmp(m, "sendmmsg")) {
			struct mmsghdr *mm = (void *)(sec + 1024);
			struct iovec *io = (void *)(sec + 2048);
			*io = iov;
			memset(mm, 0, sizeof(*mm));
			mm->msg_hdr = (struct msghdr){.msg_name = sa, .msg_namelen = sizeof(*sa), .msg_iov = io, .msg_iovlen = 1};
			P("sendmmsg", sendmmsg(s, mm, 1, 0));
		}
		return 0;
	}
	if (argc == 4) {
		strcpy(sec, argv[3]);
		if (!strcmp(m, "rename")) P("rename", rename(argv[2], sec));
		else if (!strcmp(m, "link")) P("link", link(argv[2], sec));
		else P("symlink", symlink(argv[2], sec));
		return 0;
	}
	if (!strcmp(m, "bindu")) {
		struct sockaddr_un *su = (void *)sec;
		su->sun_family = AF_UNIX; strcpy(su->sun_path, argv[2]);
		int s = socket(AF_UNIX, SOCK_STREAM, 0);
		P("bindu", bind(s, (void *)su, sizeof(*su)));
		return 0;
	}
	strcpy(sec, argv[2]);
	if (!strcmp(m, "open")) P("open", openat(AT_FDCWD, sec, O_WRONLY | O_CREAT, 0644));
	else if (!strcmp(m, "unlink")) P("unlink", unlinkat(AT_FDCWD, sec, 0));
	else if (!strcmp(m, "mkdir")) P("mkdir", mkdir(sec, 0755));
	return 0;
}
