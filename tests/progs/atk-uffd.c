/* atk-uffd: a path argument on a userfaultfd page (the third review of
 * issue 19).  A uffd that handles kernel-mode faults sees the tracer's
 * read of the path (process_vm_readv) as a fault of its own: the handler
 * can leave it unanswered (the tracer blocks in the kernel, and when the
 * handler thread is itself stopped at a seccomp stop, --filter=all, it
 * blocks for good, past SIGTERM), or serve the tracer "/tmp/atk-uffd-ok"
 * and the program's own thread PATH (a TOCTOU made deterministic: a
 * zapper drops the page every 200us until the program's own fault came).
 *
 *   atk-uffd HOW PATH [hang]
 *     HOW      how the uffd is made:
 *              syscall      userfaultfd(O_CLOEXEC)
 *              syscall-hi   userfaultfd(1<<32 | O_CLOEXEC): an int, the
 *                           kernel reads O_CLOEXEC
 *              user         userfaultfd(O_CLOEXEC | UFFD_USER_MODE_ONLY)
 *              dev          open("/dev/userfaultfd"), ioctl(USERFAULTFD_IOC_NEW,
 *                           O_CLOEXEC)
 *              dev-user     the same with UFFD_USER_MODE_ONLY
 *     hang     never serve a fault that is not the program's own
 *
 * Prints "userfaultfd = FD" (or "-1 ERRNO", then exits 0), then
 * "open = FD" or "open = -1 ERRNO" for openat(PATH on the page, O_CREAT).
 * Exits 77 when the uffd works but cannot be set up here. */
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif
#ifndef USERFAULTFD_IOC_NEW
#define USERFAULTFD_IOC_NEW _IO(0xAA, 0x00)
#endif

static int uffd = -1;
static char *page;
static const char *path;
static int hang;
static volatile int own_served, started;
static pid_t main_tid;
static char src[4096] __attribute__((aligned(4096)));

static void result(const char *what, int r)
{
	if (r < 0)
		printf("%s = -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%s = %d\n", what, r);
	fflush(stdout);
}

static void *handler(void *arg)
{
	(void)arg;
	__sync_fetch_and_add(&started, 1);
	for (;;) {
		struct uffd_msg m;
		struct uffdio_copy c = {.dst = (uintptr_t)page, .src = (uintptr_t)src, .len = 4096};
		pid_t who = 0;

		if (read(uffd, &m, sizeof(m)) != sizeof(m) || m.event != UFFD_EVENT_PAGEFAULT)
			continue;
		who = (pid_t)m.arg.pagefault.feat.ptid;
		memset(src, 0, sizeof(src));
		if (who == main_tid) {
			snprintf(src, sizeof(src), "%s", path);
			own_served = 1;
		} else {
			while (hang)
				pause();
			snprintf(src, sizeof(src), "/tmp/atk-uffd-ok");
		}
		if (ioctl(uffd, UFFDIO_COPY, &c) < 0 && errno != EEXIST)
			perror("UFFDIO_COPY");
	}
	return NULL;
}

static void *zapper(void *arg)
{
	(void)arg;
	__sync_fetch_and_add(&started, 1);
	while (!own_served) {
		usleep(200);
		if (!own_served)
			madvise(page, 4096, MADV_DONTNEED);
	}
	return NULL;
}

static int make_uffd(const char *how)
{
	unsigned long flags = O_CLOEXEC;
	int dev = -1, fd = -1;

	if (strcmp(how, "user") == 0 || strcmp(how, "dev-user") == 0)
		flags |= UFFD_USER_MODE_ONLY;
	if (strncmp(how, "dev", 3) == 0) {
		dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
		if (dev < 0) {
			printf("open /dev/userfaultfd = -1 %s\n", strerrorname_np(errno));
			return -2;
		}
		fd = ioctl(dev, USERFAULTFD_IOC_NEW, flags);
		close(dev);
		return fd;
	}
	if (strcmp(how, "syscall-hi") == 0)
		return (int)syscall(SYS_userfaultfd, (1ul << 32) | flags);
	return (int)syscall(SYS_userfaultfd, flags);
}

int main(int argc, char **argv)
{
	struct uffdio_api api = {.api = UFFD_API, .features = UFFD_FEATURE_THREAD_ID};
	struct uffdio_register reg = {.mode = UFFDIO_REGISTER_MODE_MISSING};
	pthread_t h, z;
	int fd = -1;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: atk-uffd HOW PATH [hang]\n");
		return 2;
	}
	path = argv[2];
	hang = argc == 4;
	main_tid = gettid();
	uffd = make_uffd(argv[1]);
	if (uffd == -2)
		return 77;
	result("userfaultfd", uffd);
	if (uffd < 0)
		return 0;
	if (ioctl(uffd, UFFDIO_API, &api) < 0) {
		perror("UFFDIO_API");
		return 77;
	}
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	reg.range.start = (uintptr_t)page;
	reg.range.len = 4096;
	if (page == MAP_FAILED || ioctl(uffd, UFFDIO_REGISTER, &reg) < 0) {
		perror("UFFDIO_REGISTER");
		return 77;
	}
	pthread_create(&h, NULL, handler, NULL);
	if (!hang)
		pthread_create(&z, NULL, zapper, NULL);
	while (started < (hang ? 1 : 2))
		usleep(1000);
	usleep(20000);
	fd = openat(AT_FDCWD, page, O_WRONLY | O_CREAT, 0644);
	result("open", fd);
	_exit(0);
}
