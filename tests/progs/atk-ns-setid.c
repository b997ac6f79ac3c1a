/* atk-ns-setid: every route by which a program gives a file in DIR a
 * set-user-ID or set-group-ID bit, or a file capability (issue 19 items
 * 10/16: through --rw's idmapped mount the file is root's on disk, and the
 * host honours the bit).  Each OP makes one call through syscall(2) (or
 * int 0x80 / the x32 entry), so no libc wrapper changes an argument:
 *
 *   chmod:MODE         chmod(DIR/chmod, MODE) of a file created 0755
 *   fchmod:MODE        fchmod(fd, MODE) of DIR/fchmod
 *   fchmodat:MODE      fchmodat(AT_FDCWD, DIR/fchmodat, MODE)
 *   fchmodat2:MODE     fchmodat2(AT_FDCWD, DIR/fchmodat2, MODE, 0)
 *   open:MODE          open(DIR/open, O_WRONLY|O_CREAT, MODE)
 *   openat:MODE        openat(AT_FDCWD, DIR/openat, O_WRONLY|O_CREAT, MODE)
 *   open-nocreat:MODE  open(DIR/nocreat, O_RDONLY, MODE) of a file created
 *                      0644 (no O_CREAT: the kernel ignores MODE)
 *   tmpfile:MODE       openat(DIR, O_TMPFILE|O_WRONLY, MODE), then linked
 *                      as DIR/tmpfile
 *   creat:MODE         creat(DIR/creat, MODE)
 *   mknod:MODE         mknod(DIR/mknod, S_IFREG|MODE, 0)
 *   mknodat:MODE       mknodat(AT_FDCWD, DIR/mknodat, S_IFREG|MODE, 0)
 *   openat2:MODE       openat2(AT_FDCWD, DIR/openat2, {O_WRONLY|O_CREAT,
 *                      MODE})
 *   i386-chmod:MODE  i386-fchmod:MODE  i386-open:MODE  i386-creat:MODE
 *   i386-mknod:MODE  i386-openat:MODE  i386-fchmodat:MODE
 *   i386-fchmodat2:MODE  i386-mknodat:MODE
 *                      the same calls through int 0x80 (paths in memory
 *                      below 4 GiB)
 *   x32-chmod:MODE  x32-open:MODE
 *                      the same calls through the x32 entry
 *   io_uring           io_uring_setup(1, &params) (its OPENAT takes a mode)
 *   setxattr-cap  lsetxattr-cap  fsetxattr-cap
 *                      "security.capability" = CAP_SETUID (v2) on DIR/cap
 *
 * MODE is C syntax (04755, 0x104755: bits above the 16 of umode_t, which
 * the kernel drops, 0x100000000|04755: above the register's low word).
 *
 * Usage: atk-ns-setid DIR OP...
 *
 * Prints "OP = ok" or "OP = ERRNO-NAME" for each OP and, for an OP that
 * made or changed a file, "OP mode=OCTAL" with the file's mode after it;
 * exits 0 (2 on bad usage).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
#ifndef O_TMPFILE
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif
#define X32_BIT 0x40000000L

static const char *dir;
static char *low; /* a page below 4 GiB, for int 0x80's pointers */

static const char *path_of(const char *name)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

/* @name's path in the low page. */
static uint32_t low_path(const char *name)
{
	snprintf(low, 4096, "%s/%s", dir, name);
	return (uint32_t)(uintptr_t)low;
}

static int make(const char *name, mode_t mode)
{
	int fd = open(path_of(name), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

	if (fd < 0)
		return -1;
	fchmod(fd, mode); /* past the umask */
	return fd;
}

static long int80(long nr, long a, long b, long c)
{
	long r = -ENOSYS;

#if defined(__x86_64__)
	__asm__ volatile("int $0x80"
			 : "=a"(r)
			 : "0"(nr), "b"(a), "c"(b), "d"(c)
			 : "memory", "r8", "r9", "r10", "r11");
#else
	(void)nr, (void)a, (void)b, (void)c;
#endif
	return r;
}

/* int 0x80 with four arguments: fchmodat2, mknodat. */
static long int80_4(long nr, long a, long b, long c, long d)
{
	long r = -ENOSYS;

#if defined(__x86_64__)
	__asm__ volatile("int $0x80"
			 : "=a"(r)
			 : "0"(nr), "b"(a), "c"(b), "d"(c), "S"(d)
			 : "memory", "r8", "r9", "r10", "r11");
#else
	(void)nr, (void)a, (void)b, (void)c, (void)d;
#endif
	return r;
}

static long x32(long nr, long a, long b, long c)
{
	long r = -ENOSYS;

#if defined(__x86_64__)
	register long r10 __asm__("r10") = 0;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "0"(nr | X32_BIT), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "memory", "rcx", "r11");
#else
	(void)nr, (void)a, (void)b, (void)c;
#endif
	return r;
}

/* A raw return: -errno or a value. */
static long raw(long r)
{
	return r < 0 && r > -4096 ? (errno = (int)-r, -1) : r;
}

static int set_cap(const char *how)
{
	struct vfs_cap_data cap;
	int fd = make("cap", 0755);
	long r = -1;

	if (fd < 0)
		return -1;
	memset(&cap, 0, sizeof(cap));
	cap.magic_etc = VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE;
	cap.data[0].permitted = 1u << CAP_SETUID;
	if (strcmp(how, "setxattr-cap") == 0)
		r = syscall(SYS_setxattr, path_of("cap"), "security.capability", &cap, sizeof(cap),
			    0);
	else if (strcmp(how, "lsetxattr-cap") == 0)
		r = syscall(SYS_lsetxattr, path_of("cap"), "security.capability", &cap, sizeof(cap),
			    0);
	else
		r = syscall(SYS_fsetxattr, fd, "security.capability", &cap, sizeof(cap), 0);
	close(fd);
	return (int)r;
}

/* One OP; *ret_file names the file it made or changed. */
static long one(const char *op, const char *name, uint64_t mode, const char **ret_file)
{
	int fd = -1;
	long r = 0;

	*ret_file = name;
	if (strcmp(name, "chmod") == 0) {
		close(make(name, 0755));
		return syscall(SYS_chmod, path_of(name), mode);
	}
	if (strcmp(name, "fchmod") == 0) {
		fd = make(name, 0755);
		r = syscall(SYS_fchmod, fd, mode);
		close(fd);
		return r;
	}
	if (strcmp(name, "fchmodat") == 0) {
		close(make(name, 0755));
		return syscall(SYS_fchmodat, AT_FDCWD, path_of(name), mode);
	}
	if (strcmp(name, "fchmodat2") == 0) {
		close(make(name, 0755));
		return syscall(SYS_fchmodat2, AT_FDCWD, path_of(name), mode, 0);
	}
	if (strcmp(name, "open") == 0)
		r = syscall(SYS_open, path_of(name), O_WRONLY | O_CREAT | O_CLOEXEC, mode);
	else if (strcmp(name, "openat") == 0)
		r = syscall(SYS_openat, AT_FDCWD, path_of(name), O_WRONLY | O_CREAT | O_CLOEXEC,
			    mode);
	else if (strcmp(name, "open-nocreat") == 0) {
		close(make("nocreat", 0644));
		*ret_file = "nocreat";
		r = syscall(SYS_open, path_of("nocreat"), O_RDONLY | O_CLOEXEC, mode);
	} else if (strcmp(name, "tmpfile") == 0) {
		char proc[64];

		r = syscall(SYS_openat, AT_FDCWD, dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
		if (r >= 0) {
			snprintf(proc, sizeof(proc), "/proc/self/fd/%ld", r);
			if (linkat(AT_FDCWD, proc, AT_FDCWD, path_of(name), AT_SYMLINK_FOLLOW) < 0)
				printf("%s link = %s\n", op, strerrorname_np(errno));
		}
	} else if (strcmp(name, "creat") == 0)
		r = syscall(SYS_creat, path_of(name), mode);
	else if (strcmp(name, "mknod") == 0)
		return syscall(SYS_mknod, path_of(name), S_IFREG | mode, 0);
	else if (strcmp(name, "mknodat") == 0)
		return syscall(SYS_mknodat, AT_FDCWD, path_of(name), S_IFREG | mode, 0);
	else if (strcmp(name, "openat2") == 0) {
		struct open_how how = {.flags = O_WRONLY | O_CREAT | O_CLOEXEC, .mode = mode};

		r = syscall(SYS_openat2, AT_FDCWD, path_of(name), &how, sizeof(how));
	} else if (strcmp(name, "i386-chmod") == 0) {
		close(make(name, 0755));
		return raw(int80(15, low_path(name), (long)mode, 0));
	} else if (strcmp(name, "i386-fchmod") == 0) {
		fd = make(name, 0755);
		r = raw(int80(94, fd, (long)mode, 0));
		close(fd);
		return r;
	} else if (strcmp(name, "i386-open") == 0)
		r = raw(int80(5, low_path(name), O_WRONLY | O_CREAT, (long)mode));
	else if (strcmp(name, "i386-creat") == 0)
		r = raw(int80(8, low_path(name), (long)mode, 0));
	else if (strcmp(name, "i386-mknod") == 0)
		return raw(int80(14, low_path(name), (long)(S_IFREG | mode), 0));
	else if (strcmp(name, "i386-mknodat") == 0)
		return raw(int80_4(297, AT_FDCWD, low_path(name), (long)(S_IFREG | mode), 0));
	else if (strcmp(name, "i386-fchmodat") == 0) {
		close(make(name, 0755));
		return raw(int80(306, AT_FDCWD, low_path(name), (long)mode));
	} else if (strcmp(name, "i386-fchmodat2") == 0) {
		/* 452: newer than some builds' <asm/unistd_32.h> (review 4). */
		close(make(name, 0755));
		return raw(int80_4(452, AT_FDCWD, low_path(name), (long)mode, 0));
	}
	else if (strcmp(name, "i386-openat") == 0) {
		/* openat(dirfd, path, flags, mode): four registers. */
		long nr = 295, a = AT_FDCWD, b = low_path(name), c = O_WRONLY | O_CREAT;
		long d = (long)mode;

#if defined(__x86_64__)
		__asm__ volatile("int $0x80"
				 : "=a"(r)
				 : "0"(nr), "b"(a), "c"(b), "d"(c), "S"(d)
				 : "memory", "r8", "r9", "r10", "r11");
#else
		(void)nr, (void)a, (void)b, (void)c, (void)d, r = -ENOSYS;
#endif
		r = raw(r);
	} else if (strcmp(name, "x32-chmod") == 0) {
		close(make(name, 0755));
		return raw(x32(90, low_path(name), (long)mode, 0));
	} else if (strcmp(name, "x32-open") == 0)
		r = raw(x32(2, low_path(name), O_WRONLY | O_CREAT, (long)mode));
	else if (strcmp(name, "io_uring") == 0) {
		char params[120];

		*ret_file = NULL;
		memset(params, 0, sizeof(params));
		r = syscall(SYS_io_uring_setup, 1, params);
	} else if (strstr(name, "setxattr-cap")) {
		*ret_file = "cap";
		return set_cap(name);
	} else {
		fprintf(stderr, "atk-ns-setid: unknown op %s\n", op);
		exit(2);
	}
	if (r >= 0)
		close((int)r);
	return r < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: atk-ns-setid DIR OP...\n");
		return 2;
	}
	dir = argv[1];
	low = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1,
		   0);
	if (low == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	umask(0);
	for (int i = 2; i < argc; i++) {
		char name[64];
		const char *colon = strchr(argv[i], ':');
		const char *file = NULL;
		uint64_t mode = 0;
		struct stat st;
		long r = 0;

		snprintf(name, sizeof(name), "%.*s", colon ? (int)(colon - argv[i]) : 63, argv[i]);
		if (colon)
			mode = strtoull(colon + 1, NULL, 0);
		errno = 0;
		r = one(argv[i], name, mode, &file);
		if (r < 0)
			printf("%s = %s\n", argv[i], strerrorname_np(errno));
		else
			printf("%s = ok\n", argv[i]);
		if (file && stat(path_of(file), &st) == 0)
			printf("%s mode=%o\n", argv[i], (unsigned)(st.st_mode & 07777));
		fflush(stdout);
	}
	return 0;
}
