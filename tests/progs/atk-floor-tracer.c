/* atk-floor-tracer: a traced program tries to kill, stop, limit, renice or
 * move its tracer (issue 19, items 12 and 4), one route per MODE, aimed at
 * its parent (jtrace-run itself, without --ns) or at TARGET:
 *   kill           kill(ppid, SIGKILL)
 *   kill-hibits    kill(ppid | 1 << 32, SIGKILL): the kernel reads a pid_t
 *   stop           kill(ppid, SIGSTOP)
 *   kill-group     kill(0, SIGKILL): the caller's process group
 *   kill-pgid      kill(-getpgid(ppid), SIGKILL)
 *   kill-all       kill(-1, SIGKILL): every process the caller may signal.
 *                  Run it only as a uid of its own: if it got out it would
 *                  kill every process of that uid
 *   kill-wait      kill(ppid, SIGKILL), then 10 s asleep after the report
 *                  (so that the tracer can be killed from outside meanwhile)
 *   tkill          tkill(ppid, SIGKILL)
 *   tgkill         tgkill(ppid, ppid, SIGKILL)
 *   sigqueue       rt_sigqueueinfo(ppid, SIGKILL, info)
 *   tgsigqueue     rt_tgsigqueueinfo(ppid, ppid, SIGKILL, info)
 *   pidfd-signal   pidfd_send_signal(open("/proc/PPID"), SIGKILL)
 *   pidfd-getfd    pidfd_getfd(open("/proc/PPID"), 0)
 *   pidfd-open     pidfd_open(ppid, 0)
 *   fsetown        fcntl(pipe, F_SETOWN, ppid) with F_SETSIG SIGKILL and
 *                  O_ASYNC, then a write to the pipe
 *   fsetown-ex     the same with F_SETOWN_EX {F_OWNER_PID, ppid}
 *   siocspgrp      a socketpair, ioctl(SIOCSPGRP, &ppid) with F_SETSIG
 *                  SIGKILL and O_ASYNC, then a write to the other end
 *   fsize          prlimit64(ppid, RLIMIT_FSIZE, {1, 1})
 *   nofile         prlimit64(ppid, RLIMIT_NOFILE, {0, 0})
 *   nice           setpriority(PRIO_PROCESS, ppid, 19)
 *   nice-group     setpriority(PRIO_PGRP, 0, 19)
 *   nice-user      setpriority(PRIO_USER, 0, 0): every process of the uid
 *   affinity       sched_setaffinity(ppid, {CPU 0})
 *   scheduler      sched_setscheduler(ppid, SCHED_IDLE)
 *   param          sched_setparam(ppid, {0})
 *   attr           sched_setattr(ppid, {SCHED_IDLE})
 *   ioprio         ioprio_set(IOPRIO_WHO_PROCESS, ppid, idle)
 *   ioprio-group   ioprio_set(IOPRIO_WHO_PGRP, 0, idle)
 *   setpgid-back   setpgid(0, 0), then setpgid(0, tracer's group)
 *   setpgid-child  a child leaves the group (setpgid(0, 0)); the parent,
 *                  still in it, moves the child back: setpgid(child, group)
 *   kcmp           kcmp(getpid(), ppid, KCMP_VM)
 *   robust         get_robust_list(ppid, &head, &len): an address in it
 * and then 2 getsockname(-1) calls, which the tracer must still log.
 *
 * Usage: atk-floor-tracer MODE [TARGET]
 *
 * Prints "MODE = RET ERRNO" (for setpgid-back: of the second call), then
 * "after 2"; exits 0.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

struct sched_attr_ {
	uint32_t size, policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime, deadline, period;
};

static void report(const char *name, long r)
{
	printf("%s = %ld %s\n", name, r, r < 0 ? strerrorname_np(errno) : "");
	fflush(stdout);
}

static int procfd(long pid)
{
	char path[64];
	int fd = -1;

	snprintf(path, sizeof(path), "/proc/%ld", pid);
	fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		err(1, "%s", path);
	return fd;
}

int main(int argc, char **argv)
{
	const char *mode = argc >= 2 ? argv[1] : "";
	long ppid = argc >= 3 ? strtol(argv[2], NULL, 10) : (long)getppid();
	long r = -1;
	siginfo_t si;
	struct rlimit64 {
		uint64_t cur, max;
	} lim = {1, 1};

	memset(&si, 0, sizeof(si));
	si.si_signo = SIGKILL;
	si.si_code = SI_QUEUE;
	if (strcmp(mode, "kill") == 0) {
		r = syscall(SYS_kill, ppid, SIGKILL);
	} else if (strcmp(mode, "kill-hibits") == 0) {
		r = syscall(SYS_kill, (1L << 32) | ppid, SIGKILL);
	} else if (strcmp(mode, "stop") == 0) {
		r = syscall(SYS_kill, ppid, SIGSTOP);
	} else if (strcmp(mode, "kill-group") == 0) {
		r = syscall(SYS_kill, 0, SIGKILL);
	} else if (strcmp(mode, "kill-pgid") == 0) {
		r = syscall(SYS_kill, -(long)getpgid((pid_t)ppid), SIGKILL);
	} else if (strcmp(mode, "kill-all") == 0) {
		r = syscall(SYS_kill, -1, SIGKILL);
	} else if (strcmp(mode, "kill-wait") == 0) {
		r = syscall(SYS_kill, ppid, SIGKILL);
	} else if (strcmp(mode, "tkill") == 0) {
		r = syscall(SYS_tkill, ppid, SIGKILL);
	} else if (strcmp(mode, "tgkill") == 0) {
		r = syscall(SYS_tgkill, ppid, ppid, SIGKILL);
	} else if (strcmp(mode, "sigqueue") == 0) {
		r = syscall(SYS_rt_sigqueueinfo, ppid, SIGKILL, &si);
	} else if (strcmp(mode, "tgsigqueue") == 0) {
		r = syscall(SYS_rt_tgsigqueueinfo, ppid, ppid, SIGKILL, &si);
	} else if (strcmp(mode, "pidfd-signal") == 0) {
		r = syscall(SYS_pidfd_send_signal, procfd(ppid), SIGKILL, NULL, 0);
	} else if (strcmp(mode, "pidfd-getfd") == 0) {
		r = syscall(SYS_pidfd_getfd, procfd(ppid), 0, 0);
	} else if (strcmp(mode, "pidfd-open") == 0) {
		r = syscall(SYS_pidfd_open, ppid, 0);
	} else if (strcmp(mode, "fsetown") == 0) {
		int p[2] = {-1, -1};

		if (pipe(p) < 0)
			err(1, "pipe");
		if (fcntl(p[0], F_SETSIG, SIGKILL) < 0 ||
		    fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_ASYNC) < 0)
			err(1, "fcntl");
		r = syscall(SYS_fcntl, p[0], F_SETOWN, ppid);
		if (write(p[1], "x", 1) != 1)
			err(1, "write");
	} else if (strcmp(mode, "fsetown-ex") == 0) {
		int p[2] = {-1, -1};
		struct f_owner_ex ex = {.type = F_OWNER_PID, .pid = (pid_t)ppid};

		if (pipe(p) < 0)
			err(1, "pipe");
		if (fcntl(p[0], F_SETSIG, SIGKILL) < 0 ||
		    fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_ASYNC) < 0)
			err(1, "fcntl");
		r = syscall(SYS_fcntl, p[0], F_SETOWN_EX, &ex);
		if (write(p[1], "x", 1) != 1)
			err(1, "write");
	} else if (strcmp(mode, "siocspgrp") == 0) {
		int s[2] = {-1, -1}, owner = (int)ppid;

		if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) < 0)
			err(1, "socketpair");
		if (fcntl(s[0], F_SETSIG, SIGKILL) < 0 ||
		    fcntl(s[0], F_SETFL, fcntl(s[0], F_GETFL) | O_ASYNC) < 0)
			err(1, "fcntl");
		r = syscall(SYS_ioctl, s[0], SIOCSPGRP, &owner);
		if (write(s[1], "x", 1) != 1)
			err(1, "write");
	} else if (strcmp(mode, "fsize") == 0) {
		r = syscall(SYS_prlimit64, ppid, RLIMIT_FSIZE, &lim, NULL);
	} else if (strcmp(mode, "nofile") == 0) {
		lim.cur = lim.max = 0;
		r = syscall(SYS_prlimit64, ppid, RLIMIT_NOFILE, &lim, NULL);
	} else if (strcmp(mode, "nice") == 0) {
		r = syscall(SYS_setpriority, PRIO_PROCESS, ppid, 19);
	} else if (strcmp(mode, "nice-group") == 0) {
		r = syscall(SYS_setpriority, PRIO_PGRP, 0, 19);
	} else if (strcmp(mode, "nice-user") == 0) {
		r = syscall(SYS_setpriority, PRIO_USER, 0, 0);
	} else if (strcmp(mode, "affinity") == 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(0, &set);
		r = syscall(SYS_sched_setaffinity, ppid, sizeof(set), &set);
	} else if (strcmp(mode, "scheduler") == 0) {
		struct sched_param sp = {.sched_priority = 0};

		r = syscall(SYS_sched_setscheduler, ppid, SCHED_IDLE, &sp);
	} else if (strcmp(mode, "param") == 0) {
		struct sched_param sp = {.sched_priority = 0};

		r = syscall(SYS_sched_setparam, ppid, &sp);
	} else if (strcmp(mode, "attr") == 0) {
		struct sched_attr_ sa = {.size = sizeof(sa), .policy = SCHED_IDLE};

		r = syscall(SYS_sched_setattr, ppid, &sa, 0);
	} else if (strcmp(mode, "ioprio") == 0) {
		r = syscall(SYS_ioprio_set, 1, ppid, 3 << 13);
	} else if (strcmp(mode, "ioprio-group") == 0) {
		r = syscall(SYS_ioprio_set, 2, 0, 3 << 13);
	} else if (strcmp(mode, "setpgid-back") == 0) {
		pid_t back = getpgid((pid_t)ppid);

		if (setpgid(0, 0) < 0)
			err(1, "setpgid(0, 0)");
		r = syscall(SYS_setpgid, 0, back);
	} else if (strcmp(mode, "setpgid-child") == 0) {
		pid_t back = getpgid((pid_t)ppid), child = -1;
		int p[2] = {-1, -1};
		char c = 0;

		if (pipe(p) < 0)
			err(1, "pipe");
		child = fork();
		if (child == 0) {
			if (setpgid(0, 0) < 0 || write(p[1], "x", 1) != 1)
				_exit(1);
			pause();
			_exit(0);
		}
		if (child < 0 || read(p[0], &c, 1) != 1)
			err(1, "fork");
		r = syscall(SYS_setpgid, child, back);
		kill(child, SIGKILL);
	} else if (strcmp(mode, "kcmp") == 0) {
		r = syscall(SYS_kcmp, getpid(), ppid, 1 /* KCMP_VM */, 0, 0);
	} else if (strcmp(mode, "robust") == 0) {
		void *head = NULL;
		size_t len = 0;

		r = syscall(SYS_get_robust_list, ppid, &head, &len);
	} else {
		errx(2, "unknown mode: %s", mode);
	}
	report(mode, r);
	if (strcmp(mode, "kill-wait") == 0)
		sleep(10);
	for (int i = 0; i < 2; i++)
		syscall(SYS_getsockname, -1, NULL, NULL);
	printf("after 2\n");
	return 0;
}
