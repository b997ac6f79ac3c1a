/* rv3-unix: MODE TARGET
 *   stream PATH   connect(AF_UNIX stream) to PATH, send "hi"
 *   dgram PATH    sendto(AF_UNIX dgram) to PATH
 *   abs NAME      connect to the abstract stream socket NAME
 *   absd NAME     sendto the abstract dgram socket NAME
 *   scm FD        recvmsg an SCM_RIGHTS fd on FD, then write "hi" to it */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(int argc, char **argv)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	socklen_t len = sizeof(sa);
	int s, r;
	if (argc != 3) return 2;
	if (!strcmp(argv[1], "abs") || !strcmp(argv[1], "absd")) {
		strncpy(sa.sun_path + 1, argv[2], sizeof(sa.sun_path) - 2);
		len = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(argv[2]);
	} else
		strncpy(sa.sun_path, argv[2], sizeof(sa.sun_path) - 1);
	if (!strcmp(argv[1], "stream") || !strcmp(argv[1], "abs")) {
		s = socket(AF_UNIX, SOCK_STREAM, 0);
		r = connect(s, (struct sockaddr *)&sa, len);
		printf("connect = %d %s\n", r, r < 0 ? strerrorname_np(errno) : "");
		if (r == 0) printf("send = %zd\n", send(s, "hi", 2, 0));
	} else if (!strcmp(argv[1], "dgram") || !strcmp(argv[1], "absd")) {
		s = socket(AF_UNIX, SOCK_DGRAM, 0);
		ssize_t n = sendto(s, "hi", 2, 0, (struct sockaddr *)&sa, len);
		printf("sendto = %zd %s\n", n, n < 0 ? strerrorname_np(errno) : "");
	} else if (!strcmp(argv[1], "scm")) {
		char buf[1], c[CMSG_SPACE(sizeof(int))];
		struct iovec iov = {buf, 1};
		struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = c, .msg_controllen = sizeof(c)};
		ssize_t n = recvmsg(atoi(argv[2]), &m, 0);
		struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
		printf("recvmsg = %zd %s\n", n, n < 0 ? strerrorname_np(errno) : "");
		if (cm && cm->cmsg_type == SCM_RIGHTS) {
			int fd; memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
			printf("got fd %d, write = %zd\n", fd, write(fd, "hi", 2));
		}
	}
	return 0;
}
