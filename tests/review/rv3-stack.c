/* rv3-stack: install a seccomp filter of the program's own returning
 * ACTION for syscall NR (or every call when NR is -1), then socket+connect
 * to 127.0.0.1:PORT and openat("/etc/rv3-stack", O_CREAT).
 *   rv3-stack ACTION NR PORT     ACTION: trace7 trap errno notif log */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static void on_sys(int s) { (void)s; write(1, "SIGSYS\n", 7); }

int main(int argc, char **argv)
{
	if (argc != 4) return 2;
	unsigned ret = 0;
	if (!strcmp(argv[1], "trace7")) ret = SECCOMP_RET_TRACE | 7;
	else if (!strcmp(argv[1], "trap")) ret = SECCOMP_RET_TRAP;
	else if (!strcmp(argv[1], "errno")) ret = SECCOMP_RET_ERRNO | 1;
	else if (!strcmp(argv[1], "notif")) ret = SECCOMP_RET_USER_NOTIF;
	else if (!strcmp(argv[1], "log")) ret = SECCOMP_RET_LOG;
	int nr = atoi(argv[2]);
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, ret),
		BPF_STMT(BPF_RET | BPF_K, nr == -1 ? ret : SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p = {4, f};
	signal(SIGSYS, on_sys);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	int r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p);
	printf("install = %d\n", r); fflush(stdout);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	printf("socket = %d %s\n", s, s < 0 ? strerrorname_np(errno) : "");
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[3]))};
	sa.sin_addr.s_addr = htonl(0x7f000001);
	r = connect(s, (struct sockaddr *)&sa, sizeof(sa));
	printf("connect = %d %s\n", r, r < 0 ? strerrorname_np(errno) : "");
	r = open("/etc/rv3-stack", O_WRONLY | O_CREAT, 0644);
	printf("open = %d %s\n", r, r < 0 ? strerrorname_np(errno) : "");
	fflush(stdout);
	return 0;
}
