/* odd-strings: passes the strings a log writer finds hardest to traced calls
 * (openat and write), so a test can check that the log stays valid JSON and
 * valid UTF-8 and shows each one as the decode rules say
 * (include/jtrace/decode.h).
 *
 * Usage: odd-strings
 *
 * In order, each call's result printed as "NAME LEN = RET ERRNO":
 *   write   "bytes" 256: every byte value 0..255 once, to /dev/null
 *   write   "utf8" N: valid multi-byte UTF-8 next to sequences that are not
 *           (a UTF-16 surrogate, overlong forms, above U+10FFFF, a lone
 *           continuation byte, a sequence cut by the end of the buffer)
 *   openat  "path" 254: a name made of every byte 1..255 except '/' (ENOENT)
 *   openat  "path" 4095: a 4095-byte path of existing-free components
 *           (ENOENT: the longest path the kernel accepts)
 *   openat  "path" 4096: one byte more (ENAMETOOLONG)
 *   openat  "path" 8192: far more (ENAMETOOLONG)
 *   openat  "edge" N: a string that runs up to an unmapped page without a
 *           NUL (EFAULT)
 * Exits 0.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *name, const char *what, size_t len, long r)
{
	printf("%s %s %zu = %ld %s\n", name, what, len, r, r < 0 ? strerrorname_np(errno) : "");
}

static void open_path(const char *what, const char *path)
{
	long r = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);

	report("openat", what, strlen(path), r);
	if (r >= 0)
		close((int)r);
}

static char *long_path(size_t len)
{
	char *p = malloc(len + 1);

	if (!p)
		err(1, "malloc");
	/* "/jtrace-no-such-dir/aaaa/aaaa/...": components of at most 255 bytes. */
	for (size_t i = 0; i < len; i++)
		p[i] = (i % 200 == 0) ? '/' : 'a';
	p[len] = '\0';
	return p;
}

int main(void)
{
	static const unsigned char utf8[] =
		"ok:\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 "  /* e-acute, euro, emoji */
		"surrogate:\xed\xa0\x80 "                     /* U+D800 */
		"overlong:\xc0\xaf\xe0\x80\xaf\xf0\x80\x80\xaf " /* '/' three ways */
		"big:\xf4\x90\x80\x80 "                       /* U+110000 */
		"lone:\x80\xbf "
		"bad:\xfe\xff "
		"cut:\xe2\x82";                               /* euro sign, cut */
	unsigned char bytes[256], name[256];
	char *path = NULL, *page = NULL;
	long pagesz = sysconf(_SC_PAGESIZE);
	size_t n = 0;
	int null = open("/dev/null", O_WRONLY);

	if (null < 0)
		err(1, "/dev/null");
	for (int i = 0; i < 256; i++)
		bytes[i] = (unsigned char)i;
	report("write", "bytes", sizeof(bytes), syscall(SYS_write, null, bytes, sizeof(bytes)));
	report("write", "utf8", sizeof(utf8) - 1, syscall(SYS_write, null, utf8, sizeof(utf8) - 1));

	for (int b = 1; b < 256; b++)
		if (b != '/')
			name[n++] = (unsigned char)b;
	name[n] = '\0';
	open_path("path", (const char *)name);
	for (size_t len = 4095; len <= 4096; len++) {
		path = long_path(len);
		open_path("path", path);
		free(path);
	}
	path = long_path(8192);
	open_path("path", path);
	free(path);

	/* Two pages, the second PROT_NONE: the first filled with 'x' to its
	 * very end, no NUL anywhere the kernel or the tracer may read. */
	page = mmap(NULL, (size_t)pagesz * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		err(1, "mmap");
	if (mprotect(page + pagesz, (size_t)pagesz, PROT_NONE) < 0)
		err(1, "mprotect");
	memset(page, 'x', (size_t)pagesz);
	page[0] = '/';
	{
		long r = syscall(SYS_openat, AT_FDCWD, page + pagesz - 100, O_RDONLY);

		report("openat", "edge", 100, r);
	}
	return 0;
}
