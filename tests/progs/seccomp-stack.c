/* seccomp-stack: a traced program installs a seccomp filter of its own to
 * get around the tracer's, then calls mkdir(DIR):
 *   prctl     prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER) with allow-all
 *   seccomp   seccomp(SECCOMP_SET_MODE_FILTER, 0) with allow-all
 *   notify    seccomp(SECCOMP_SET_MODE_FILTER, NEW_LISTENER) with a filter
 *             that sends mkdir to a user-space supervisor (a thread of this
 *             program), which answers SECCOMP_USER_NOTIF_FLAG_CONTINUE: in
 *             the kernel's precedence USER_NOTIF beats TRACE, so unless the
 *             tracer prevents it, mkdir runs without ever stopping.
 * With a policy that denies mkdir, the mkdir must still fail and be logged.
 *
 * Usage: seccomp-stack MODE DIR
 *
 * Prints "install = RET ERRNO" (the filter's installation) and
 * "mkdir = RET ERRNO"; exits 0 whatever happened (the test judges).
 */
#include <err.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int listener = -1;

static void report(const char *name, long r)
{
	printf("%s = %ld %s\n", name, r, r < 0 ? strerrorname_np(errno) : "");
	fflush(stdout);
}

/* Answers one notification with "carry on as if nothing happened". */
static void *supervisor(void *arg)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	(void)arg;
	memset(&req, 0, sizeof(req));
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return NULL;
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	(void)ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	return NULL;
}

int main(int argc, char **argv)
{
	struct sock_filter allow_all[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_filter notify_mkdir[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mkdir, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {.len = 1, .filter = allow_all};
	const char *mode = argc == 3 ? argv[1] : "";
	pthread_t th;
	long r = 0;

	if (argc != 3)
		errx(2, "usage: seccomp-stack prctl|seccomp|notify DIR");
	/* Needed without CAP_SYS_ADMIN; jtrace-run sets it anyway. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		err(1, "PR_SET_NO_NEW_PRIVS");
	if (strcmp(mode, "prctl") == 0) {
		r = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
		report("install", r);
	} else if (strcmp(mode, "seccomp") == 0) {
		r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
		report("install", r);
	} else if (strcmp(mode, "notify") == 0) {
		prog.len = sizeof(notify_mkdir) / sizeof(notify_mkdir[0]);
		prog.filter = notify_mkdir;
		r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
			    &prog);
		report("install", r);
		if (r >= 0) {
			listener = (int)r;
			if (pthread_create(&th, NULL, supervisor, NULL) != 0)
				errx(1, "pthread_create");
		}
	} else {
		errx(2, "unknown mode: %s", mode);
	}
	report("mkdir", syscall(SYS_mkdir, argv[2], 0755));
	return 0;
}
