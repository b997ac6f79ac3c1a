/* tracee-mem: the one way jtrace reads tracee memory
 * (include/jtrace/tracee-mem.h): the decoders, the security floor, the
 * policy's memory conditions and the socketcall argument block all read
 * through here.
 *
 * process_vm_readv is one system call and needs no fd; it fails with EPERM
 * where a security module or a foreign user namespace refuses it, and with
 * ENOSYS on kernels built without it.  Then /proc/PID/mem is read instead
 * (the tracer is attached, so ptrace access checks pass).  Bad addresses are
 * ordinary here: every function returns -errno and never faults. */
#include <jtrace/tracee-mem.h>

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include <jtrace/util.h>

/* Set once process_vm_readv turned out to be unusable for good. */
static bool tmem_no_vm_readv;

static ssize_t tmem_read_proc(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	cleanup_fd int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* Addresses above the off_t range (never mapped in user space) would
	 * read as negative offsets. */
	if (addr > (uint64_t)INT64_MAX)
		return -EFAULT;
	ssize_t n = pread(fd, buf, len, (off_t)addr);
	if (n < 0)
		return errno == EIO ? -EFAULT : -errno;
	return n;
}

ssize_t tmem_read(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	if (len == 0)
		return 0;
	if (addr == 0)
		return -EFAULT;
	if (len > TMEM_READ_MAX)
		len = TMEM_READ_MAX;
	if (addr + len < addr)
		len = (size_t)(UINT64_MAX - addr) + 1;

	if (!tmem_no_vm_readv) {
		struct iovec local = {.iov_base = buf, .iov_len = len};
		struct iovec remote = {.iov_base = (void *)(uintptr_t)addr, .iov_len = len};
		ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
		if (n >= 0)
			return n;
		if (errno == ENOSYS)
			tmem_no_vm_readv = true;
		else if (errno != EPERM)
			return -errno;
	}
	return tmem_read_proc(pid, addr, buf, len);
}

int tmem_read_exact(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	ssize_t n = tmem_read(pid, addr, buf, len);

	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EFAULT;
}

ssize_t tmem_read_some(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	ssize_t n = tmem_read(pid, addr, buf, len);

	return n == 0 ? -EFAULT : n;
}

static size_t tmem_page_size(void)
{
	static size_t page;
	if (!page) {
		long p = sysconf(_SC_PAGESIZE);
		page = p > 0 ? (size_t)p : 4096;
	}
	return page;
}

/* Chunks end at page boundaries, so a string that stops just before an
 * unmapped page is read whole and the fault is never reached; a short string
 * costs one read. */
ssize_t tmem_read_str(pid_t pid, uint64_t addr, char *buf, size_t max, bool *ret_complete)
{
	size_t page = tmem_page_size();
	size_t got = 0;

	*ret_complete = false;
	if (max == 0)
		return -EINVAL;
	buf[0] = '\0';
	if (addr == 0)
		return -EFAULT;
	if (max > TMEM_READ_MAX)
		max = TMEM_READ_MAX;

	/* Leave room for the terminating NUL we add ourselves. */
	while (got < max - 1) {
		uint64_t at = addr + got;
		size_t chunk = page - (size_t)(at % page);
		if (chunk > max - 1 - got)
			chunk = max - 1 - got;
		ssize_t n = tmem_read(pid, at, buf + got, chunk);
		if (n <= 0) {
			if (got == 0)
				return n < 0 ? n : -EFAULT;
			break;
		}
		char *nul = memchr(buf + got, '\0', (size_t)n);
		if (nul) {
			*ret_complete = true;
			return nul - buf;
		}
		got += (size_t)n;
		if ((size_t)n < chunk)
			break;
	}
	buf[got] = '\0';
	return (ssize_t)got;
}
