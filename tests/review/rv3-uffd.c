/* rv3-uffd: the path of openat(O_CREAT) is on a userfaultfd page (root:
 * kernel faults are handled).  The handler serves "/tmp/rv3-uffd-ok" to any
 * fault from a task that is not this program's (the tracer's read), and
 * PATH to the program's own thread (the kernel's copy in the call); a
 * zapper drops the page every 200us until the program's own fault came.
 *   rv3-uffd PATH [hang]     hang: never serve the tracer's fault */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static int u; static char *p; static const char *path; static int hang;
static volatile int own_served, started; static pid_t main_tid;
static char src[4096] __attribute__((aligned(4096)));

static void *handler(void *a)
{
	(void)a;
	__sync_fetch_and_add(&started, 1);
	for (;;) {
		struct uffd_msg m;
		if (read(u, &m, sizeof(m)) != sizeof(m)) continue;
		if (m.event != UFFD_EVENT_PAGEFAULT) continue;
		pid_t who = m.arg.pagefault.feat.ptid;
		memset(src, 0, sizeof(src));
		if (who == main_tid) { strcpy(src, path); own_served = 1; }
		else { if (hang) { for (;;) pause(); } strcpy(src, "/tmp/rv3-uffd-ok"); }
		struct uffdio_copy c = {.dst = (unsigned long)p, .src = (unsigned long)src, .len = 4096};
		if (ioctl(u, UFFDIO_COPY, &c) < 0 && errno != EEXIST) perror("copy");
		fprintf(stderr, "served %s to %d\n", src, who);
	}
	return NULL;
}
static void *zapper(void *a)
{
	(void)a;
	__sync_fetch_and_add(&started, 1);
	while (!own_served) { usleep(200); if (!own_served) madvise(p, 4096, MADV_DONTNEED); }
	return NULL;
}
int main(int argc, char **argv)
{
	path = argv[1]; hang = argc > 2; main_tid = gettid();
	u = syscall(SYS_userfaultfd, O_CLOEXEC);
	if (u < 0) { perror("userfaultfd"); return 77; }
	struct uffdio_api api = {.api = UFFD_API, .features = UFFD_FEATURE_THREAD_ID};
	if (ioctl(u, UFFDIO_API, &api) < 0) { perror("api"); return 77; }
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct uffdio_register reg = {.range = {(unsigned long)p, 4096}, .mode = UFFDIO_REGISTER_MODE_MISSING};
	if (ioctl(u, UFFDIO_REGISTER, &reg) < 0) { perror("register"); return 77; }
	pthread_t h, z;
	pthread_create(&h, NULL, handler, NULL);
	if (!hang) pthread_create(&z, NULL, zapper, NULL);
	while (started < (hang ? 1 : 2))
		usleep(1000);
	usleep(20000);
	int fd = openat(AT_FDCWD, p, O_WRONLY | O_CREAT, 0644);
	printf("open = %d %s\n", fd, fd < 0 ? strerrorname_np(errno) : "");
	fflush(stdout);
	_exit(0);
}
