/* atk-floor-listener: the program asks for a seccomp user-notification
 * listener with the operation's upper 32 bits set,
 * seccomp(0x100000001, SECCOMP_FILTER_FLAG_NEW_LISTENER, prog): the kernel
 * reads an unsigned int, so this is SECCOMP_SET_MODE_FILTER (issue 19,
 * item 1).  Its filter sends socket, execve and creat to a supervisor
 * thread that answers SECCOMP_USER_NOTIF_FLAG_CONTINUE; USER_NOTIF
 * outranks TRACE, so if the listener is installed those calls never stop
 * in the tracer.  Then, by MODE:
 *   net     socket(AF_INET, SOCK_STREAM, 0)
 *   exec    execve("/bin/true")
 *   creat   creat(PATH, 0644) (PATH outside /tmp: read-only-fs denies it)
 *   none    nothing more
 *
 * Usage: atk-floor-listener MODE [PATH]
 *
 * Prints "install = RET ERRNO" and "MODE = RET ERRNO" (exec: only when
 * execve returned); exits 0.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static int listener = -1;

static void report(const char *name, long r)
{
	printf("%s = %ld %s\n", name, r, r < 0 ? strerrorname_np(errno) : "");
	fflush(stdout);
}

static void *supervisor(void *arg)
{
	(void)arg;
	for (;;) {
		struct seccomp_notif req;
		struct seccomp_notif_resp resp;

		memset(&req, 0, sizeof(req));
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
			if (errno == EINTR || errno == ENOENT)
				continue;
			return NULL;
		}
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		(void)ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
}

int main(int argc, char **argv)
{
	struct sock_filter notify[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_execve, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_creat, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
	};
	struct sock_fprog prog = {.len = sizeof(notify) / sizeof(notify[0]), .filter = notify};
	const char *mode = argc >= 2 ? argv[1] : "";
	pthread_t th;
	long r = 0;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		err(1, "PR_SET_NO_NEW_PRIVS");
	r = syscall(SYS_seccomp, 0x100000000UL | SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	report("install", r);
	if (r >= 0) {
		listener = (int)r;
		if (pthread_create(&th, NULL, supervisor, NULL) != 0)
			errx(1, "pthread_create");
	}
	if (strcmp(mode, "net") == 0) {
		report("net", syscall(SYS_socket, AF_INET, SOCK_STREAM, 0));
	} else if (strcmp(mode, "exec") == 0) {
		char *const args[] = {"/bin/true", NULL};

		report("exec", syscall(SYS_execve, "/bin/true", args, NULL));
	} else if (strcmp(mode, "creat") == 0 && argc == 3) {
		report("creat", syscall(SYS_creat, argv[2], 0644));
	} else if (strcmp(mode, "none") != 0) {
		errx(2, "usage: atk-floor-listener net|exec|creat PATH|none");
	}
	return 0;
}
