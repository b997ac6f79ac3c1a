/* rv-atk: review variations of issue 19's attacks, one per MODE. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <pthread.h>
#include <unistd.h>

static long i386_call(long nr, long a, long b, long c, long d, long e)
{
	long ret;
	__asm__ volatile("push %%rbp\n\tint $0x80\n\tpop %%rbp"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

static void *low_page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (p == MAP_FAILED) { perror("mmap"); exit(1); }
	return p;
}

static void after(void)
{
	getsockname(-1, NULL, NULL);
	getsockname(-1, NULL, NULL);
	printf("after 2\n");
	fflush(stdout);
}

static pid_t seize_target;
static long seize_ret;
static void *tstop(void *a) { (void)a; seize_ret = syscall(SYS_ptrace, PTRACE_SEIZE, seize_target, 0, 0); if (seize_ret < 0) seize_ret = -errno; return NULL; }

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";
	pid_t pp = getppid();
	long r = 0;

	if (!strcmp(m, "i386-kill")) {
		r = i386_call(37, pp, SIGKILL, 0, 0, 0);
	} else if (!strcmp(m, "i386-tgkill")) {
		r = i386_call(270, pp, pp, SIGKILL, 0, 0);
	} else if (!strcmp(m, "x32-kill")) {
		r = syscall(0x40000000 | 62, pp, SIGKILL);
		if (r < 0) r = -errno;
	} else if (!strcmp(m, "i386-prlimit")) {
		struct { uint64_t c, m; } *l = low_page();
		l->c = l->m = 1;
		r = i386_call(340, pp, RLIMIT_FSIZE, (long)(uintptr_t)l, 0, 0);
	} else if (!strcmp(m, "i386-listener") || !strcmp(m, "x32-listener")) {
		struct sock_filter *f = low_page();
		struct { uint16_t len; uint16_t pad; uint32_t filter; } *p32 = (void *)((char *)f + 2048);
		f[0] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		p32->len = 1;
		p32->filter = (uint32_t)(uintptr_t)f;
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		if (m[0] == 'i') {
			r = i386_call(354, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, (long)(uintptr_t)p32, 0, 0);
		} else {
			struct sock_fprog prog = {.len = 1, .filter = f};
			r = syscall(0x40000000 | 317, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
			if (r < 0) r = -errno;
		}
	} else if (!strcmp(m, "i386-clone-untraced") || !strcmp(m, "clone-vfork-untraced") ||
		   !strcmp(m, "i386-ptrace-traceme")) {
		if (!strcmp(m, "i386-ptrace-traceme")) {
			r = i386_call(26, PTRACE_TRACEME, 0, 0, 0, 0);
		} else if (m[0] == 'i') {
			/* i386 clone(flags, newsp=0...) : fork-like */
			r = i386_call(120, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0);
		} else {
			r = syscall(SYS_clone, CLONE_UNTRACED | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
		}
		if (r == 0) {
			/* the child: a call the log must show */
			getsockname(-2, NULL, NULL);
			_exit(0);
		}
		if (r > 0)
			waitpid((pid_t)r, NULL, 0);
	} else if (!strcmp(m, "thread-seize")) {
		/* under a policy: a sibling thread seizes a forked child */
		pid_t c = fork();
		if (c == 0) { sleep(1); getsockname(-3, NULL, NULL); _exit(0); }
		pthread_t th;
		seize_target = c;
		pthread_create(&th, NULL, tstop, NULL);
		pthread_join(th, NULL);
		r = seize_ret;
		waitpid(c, NULL, 0);
	} else if (!strcmp(m, "tostop")) {
		/* become the terminal's foreground group and set TOSTOP: the
		 * tracer, now in a background group, stops on its next tty write */
		struct termios t;
		setpgid(0, 0);
		signal(SIGTTOU, SIG_IGN);
		r = tcsetpgrp(2, getpgrp());
		if (r == 0 && tcgetattr(2, &t) == 0) {
			t.c_lflag |= TOSTOP;
			r = tcsetattr(2, TCSANOW, &t);
		}
		if (r < 0) r = -errno;
		printf("%s = %ld\n", m, r);
		fflush(stdout);
		for (int i = 0; i < 5; i++)
			getsockname(-1, NULL, NULL);
		return 0;
	} else if (!strcmp(m, "task-mem")) {
		char p[64];
		snprintf(p, sizeof(p), "/proc/%d/task/%d/mem", pp, pp);
		int fd = open(p, O_RDWR);
		r = fd < 0 ? -errno : fd;
	} else if (!strcmp(m, "dotdot-mem")) {
		char p[64];
		snprintf(p, sizeof(p), "/proc/self/../%d/mem", pp);
		int fd = open(p, O_RDWR);
		r = fd < 0 ? -errno : fd;
	} else if (!strcmp(m, "tracer-fd")) {
		char p[64];
		snprintf(p, sizeof(p), "/proc/%d/fd/3", pp);
		int fd = open(p, O_RDWR);
		r = fd < 0 ? -errno : fd;
	} else {
		fprintf(stderr, "unknown mode %s\n", m);
		return 2;
	}
	if (r < 0 && r > -4096)
		printf("%s = -1 %s\n", m, strerror((int)-r));
	else
		printf("%s = %ld\n", m, r);
	fflush(stdout);
	after();
	return 0;
}
