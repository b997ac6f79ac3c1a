/* test-decode: the argument decoders and the xlat lists, on byte images and
 * on the test's own memory (tmem_read on getpid() reads it through
 * process_vm_readv), so no ptrace and no privileges are needed.  Each check
 * compares the JSON of the decoded value (jv_to_json) with the exact text the
 * log must carry; a few check the typed form itself (raw bytes, tags). */
#include <jtrace/decode.h>
#include <jtrace/emit.h>
#include <jtrace/syscalls.h>
#include <jtrace/tracee-mem.h>
#include <jtrace/xlat.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/netlink.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static int failures;
static int checks;

/* Compares the JSON of @o with @want, then empties the default arena: @o
 * and whatever was decoded with it are gone after the check. */
static void check_json(const char *what, struct jv *o, const char *want)
{
	char *got = jv_to_json(o);

	checks++;
	if (!got || strcmp(got, want) != 0) {
		failures++;
		printf("FAIL %s\n  want: %s\n  got:  %s\n", what, want, got ? got : "(ENOMEM)");
	}
	free(got);
	jv_arena_reset(NULL);
}

/* Element @idx of array @a, or NULL. */
static struct jv *jv_at(struct jv *a, size_t idx)
{
	jv_foreach(el, a)
	{
		if (idx-- == 0)
			return el;
	}
	return NULL;
}

static void check(const char *what, int ok)
{
	checks++;
	if (!ok) {
		failures++;
		printf("FAIL %s\n", what);
	}
}

static struct decode_opts test_opts = {.strsize = 32};

/* Decodes one argument of a one-argument-type call whose six raw
 * arguments are @a0..@a2 (the rest 0). */
static struct jv *decode1(enum arg_type type, enum xlat_id xlat, bool exiting, int64_t ret,
			  uint64_t a0, uint64_t a1, uint64_t a2)
{
	uint64_t args[6] = {a0, a1, a2, 0, 0, 0};
	struct syscall_sig sig = {
		.name = "test",
		.ret = ARG_INT,
		.nargs = 3,
		.args = {{"a", type, xlat}, {"b", ARG_INT, XLAT_NONE}, {"c", ARG_INT, XLAT_NONE}},
	};
	struct decode_ctx ctx = {
		.pid = getpid(),
		.arch = syscalls_native_arch(),
		.opts = &test_opts,
		.args = args,
		.exiting = exiting,
		.ret = ret,
	};
	return decode_arg(&ctx, &sig, 0);
}

#define PTR(p) ((uint64_t)(uintptr_t)(p))

static void test_escaping(void)
{
	const unsigned char utf8[] = "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80";
	check_json("ascii kept", decode_bytes((const unsigned char *)"hello", 5, 32, 5),
		   "\"hello\"");
	check_json("utf-8 multi-byte kept",
		   decode_bytes(utf8, sizeof(utf8) - 1, 64, sizeof(utf8) - 1),
		   "\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\"");
	check_json("invalid byte as \\xNN",
		   decode_bytes((const unsigned char *)"a\xff"
						       "b",
				3, 32, 3),
		   "\"a\\\\xffb\"");
	check_json("backslash doubled", decode_bytes((const unsigned char *)"a\\x", 3, 32, 3),
		   "\"a\\\\\\\\x\"");
	check_json("overlong and surrogate escaped",
		   decode_bytes((const unsigned char *)"\xc0\xaf\xed\xa0\x80", 5, 32, 5),
		   "\"\\\\xc0\\\\xaf\\\\xed\\\\xa0\\\\x80\"");
	check_json("truncated sequence escaped",
		   decode_bytes((const unsigned char *)"\xe2\x82", 2, 32, 2), "\"\\\\xe2\\\\x82\"");
	check_json("embedded NUL kept", decode_bytes((const unsigned char *)"a\0b", 3, 32, 3),
		   "\"a\\u0000b\"");
	check_json("truncation marker with len",
		   decode_bytes((const unsigned char *)"abcdef", 6, 3, 6),
		   "{\"str\":\"abc\",\"truncated\":true,\"len\":6}");
	check_json("truncation without known len",
		   decode_bytes((const unsigned char *)"abcd", 4, 3, DECODE_LEN_UNKNOWN),
		   "{\"str\":\"abc\",\"truncated\":true}");
	check_json("more data than read", decode_bytes((const unsigned char *)"ab", 2, 32, 100),
		   "{\"str\":\"ab\",\"truncated\":true,\"len\":100}");
	check_json("empty", decode_bytes((const unsigned char *)"", 0, 32, 0), "\"\"");
}

static void test_strings(void)
{
	static const char s[] = "caf\xc3\xa9\xff";
	static const char buf[] = "hello world";

	check_json("path", decode1(ARG_PATH, XLAT_NONE, false, 0, PTR("/etc/hostname"), 0, 0),
		   "\"/etc/hostname\"");
	check_json("NULL path is null", decode1(ARG_PATH, XLAT_NONE, false, 0, 0, 0, 0), "null");
	check_json("str", decode1(ARG_STR, XLAT_NONE, false, 0, PTR(s), 0, 0),
		   "\"caf\xc3\xa9\\\\xff\"");
	test_opts.hex_strings = true;
	check_json("str with -x", decode1(ARG_STR, XLAT_NONE, false, 0, PTR(s), 0, 0),
		   "\"caf\\\\xc3\\\\xa9\\\\xff\"");
	test_opts.hex_strings = false;
	test_opts.strsize = 5;
	check_json("str cut at -s", decode1(ARG_STR, XLAT_NONE, false, 0, PTR(buf), 0, 0),
		   "{\"str\":\"hello\",\"truncated\":true}");
	check_json("str exactly -s long", decode1(ARG_STR, XLAT_NONE, false, 0, PTR("hello"), 0, 0),
		   "\"hello\"");
	check_json("ibuf cut at -s", decode1(ARG_IBUF, XLAT_NONE, false, 0, PTR(buf), 11, 0),
		   "{\"str\":\"hello\",\"truncated\":true,\"len\":11}");
	test_opts.strsize = 0;
	check_json("ibuf with -s 0", decode1(ARG_IBUF, XLAT_NONE, false, 0, PTR(buf), 11, 0),
		   "{\"str\":\"\",\"truncated\":true,\"len\":11}");
	test_opts.strsize = 32;
	check_json("ibuf with NUL", decode1(ARG_IBUF, XLAT_NONE, false, 0, PTR("a\0b"), 3, 0),
		   "\"a\\u0000b\"");
	check_json("ibuf of length 0", decode1(ARG_IBUF, XLAT_NONE, false, 0, PTR(buf), 0, 0),
		   "\"\"");
	check_json("obuf is an exit type", decode1(ARG_OBUF, XLAT_NONE, false, 0, PTR(buf), 11, 0),
		   "null");
	check_json("obuf uses the return value",
		   decode1(ARG_OBUF, XLAT_NONE, true, 5, PTR(buf), 11, 0), "\"hello\"");
	check_json("obuf of a failed call",
		   decode1(ARG_OBUF, XLAT_NONE, true, -EBADF, 0x1000, 11, 0), "\"0x1000\"");
}

static void test_bad_pointers(void)
{
	check_json("bad path pointer", decode1(ARG_PATH, XLAT_NONE, false, 0, 1, 0, 0),
		   "{\"addr\":\"0x1\",\"error\":\"EFAULT\"}");
	check_json("bad buffer, huge length",
		   decode1(ARG_IBUF, XLAT_NONE, false, 0, 1, UINT64_MAX, 0),
		   "{\"addr\":\"0x1\",\"error\":\"EFAULT\"}");
	check_json("bad sockaddr", decode1(ARG_SOCKADDR, XLAT_NONE, false, 0, 16, 16, 0),
		   "{\"addr\":\"0x10\",\"error\":\"EFAULT\"}");
	check_json("bad argv", decode1(ARG_ARGV, XLAT_NONE, false, 0, 8, 0, 0),
		   "{\"addr\":\"0x8\",\"error\":\"EFAULT\"}");
	check_json("bad iovec", decode1(ARG_IOVEC, XLAT_NONE, false, 0, 8, 1000000, 0),
		   "{\"addr\":\"0x8\",\"error\":\"EFAULT\"}");
	check_json("kernel address",
		   decode1(ARG_STR, XLAT_NONE, false, 0, 0xffffffffffff0000ull, 0, 0),
		   "{\"addr\":\"0xffffffffffff0000\",\"error\":\"EFAULT\"}");
	check_json("bad timespec", decode1(ARG_TIMESPEC, XLAT_NONE, false, 0, 4096, 0, 0),
		   "{\"addr\":\"0x1000\",\"error\":\"EFAULT\"}");
	check_json("bad msghdr", decode1(ARG_MSGHDR, XLAT_NONE, false, 0, 4096, 0, 0),
		   "{\"addr\":\"0x1000\",\"error\":\"EFAULT\"}");
	check_json("bad pollfds", decode1(ARG_POLLFDS, XLAT_NONE, false, 0, 4096, 1u << 30, 0),
		   "{\"addr\":\"0x1000\",\"error\":\"EFAULT\"}");
}

static void test_page_boundary(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char buf[256];
	bool complete = false;

	if (map == MAP_FAILED) {
		check("mmap for the page test", 0);
		return;
	}
	check("mprotect", mprotect(map + page, (size_t)page, PROT_NONE) == 0);

	/* "abc" whose NUL is the last byte before the unmapped page. */
	char *s = map + page - 4;
	memcpy(s, "abc", 4);
	ssize_t n = tmem_read_str(getpid(), PTR(s), buf, sizeof(buf), &complete);
	check("string before an unmapped page reads",
	      n == 3 && complete && strcmp(buf, "abc") == 0);

	/* No NUL before the unmapped page: what was readable, marked incomplete. */
	memcpy(s, "abcd", 4);
	n = tmem_read_str(getpid(), PTR(s), buf, sizeof(buf), &complete);
	check("unterminated string into an unmapped page",
	      n == 4 && !complete && strcmp(buf, "abcd") == 0);
	check_json("unterminated string decoded as cut",
		   decode1(ARG_STR, XLAT_NONE, false, 0, PTR(s), 0, 0),
		   "{\"str\":\"abcd\",\"truncated\":true}");

	n = tmem_read_str(getpid(), PTR(map + page), buf, sizeof(buf), &complete);
	check("string in an unmapped page fails", n == -EFAULT);
	n = tmem_read(getpid(), PTR(map + page - 8), buf, 64);
	check("partial read stops at the unmapped page", n == 8);

	/* A string that crosses from one readable page into the next. */
	check("mprotect back", mprotect(map + page, (size_t)page, PROT_READ | PROT_WRITE) == 0);
	memcpy(map + page - 3, "xyz123", 7);
	n = tmem_read_str(getpid(), PTR(map + page - 3), buf, sizeof(buf), &complete);
	check("string across a page boundary", n == 6 && complete && strcmp(buf, "xyz123") == 0);
	munmap(map, (size_t)page * 2);
}

static void test_sockaddr(void)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(9)};
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	check_json("inet", decode_sockaddr_bytes(&sin, sizeof(sin)),
		   "{\"family\":\"AF_INET\",\"addr\":\"127.0.0.1\",\"port\":9}");

	struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6, .sin6_port = htons(443)};
	inet_pton(AF_INET6, "::1", &sin6.sin6_addr);
	check_json("inet6", decode_sockaddr_bytes(&sin6, sizeof(sin6)),
		   "{\"family\":\"AF_INET6\",\"addr\":\"::1\",\"port\":443}");
	inet_pton(AF_INET6, "fe80::1", &sin6.sin6_addr);
	sin6.sin6_scope_id = 2;
	sin6.sin6_flowinfo = htonl(5);
	check_json("inet6 scope and flowinfo", decode_sockaddr_bytes(&sin6, sizeof(sin6)),
		   "{\"family\":\"AF_INET6\",\"addr\":\"fe80::1\",\"port\":443,\"flowinfo\":5,"
		   "\"scope_id\":2}");

	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	strcpy(sun.sun_path, "/run/x");
	check_json("unix path",
		   decode_sockaddr_bytes(&sun, offsetof(struct sockaddr_un, sun_path) + 7),
		   "{\"family\":\"AF_UNIX\",\"path\":\"/run/x\"}");
	check_json("unix path, full length", decode_sockaddr_bytes(&sun, sizeof(sun)),
		   "{\"family\":\"AF_UNIX\",\"path\":\"/run/x\"}");
	memcpy(sun.sun_path, "\0na\xffme", 6);
	check_json("unix abstract",
		   decode_sockaddr_bytes(&sun, offsetof(struct sockaddr_un, sun_path) + 6),
		   "{\"family\":\"AF_UNIX\",\"abstract\":\"na\\\\xffme\"}");
	check_json("unix unnamed", decode_sockaddr_bytes(&sun, sizeof(sa_family_t)),
		   "{\"family\":\"AF_UNIX\"}");

	struct sockaddr_nl nl = {.nl_family = AF_NETLINK, .nl_pid = 0, .nl_groups = 1};
	check_json("netlink", decode_sockaddr_bytes(&nl, sizeof(nl)),
		   "{\"family\":\"AF_NETLINK\",\"nl_pid\":0,\"nl_groups\":1}");

	unsigned char other[6] = {0, 0, 0xde, 0xad, 0xbe, 0xef};
	sa_family_t fam = 250;
	memcpy(other, &fam, sizeof(fam));
	check_json("unknown family", decode_sockaddr_bytes(other, sizeof(other)),
		   "{\"family\":250,\"raw\":\"deadbeef\"}");
	check_json("short inet", decode_sockaddr_bytes(&sin, 4),
		   "{\"family\":\"AF_INET\",\"raw\":\"0009\"}");

	sin.sin_port = htons(80);
	check_json("sockaddr argument",
		   decode1(ARG_SOCKADDR, XLAT_NONE, false, 0, PTR(&sin), sizeof(sin), 0),
		   "{\"family\":\"AF_INET\",\"addr\":\"127.0.0.1\",\"port\":80}");
	check_json("sockaddr length capped",
		   decode1(ARG_SOCKADDR, XLAT_NONE, false, 0, PTR(&sin), 0xffffffff, 0),
		   "{\"family\":\"AF_INET\",\"addr\":\"127.0.0.1\",\"port\":80}");
	socklen_t len = sizeof(sin);
	check_json("osockaddr at exit",
		   decode1(ARG_OSOCKADDR, XLAT_NONE, true, 3, PTR(&sin), PTR(&len), 0),
		   "{\"family\":\"AF_INET\",\"addr\":\"127.0.0.1\",\"port\":80}");
	check_json("osockaddr of a failed call",
		   decode1(ARG_OSOCKADDR, XLAT_NONE, true, -EAGAIN, 0x2000, PTR(&len), 0),
		   "\"0x2000\"");
}

static void test_numbers(void)
{
	char want[256];

	snprintf(want, sizeof(want), "{\"raw\":%d,\"flags\":[\"O_RDONLY\",\"O_CLOEXEC\"]}",
		 O_RDONLY | O_CLOEXEC);
	check_json("openat O_RDONLY|O_CLOEXEC",
		   decode1(ARG_FLAGS, XLAT_OPEN_FLAGS, false, 0, O_RDONLY | O_CLOEXEC, 0, 0), want);
	snprintf(want, sizeof(want),
		 "{\"raw\":%d,\"flags\":[\"O_WRONLY\",\"O_CREAT\",\"O_TRUNC\",\"0x40000000\"]}",
		 O_WRONLY | O_CREAT | O_TRUNC | 0x40000000);
	check_json("unknown open bit shown",
		   decode1(ARG_FLAGS, XLAT_OPEN_FLAGS, false, 0,
			   O_WRONLY | O_CREAT | O_TRUNC | 0x40000000, 0, 0),
		   want);
	snprintf(want, sizeof(want), "{\"raw\":%d,\"flags\":[\"O_RDWR\",\"O_TMPFILE\"]}",
		 O_RDWR | O_TMPFILE);
	check_json("composite O_TMPFILE",
		   decode1(ARG_FLAGS, XLAT_OPEN_FLAGS, false, 0, O_RDWR | O_TMPFILE, 0, 0), want);
	check_json("PROT_NONE", decode1(ARG_FLAGS, XLAT_MMAP_PROT, false, 0, 0, 0, 0),
		   "{\"raw\":0,\"flags\":[\"PROT_NONE\"]}");
	check_json("PROT_READ|PROT_WRITE",
		   decode1(ARG_FLAGS, XLAT_MMAP_PROT, false, 0, PROT_READ | PROT_WRITE, 0, 0),
		   "{\"raw\":3,\"flags\":[\"PROT_READ\",\"PROT_WRITE\"]}");
	snprintf(want, sizeof(want), "{\"raw\":%d,\"flags\":[\"MAP_PRIVATE\",\"MAP_ANONYMOUS\"]}",
		 MAP_PRIVATE | MAP_ANONYMOUS);
	check_json("mmap flags",
		   decode1(ARG_FLAGS, XLAT_MMAP_FLAGS, false, 0, MAP_PRIVATE | MAP_ANONYMOUS, 0, 0),
		   want);
	snprintf(want, sizeof(want),
		 "{\"raw\":%d,\"flags\":[\"CLONE_VM\",\"CLONE_FS\",\"SIGCHLD\"]}",
		 CLONE_VM | CLONE_FS | SIGCHLD);
	check_json(
		"clone flags with exit signal",
		decode1(ARG_FLAGS, XLAT_CLONE_FLAGS, false, 0, CLONE_VM | CLONE_FS | SIGCHLD, 0, 0),
		want);
	check_json("empty flags", decode1(ARG_FLAGS, XLAT_AT_FLAGS, false, 0, 0, 0, 0),
		   "{\"raw\":0,\"flags\":[]}");

	check_json("enum known", decode1(ARG_ENUM, XLAT_WHENCE, false, 0, SEEK_END, 0, 0),
		   "\"SEEK_END\"");
	check_json("enum unknown value", decode1(ARG_ENUM, XLAT_WHENCE, false, 0, 77, 0, 0), "77");
	check_json("socket type with flags",
		   decode1(ARG_ENUM, XLAT_SOCK_TYPE, false, 0, SOCK_STREAM | SOCK_CLOEXEC, 0, 0),
		   "\"SOCK_STREAM|SOCK_CLOEXEC\"");
	check_json("address family",
		   decode1(ARG_ENUM, XLAT_ADDRESS_FAMILIES, false, 0, AF_INET6, 0, 0),
		   "\"AF_INET6\"");

	check_json("int", decode1(ARG_INT, XLAT_NONE, false, 0, (uint64_t)-5, 0, 0), "-5");
	check_json("int, 32-bit register", decode1(ARG_INT, XLAT_NONE, false, 0, 0xffffffffu, 0, 0),
		   "-1");
	check_json("size", decode1(ARG_SIZE, XLAT_NONE, false, 0, 4096, 0, 0), "4096");
	check_json("hex", decode1(ARG_HEX, XLAT_NONE, false, 0, 0xdeadbeef, 0, 0),
		   "\"0xdeadbeef\"");
	check_json("ptr", decode1(ARG_PTR, XLAT_NONE, false, 0, 0x7ffd0000, 0, 0),
		   "\"0x7ffd0000\"");
	check_json("NULL ptr", decode1(ARG_PTR, XLAT_NONE, false, 0, 0, 0, 0), "null");
	check_json("dirfd AT_FDCWD",
		   decode1(ARG_DIRFD, XLAT_NONE, false, 0, (uint64_t)(int64_t)AT_FDCWD, 0, 0),
		   "\"AT_FDCWD\"");
	check_json("dirfd AT_FDCWD zero-extended",
		   decode1(ARG_DIRFD, XLAT_NONE, false, 0, (uint32_t)AT_FDCWD, 0, 0),
		   "\"AT_FDCWD\"");
	check_json("fd", decode1(ARG_FD, XLAT_NONE, false, 0, 3, 0, 0), "3");
	check_json("mode", decode1(ARG_MODE, XLAT_NONE, false, 0, 0644, 0, 0), "\"0644\"");
	check_json("mode with type", decode1(ARG_MODE, XLAT_NONE, false, 0, S_IFCHR | 0600, 0, 0),
		   "\"S_IFCHR|0600\"");
	check_json("signo", decode1(ARG_SIGNO, XLAT_NONE, false, 0, SIGTERM, 0, 0), "\"SIGTERM\"");
	check_json("signo 0", decode1(ARG_SIGNO, XLAT_NONE, false, 0, 0, 0, 0), "0");
	check_json(
		"ioctl TCGETS, top half ignored",
		decode1(ARG_IOCTL_REQ, XLAT_NONE, false, 0, 0xffffffff00000000ull | TCGETS, 0, 0),
		"\"TCGETS\"");
	check_json("ioctl FIONREAD", decode1(ARG_IOCTL_REQ, XLAT_NONE, false, 0, FIONREAD, 0, 0),
		   "\"FIONREAD\"");
	check_json("ioctl unknown", decode1(ARG_IOCTL_REQ, XLAT_NONE, false, 0, 0x1234abcd, 0, 0),
		   "\"0x1234abcd\"");

	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	test_opts.decode_fds = true;
	snprintf(want, sizeof(want), "{\"fd\":%d,\"target\":\"/dev/null\"}", fd);
	check_json("fd with -y", decode1(ARG_FD, XLAT_NONE, false, 0, (uint64_t)fd, 0, 0), want);
	check_json("negative fd with -y", decode1(ARG_FD, XLAT_NONE, false, 0, (uint64_t)-1, 0, 0),
		   "-1");
	test_opts.decode_fds = false;
	close(fd);
}

static void test_names(void)
{
	int bad = 0;
	for (int e = 1; e < 4096; e++) {
		const char *name = xlat_errno_name(e);
		if (name && xlat_errno_value(name) != e) {
			printf("  errno %d -> %s -> %d\n", e, name, xlat_errno_value(name));
			bad++;
		}
	}
	check("errno names round-trip", bad == 0);
	check("ENOENT",
	      xlat_errno_name(ENOENT) && strcmp(xlat_errno_name(ENOENT), "ENOENT") == 0);
	check("EWOULDBLOCK is EAGAIN", xlat_errno_value("EWOULDBLOCK") == EAGAIN);
	check("unknown errno",
	      xlat_errno_name(4000) == NULL && xlat_errno_value("ENOPE") == -1);

	bad = 0;
	for (int s = 1; s <= 64; s++) {
		const char *name = xlat_signal_name(s);
		if (!name || xlat_signal_value(name) != s) {
			printf("  signal %d -> %s\n", s, name ? name : "(none)");
			bad++;
		}
	}
	check("signal names round-trip 1..64", bad == 0);
	check("SIGKILL", strcmp(xlat_signal_name(SIGKILL), "SIGKILL") == 0);
	check("SIGRT_1", strcmp(xlat_signal_name(33), "SIGRT_1") == 0);
	check("unknown signal", xlat_signal_name(0) == NULL && xlat_signal_name(99) == NULL);

	uint64_t v = 0;
	check("xlat_value", xlat_value(XLAT_OPEN_FLAGS, "O_CLOEXEC", &v) == 0 && v == O_CLOEXEC);
	check("xlat_value unknown", xlat_value(XLAT_OPEN_FLAGS, "O_NOPE", &v) == -ENOENT);
	check("xlat_lookup_any", xlat_lookup_any("AF_UNIX", &v) == 0 && v == AF_UNIX);
	check("xlat_name",
	      xlat_name(XLAT_ADDRESS_FAMILIES, AF_NETLINK) &&
		      strcmp(xlat_name(XLAT_ADDRESS_FAMILIES, AF_NETLINK), "AF_NETLINK") == 0);
	check("xlat_name out of range", xlat_name(XLAT_COUNT, 0) == NULL);

	/* Every list is non-empty and its names are unique. */
	bad = 0;
	for (unsigned id = XLAT_NONE + 1; id < XLAT_COUNT; id++) {
		const struct xlat *x = &xlat_tables[id];
		if (x->len == 0) {
			printf("  list %s is empty\n", x->name);
			bad++;
		}
		for (size_t a = 0; a < x->len; a++)
			for (size_t b = a + 1; b < x->len; b++)
				if (strcmp(x->entries[a].name, x->entries[b].name) == 0) {
					printf("  list %s: %s twice\n", x->name,
					       x->entries[a].name);
					bad++;
				}
	}
	check("xlat lists non-empty and unique", bad == 0);
}

static void test_structs(void)
{
	char want[512];
	char *argv[] = {"ls", "-l", "/tmp", NULL};
	check_json("argv", decode1(ARG_ARGV, XLAT_NONE, false, 0, PTR(argv), 0, 0),
		   "[\"ls\",\"-l\",\"/tmp\"]");
	check_json("envp counted", decode1(ARG_ENVP, XLAT_NONE, false, 0, PTR(argv), 0, 0),
		   "{\"count\":3}");
	test_opts.verbose = true;
	check_json("envp with -v", decode1(ARG_ENVP, XLAT_NONE, false, 0, PTR(argv), 0, 0),
		   "[\"ls\",\"-l\",\"/tmp\"]");
	test_opts.verbose = false;

	/* More entries than are looked at: a marker at the end. */
	size_t big = 5000;
	char **many = calloc(big + 1, sizeof(*many));
	for (size_t k = 0; k < big; k++)
		many[k] = "x";
	struct jv *o = decode1(ARG_ARGV, XLAT_NONE, false, 0, PTR(many), 0, 0);
	char *last = jv_to_json(jv_at(o, 4096));
	check("argv capped at 4096 with a marker",
	      o && jv_len(o) == 4097 && last && strcmp(last, "{\"truncated\":true}") == 0);
	free(last);
	jv_arena_reset(NULL);
	free(many);

	char a[] = "ab", b[] = "cdef";
	struct iovec iov[2] = {{a, 2}, {b, 4}};
	check_json("iovec", decode1(ARG_IOVEC, XLAT_NONE, false, 0, PTR(iov), 2, 0),
		   "[{\"iov_base\":\"ab\",\"iov_len\":2},{\"iov_base\":\"cdef\",\"iov_len\":4}]");
	test_opts.strsize = 3;
	check_json("iovec shares the -s budget",
		   decode1(ARG_IOVEC, XLAT_NONE, false, 0, PTR(iov), 2, 0),
		   "[{\"iov_base\":\"ab\",\"iov_len\":2},{\"iov_base\":{\"str\":\"c\","
		   "\"truncated\":true,\"len\":4},\"iov_len\":4}]");
	test_opts.strsize = 32;
	check_json("oiovec filled by the return value",
		   decode1(ARG_OIOVEC, XLAT_NONE, true, 3, PTR(iov), 2, 0),
		   "[{\"iov_base\":\"ab\",\"iov_len\":2},{\"iov_base\":\"c\",\"iov_len\":4}]");
	check_json("iovec count 0", decode1(ARG_IOVEC, XLAT_NONE, false, 0, PTR(iov), 0, 0), "[]");

	struct timespec ts = {.tv_sec = 1, .tv_nsec = 500};
	check_json("timespec", decode1(ARG_TIMESPEC, XLAT_NONE, false, 0, PTR(&ts), 0, 0),
		   "{\"tv_sec\":1,\"tv_nsec\":500}");
	check_json("otimespec at exit", decode1(ARG_OTIMESPEC, XLAT_NONE, true, 0, PTR(&ts), 0, 0),
		   "{\"tv_sec\":1,\"tv_nsec\":500}");
	check_json("otimespec not at entry",
		   decode1(ARG_OTIMESPEC, XLAT_NONE, false, 0, PTR(&ts), 0, 0), "null");

	int fds[2] = {3, 4};
	check_json("fdpair", decode1(ARG_FDPAIR, XLAT_NONE, true, 0, PTR(fds), 0, 0), "[3,4]");

	struct stat st;
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0) {
		/* strace's abbreviated form without -v. */
		snprintf(want, sizeof(want), "{\"st_mode\":\"S_IFREG|0%03o\",\"st_size\":%lld}",
			 st.st_mode & 07777, (long long)st.st_size);
		check_json("ostat", decode1(ARG_OSTAT, XLAT_NONE, true, 0, PTR(&st), 0, 0), want);
		check_json("ostat of a failed call is the address",
			   decode1(ARG_OSTAT, XLAT_NONE, true, -ENOENT, 0x1000, 0, 0),
			   "\"0x1000\"");
		test_opts.verbose = true;
		struct jv *full = decode1(ARG_OSTAT, XLAT_NONE, true, 0, PTR(&st), 0, 0);
		struct jv *ino = NULL;
		check("ostat with -v has st_ino", full && jv_get_ex(full, "st_ino", &ino) &&
							  jv_as_uint(ino) == (uint64_t)st.st_ino);
		jv_arena_reset(NULL);
		test_opts.verbose = false;
	}
	if (fd >= 0)
		close(fd);

	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} control;
	memset(&control, 0, sizeof(control));
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	strcpy(sun.sun_path, "/s");
	struct msghdr mh = {
		.msg_name = &sun,
		.msg_namelen = offsetof(struct sockaddr_un, sun_path) + 3,
		.msg_iov = iov,
		.msg_iovlen = 1,
		.msg_control = control.buf,
		.msg_controllen = sizeof(control.buf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(2 * sizeof(int));
	memcpy(CMSG_DATA(cm), fds, sizeof(fds));
	snprintf(want, sizeof(want),
		 "{\"msg_name\":{\"family\":\"AF_UNIX\",\"path\":\"/s\"},\"msg_namelen\":5,"
		 "\"msg_iov\":[{\"iov_base\":\"ab\",\"iov_len\":2}],\"msg_iovlen\":1,"
		 "\"msg_control\":[{\"cmsg_len\":%zu,\"cmsg_level\":\"SOL_SOCKET\","
		 "\"cmsg_type\":\"SCM_RIGHTS\",\"cmsg_data\":[3,4]}],\"msg_controllen\":%zu,"
		 "\"msg_flags\":{\"raw\":0,\"flags\":[]}}",
		 (size_t)CMSG_LEN(2 * sizeof(int)), sizeof(control.buf));
	check_json("msghdr with SCM_RIGHTS",
		   decode1(ARG_MSGHDR, XLAT_NONE, false, 0, PTR(&mh), 0, 0), want);
	mh.msg_flags = MSG_TRUNC;
	snprintf(want, sizeof(want),
		 "{\"msg_name\":{\"family\":\"AF_UNIX\",\"path\":\"/s\"},\"msg_namelen\":5,"
		 "\"msg_iov\":[{\"iov_base\":\"a\",\"iov_len\":2}],\"msg_iovlen\":1,"
		 "\"msg_control\":[{\"cmsg_len\":%zu,\"cmsg_level\":\"SOL_SOCKET\","
		 "\"cmsg_type\":\"SCM_RIGHTS\",\"cmsg_data\":[3,4]}],\"msg_controllen\":%zu,"
		 "\"msg_flags\":{\"raw\":%d,\"flags\":[\"MSG_TRUNC\"]}}",
		 (size_t)CMSG_LEN(2 * sizeof(int)), sizeof(control.buf), MSG_TRUNC);
	check_json("omsghdr at exit", decode1(ARG_OMSGHDR, XLAT_NONE, true, 1, PTR(&mh), 0, 0),
		   want);

	int one = 1;
	check_json("sockopt int",
		   decode1(ARG_SOCKOPT, XLAT_NONE, false, 0, PTR(&one), sizeof(one), 0), "1");
	check_json("sockopt bytes", decode1(ARG_SOCKOPT, XLAT_NONE, false, 0, PTR("eth0"), 5, 0),
		   "\"eth0\\u0000\"");

	struct pollfd pfd[2] = {{.fd = 0, .events = POLLIN}, {.fd = 5, .events = POLLIN | POLLOUT}};
	check_json("pollfds", decode1(ARG_POLLFDS, XLAT_NONE, false, 0, PTR(pfd), 2, 0),
		   "[{\"fd\":0,\"events\":[\"POLLIN\"]},{\"fd\":5,\"events\":[\"POLLIN\","
		   "\"POLLOUT\"]}]");
}

/* Decodes argument @i of a call with the signature @sig. */
static struct jv *decode_sig(const struct syscall_sig *sig, unsigned i, bool exiting, int64_t ret,
			     const uint64_t args[6])
{
	struct decode_ctx ctx = {
		.pid = getpid(),
		.arch = syscalls_native_arch(),
		.opts = &test_opts,
		.args = args,
		.exiting = exiting,
		.ret = ret,
	};
	return decode_arg(&ctx, sig, i);
}

/* Decoders whose value depends on another argument, through the real
 * signatures of the table. */
static void test_dependent_args(void)
{
	const struct syscall_sig *openat = syscalls_by_name("openat");
	const struct syscall_sig *socket_sig = syscalls_by_name("socket");
	const struct syscall_sig *setsockopt_sig = syscalls_by_name("setsockopt");
	const struct syscall_sig *statx_sig = syscalls_by_name("statx");

	if (!openat || !socket_sig || !setsockopt_sig || !statx_sig) {
		check("signatures of openat, socket, setsockopt, statx", 0);
		return;
	}
	uint64_t a1[6] = {(uint64_t)(int64_t)AT_FDCWD, PTR("f"), O_RDONLY, 0777, 0, 0};
	check_json("openat mode without O_CREAT is null", decode_sig(openat, 3, false, 0, a1),
		   "null");
	uint64_t a2[6] = {(uint64_t)(int64_t)AT_FDCWD, PTR("f"), O_WRONLY | O_CREAT, 0640, 0, 0};
	check_json("openat mode with O_CREAT", decode_sig(openat, 3, false, 0, a2), "\"0640\"");
	uint64_t a3[6] = {(uint64_t)(int64_t)AT_FDCWD, PTR("/tmp"), O_RDWR | O_TMPFILE, 0600, 0, 0};
	check_json("openat mode with O_TMPFILE", decode_sig(openat, 3, false, 0, a3), "\"0600\"");
	check_json("AT_FDCWD", decode_sig(openat, 0, false, 0, a3), "\"AT_FDCWD\"");

	uint64_t s1[6] = {AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, 0, 0, 0};
	check_json("socket type with flags", decode_sig(socket_sig, 1, false, 0, s1),
		   "\"SOCK_STREAM|SOCK_CLOEXEC\"");
	check_json("AF_UNIX protocol is a number", decode_sig(socket_sig, 2, false, 0, s1), "0");
	uint64_t s2[6] = {AF_INET, SOCK_STREAM, IPPROTO_TCP, 0, 0, 0};
	check_json("AF_INET protocol", decode_sig(socket_sig, 2, false, 0, s2), "\"IPPROTO_TCP\"");
	uint64_t s3[6] = {AF_INET6, SOCK_DGRAM, 0, 0, 0, 0};
	check_json("AF_INET6 protocol 0", decode_sig(socket_sig, 2, false, 0, s3),
		   "\"IPPROTO_IP\"");
	uint64_t s4[6] = {AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, 0, 0, 0};
	check_json("AF_NETLINK protocol", decode_sig(socket_sig, 2, false, 0, s4),
		   "\"NETLINK_ROUTE\"");

	int one = 1;
	uint64_t o1[6] = {3, SOL_SOCKET, SO_REUSEADDR, PTR(&one), sizeof(one), 0};
	check_json("SOL_SOCKET option", decode_sig(setsockopt_sig, 2, false, 0, o1),
		   "\"SO_REUSEADDR\"");
	uint64_t o2[6] = {3, IPPROTO_TCP, 1 /* TCP_NODELAY */, PTR(&one), sizeof(one), 0};
	check_json("SOL_TCP level", decode_sig(setsockopt_sig, 1, false, 0, o2), "\"SOL_TCP\"");
	check_json("SOL_TCP option", decode_sig(setsockopt_sig, 2, false, 0, o2),
		   "\"TCP_NODELAY\"");
	uint64_t o3[6] = {3, IPPROTO_IPV6, 26 /* IPV6_V6ONLY */, PTR(&one), sizeof(one), 0};
	check_json("SOL_IPV6 option", decode_sig(setsockopt_sig, 2, false, 0, o3),
		   "\"IPV6_V6ONLY\"");
	uint64_t o4[6] = {3, 999, 7, PTR(&one), sizeof(one), 0};
	check_json("unknown level: option as a number", decode_sig(setsockopt_sig, 2, false, 0, o4),
		   "7");

	uint64_t x1[6] = {(uint64_t)(int64_t)AT_FDCWD, PTR("f"), AT_SYMLINK_NOFOLLOW, 0, 0, 0};
	check_json("statx sync type 0 is named", decode_sig(statx_sig, 2, false, 0, x1),
		   "{\"raw\":256,\"flags\":[\"AT_STATX_SYNC_AS_STAT\",\"AT_SYMLINK_NOFOLLOW\"]}");
	uint64_t x2[6] = {(uint64_t)(int64_t)AT_FDCWD, PTR("f"), AT_STATX_DONT_SYNC, 0, 0, 0};
	check_json("statx sync type", decode_sig(statx_sig, 2, false, 0, x2),
		   "{\"raw\":16384,\"flags\":[\"AT_STATX_DONT_SYNC\"]}");
}

static void test_more_structs(void)
{
	char want[512];

	uint64_t mask = (1ull << (SIGINT - 1)) | (1ull << (SIGTERM - 1)) | (1ull << 33);
	check_json("sigset", decode1(ARG_SIGSET, XLAT_NONE, false, 0, PTR(&mask), 0, 0),
		   "[\"SIGINT\",\"SIGTERM\",\"SIGRT_2\"]");
	uint64_t empty = 0;
	check_json("empty sigset", decode1(ARG_SIGSET, XLAT_NONE, false, 0, PTR(&empty), 0, 0),
		   "[]");
	snprintf(want, sizeof(want), "\"0x%llx\"", (unsigned long long)PTR(&mask));
	check_json("osigset not written on failure: the address",
		   decode1(ARG_OSIGSET, XLAT_NONE, true, -EINVAL, PTR(&mask), 0, 0), want);

	/* The kernel's struct sigaction (x86_64 and the generic 64-bit ABI):
	 * handler, flags, restorer, mask. */
	uint64_t ksa[4] = {0x1234, SA_RESTART | 0x04000000u, 0x5678, 1ull << (SIGTERM - 1)};
	check_json("sigaction", decode1(ARG_SIGACTION, XLAT_NONE, false, 0, PTR(ksa), 0, 0),
		   "{\"sa_handler\":\"0x1234\",\"sa_mask\":[\"SIGTERM\"],\"sa_flags\":{\"raw\":"
		   "335544320,\"flags\":[\"SA_RESTORER\",\"SA_RESTART\"]},\"sa_restorer\":"
		   "\"0x5678\"}");
	uint64_t kign[4] = {1, 0, 0, 0};
	check_json("sigaction SIG_IGN",
		   decode1(ARG_SIGACTION, XLAT_NONE, false, 0, PTR(kign), 0, 0),
		   "{\"sa_handler\":\"SIG_IGN\",\"sa_mask\":[],\"sa_flags\":{\"raw\":0,\"flags\":[]"
		   "}}");
	check_json("osigaction at exit",
		   decode1(ARG_OSIGACTION, XLAT_NONE, true, 0, PTR(kign), 0, 0),
		   "{\"sa_handler\":\"SIG_IGN\",\"sa_mask\":[],\"sa_flags\":{\"raw\":0,\"flags\":[]"
		   "}}");
	check_json("sigaction at a bad address",
		   decode1(ARG_SIGACTION, XLAT_NONE, false, 0, 16, 0, 0),
		   "{\"addr\":\"0x10\",\"error\":\"EFAULT\"}");

	struct rlimit rl = {.rlim_cur = 1024, .rlim_max = RLIM_INFINITY};
	check_json("rlimit", decode1(ARG_RLIMIT, XLAT_NONE, false, 0, PTR(&rl), 0, 0),
		   "{\"rlim_cur\":1024,\"rlim_max\":\"RLIM_INFINITY\"}");
	check_json("orlimit at exit", decode1(ARG_ORLIMIT, XLAT_NONE, true, 0, PTR(&rl), 0, 0),
		   "{\"rlim_cur\":1024,\"rlim_max\":\"RLIM_INFINITY\"}");

	struct utsname u;
	memset(&u, 0, sizeof(u));
	strcpy(u.sysname, "Linux");
	strcpy(u.nodename, "box");
	strcpy(u.release, "6.1");
	check_json("utsname (strace's two fields)",
		   decode1(ARG_OUTSNAME, XLAT_NONE, true, 0, PTR(&u), 0, 0),
		   "{\"sysname\":\"Linux\",\"nodename\":\"box\"}");

	struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = 7};
	snprintf(want, sizeof(want),
		 "{\"events\":{\"raw\":%u,\"flags\":[\"EPOLLIN\",\"EPOLLET\"]},"
		 "\"data\":{\"u32\":7,\"u64\":7}}",
		 (unsigned)(EPOLLIN | EPOLLET));
	check_json("epoll_event", decode1(ARG_EPOLLEVENT, XLAT_NONE, false, 0, PTR(&ev), 0, 0),
		   want);

	/* Two linux_dirent64 records of 24 and 32 bytes. */
	unsigned char d[56];
	memset(d, 0, sizeof(d));
	uint16_t r1 = 24, r2 = 32;
	memcpy(d + 16, &r1, 2);
	memcpy(d + 24 + 16, &r2, 2);
	snprintf(want, sizeof(want), "{\"addr\":\"0x%llx\",\"entries\":2}",
		 (unsigned long long)PTR(d));
	check_json("dirents counted", decode1(ARG_ODIRENTS, XLAT_NONE, true, 56, PTR(d), 0, 0),
		   want);

	int st = 3 << 8;
	check_json("wait status exited", decode1(ARG_OWSTATUS, XLAT_NONE, true, 42, PTR(&st), 0, 0),
		   "{\"exited\":3}");
	st = SIGKILL;
	check_json("wait status signaled",
		   decode1(ARG_OWSTATUS, XLAT_NONE, true, 42, PTR(&st), 0, 0),
		   "{\"signaled\":\"SIGKILL\"}");
	check_json("wait status not written (WNOHANG, 0)",
		   decode1(ARG_OWSTATUS, XLAT_NONE, true, 0, 0, 0, 0), "null");

	int len = 16;
	check_json("olen", decode1(ARG_OLEN, XLAT_NONE, true, 0, PTR(&len), 0, 0), "16");
	int val = 0;
	socklen_t vlen = sizeof(val);
	check_json("osockopt int",
		   decode1(ARG_OSOCKOPT, XLAT_NONE, true, 0, PTR(&val), PTR(&vlen), 0), "0");
}

static void test_ret(void)
{
	uint64_t args[6] = {0};
	struct syscall_sig sig = {.name = "mmap", .ret = ARG_PTR, .nargs = 0};
	struct decode_ctx ctx = {
		.pid = getpid(), .opts = &test_opts, .args = args, .exiting = true};

	ctx.ret = 0x7f0000001000;
	check_json("ptr return", decode_ret(&ctx, &sig), "\"0x7f0000001000\"");
	ctx.ret = -ENOMEM;
	check_json("failed call returns -1", decode_ret(&ctx, &sig), "-1");
	sig.ret = ARG_SIZE;
	ctx.ret = 12;
	check_json("size return", decode_ret(&ctx, &sig), "12");
}

/* -y on a returned fd: only for calls that return one, only when asked,
 * never for a failure. */
static void test_ret_fd(void)
{
	uint64_t args[6] = {0};
	struct decode_opts yopts = test_opts;
	struct syscall_sig sig = {.name = "openat", .ret = ARG_FD, .nargs = 0};
	struct decode_ctx ctx = {
		.pid = getpid(), .opts = &test_opts, .args = args, .exiting = true};
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	check("open /dev/null", fd >= 0);
	yopts.decode_fds = true;
	ctx.ret = fd;
	check("no ret_fd without -y", decode_ret_fd(&ctx, &sig) == NULL);
	ctx.opts = &yopts;
	char want[64];
	snprintf(want, sizeof(want), "{\"fd\":%d,\"target\":\"/dev/null\"}", fd);
	check_json("ret_fd with -y", decode_ret_fd(&ctx, &sig), want);
	ctx.ret = -ENOENT;
	check("no ret_fd for a failed call", decode_ret_fd(&ctx, &sig) == NULL);
	ctx.ret = fd;
	sig.ret = ARG_SIZE;
	check("no ret_fd for a size return", decode_ret_fd(&ctx, &sig) == NULL);
	close(fd);
}

/* siginfo as strace shows it, from hand-made siginfo_t images. */
static void test_siginfo(void)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_signo = SIGCHLD;
	si.si_code = CLD_KILLED;
	si.si_pid = 42;
	si.si_uid = 1000;
	si.si_status = SIGKILL;
	check_json("SIGCHLD killed", decode_siginfo(&si),
		   "{\"si_signo\":\"SIGCHLD\",\"si_code\":\"CLD_KILLED\",\"si_pid\":42,"
		   "\"si_uid\":1000,\"si_status\":\"SIGKILL\",\"si_utime\":0,\"si_stime\":0}");
	si.si_code = CLD_EXITED;
	si.si_status = 3;
	check_json("SIGCHLD exited", decode_siginfo(&si),
		   "{\"si_signo\":\"SIGCHLD\",\"si_code\":\"CLD_EXITED\",\"si_pid\":42,"
		   "\"si_uid\":1000,\"si_status\":3,\"si_utime\":0,\"si_stime\":0}");

	memset(&si, 0, sizeof(si));
	si.si_signo = SIGUSR1;
	si.si_code = SI_QUEUE;
	si.si_pid = 7;
	si.si_value.sival_int = 5;
	check_json("sigqueue", decode_siginfo(&si),
		   "{\"si_signo\":\"SIGUSR1\",\"si_code\":\"SI_QUEUE\",\"si_pid\":7,"
		   "\"si_uid\":0,\"si_int\":5,\"si_ptr\":\"0x5\"}");

	memset(&si, 0, sizeof(si));
	si.si_signo = SIGSEGV;
	si.si_code = SI_KERNEL;
	check_json("SIGSEGV from the kernel", decode_siginfo(&si),
		   "{\"si_signo\":\"SIGSEGV\",\"si_code\":\"SI_KERNEL\",\"si_addr\":null}");
	si.si_code = SEGV_MAPERR;
	si.si_addr = (void *)0x1000;
	si.si_errno = EFAULT;
	check_json("SIGSEGV fault with errno", decode_siginfo(&si),
		   "{\"si_signo\":\"SIGSEGV\",\"si_code\":\"SEGV_MAPERR\",\"si_errno\":\"EFAULT\","
		   "\"si_addr\":\"0x1000\"}");

	memset(&si, 0, sizeof(si));
	uint64_t sys_seccomp = 0;
	check("SYS_SECCOMP is named", xlat_value(XLAT_SYS_CODES, "SYS_SECCOMP", &sys_seccomp) == 0);
	si.si_signo = SIGSYS;
	si.si_code = (int)sys_seccomp;
	si.si_call_addr = (void *)0x401000;
	si.si_syscall = 39;
	si.si_arch = syscalls_native_arch();
	char want[256];
	snprintf(want, sizeof(want),
		 "{\"si_signo\":\"SIGSYS\",\"si_code\":\"SYS_SECCOMP\",\"si_call_addr\":"
		 "\"0x401000\",\"si_syscall\":39,\"si_arch\":\"%s\"}",
		 syscalls_arch_name(syscalls_native_arch()));
	check_json("SIGSYS from seccomp", decode_siginfo(&si), want);

	/* A code no list names stays a number; a signal with no kernel
	 * members gets none. */
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGCHLD;
	si.si_code = 99;
	check_json("unknown SIGCHLD code", decode_siginfo(&si),
		   "{\"si_signo\":\"SIGCHLD\",\"si_code\":99,\"si_pid\":0,\"si_uid\":0,"
		   "\"si_status\":0,\"si_utime\":0,\"si_stime\":0}");
	si.si_signo = SIGUSR2;
	si.si_code = 3;
	check_json("kernel code of a plain signal", decode_siginfo(&si),
		   "{\"si_signo\":\"SIGUSR2\",\"si_code\":3}");
}

/* clone3's struct clone_args and futex's clock flag, as strace shows them. */
static void test_process_args(void)
{
	struct clone_args ca;

	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_NEWUSER | CLONE_NEWNET | CLONE_PIDFD;
	ca.pidfd = 0x1000;
	ca.child_tid = 0x2000; /* no CLONE_CHILD_*TID: the kernel ignores it */
	ca.exit_signal = SIGCHLD;
	ca.stack_size = 0x4000;
	check_json("clone_args", decode_cloneargs_bytes(&ca, sizeof(ca)),
		   "{\"flags\":{\"raw\":1342181376,\"flags\":[\"CLONE_PIDFD\",\"CLONE_NEWUSER\","
		   "\"CLONE_NEWNET\"]},\"pidfd\":\"0x1000\",\"exit_signal\":\"SIGCHLD\","
		   "\"stack_size\":\"0x4000\"}");
	/* The kernel reads only the size the caller gave (CLONE_ARGS_SIZE_VER0
	 * is 64 bytes: no set_tid, set_tid_size or cgroup). */
	ca.cgroup = 3;
	check_json("clone_args cut at its size", decode_cloneargs_bytes(&ca, 16),
		   "{\"flags\":{\"raw\":1342181376,\"flags\":[\"CLONE_PIDFD\",\"CLONE_NEWUSER\","
		   "\"CLONE_NEWNET\"]},\"pidfd\":\"0x1000\"}");
	check_json("futex op with its clock flag",
		   decode1(ARG_ENUM, XLAT_FUTEX_OPS, false, 0, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, 0),
		   "\"FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME\"");
	check_json("futex private op", decode1(ARG_ENUM, XLAT_FUTEX_OPS, false, 0, FUTEX_WAKE_PRIVATE, 0, 0),
		   "\"FUTEX_WAKE_PRIVATE\"");
	check_json("unknown futex op", decode1(ARG_ENUM, XLAT_FUTEX_OPS, false, 0, 0x7f | FUTEX_CLOCK_REALTIME, 0, 0),
		   "383");
}

/* The typed form behind the JSON: tracee bytes stay raw in a JV_BYTES node
 * (the writer escapes them), a cut string carries its marker and total in
 * the node, and tags say what an object is, so a writer need not guess. */
static void test_typed(void)
{
	static const char path[] = "a\\b\xff";
	static const char buf[] = "hello world";
	struct jv *v = NULL, *m = NULL;
	char *json = NULL;

	v = decode1(ARG_PATH, XLAT_NONE, false, 0, PTR(path), 0, 0);
	json = jv_to_json(v);
	check("path is JV_BYTES holding the raw bytes",
	      jv_kind_of(v) == JV_BYTES && v->v.s.len == sizeof(path) - 1 &&
		      memcmp(v->v.s.p, path, sizeof(path) - 1) == 0 && !v->truncated &&
		      !v->hex_bytes && v->v.s.total == sizeof(path) - 1);
	check("path's JSON is the escaped form",
	      json && strcmp(json, "\"a\\\\\\\\b\\\\xff\"") == 0);
	free(json);
	jv_arena_reset(NULL);

	test_opts.strsize = 5;
	v = decode1(ARG_IBUF, XLAT_NONE, false, 0, PTR(buf), 11, 0);
	check("cut buffer: truncated, 5 of 11 bytes",
	      jv_kind_of(v) == JV_BYTES && v->truncated && v->v.s.len == 5 && v->v.s.total == 11 &&
		      memcmp(v->v.s.p, "hello", 5) == 0);
	v = decode1(ARG_STR, XLAT_NONE, false, 0, PTR(buf), 0, 0);
	check("cut string without its end: total unknown",
	      jv_kind_of(v) == JV_BYTES && v->truncated && v->v.s.len == 5 &&
		      v->v.s.total == DECODE_LEN_UNKNOWN);
	test_opts.strsize = 32;
	test_opts.hex_strings = true;
	v = decode1(ARG_STR, XLAT_NONE, false, 0, PTR(buf), 0, 0);
	check("-x is carried by the node", jv_kind_of(v) == JV_BYTES && v->hex_bytes);
	test_opts.hex_strings = false;
	jv_arena_reset(NULL);

	v = decode1(ARG_FLAGS, XLAT_OPEN_FLAGS, false, 0, O_WRONLY | O_CLOEXEC, 0, 0);
	m = jv_get(v, "flags");
	check("flags are tagged JV_TAG_FLAGS, their names JV_TAG_SYMBOL",
	      jv_kind_of(v) == JV_OBJECT && v->tag == JV_TAG_FLAGS && jv_len(m) == 2 &&
		      m->v.c.first->tag == JV_TAG_SYMBOL &&
		      jv_as_uint(jv_get(v, "raw")) == (uint64_t)(O_WRONLY | O_CLOEXEC));
	jv_arena_reset(NULL);

	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(80)};
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	v = decode_sockaddr_bytes(&sin, sizeof(sin));
	check("sockaddr is tagged JV_TAG_SOCKADDR",
	      jv_kind_of(v) == JV_OBJECT && v->tag == JV_TAG_SOCKADDR &&
		      jv_get(v, "family")->tag == JV_TAG_SYMBOL);
	v = decode1(ARG_SOCKADDR, XLAT_NONE, false, 0, PTR(&sin), sizeof(sin), 0);
	check("sockaddr argument is tagged JV_TAG_SOCKADDR",
	      jv_kind_of(v) == JV_OBJECT && v->tag == JV_TAG_SOCKADDR);
	jv_arena_reset(NULL);

	v = decode1(ARG_PTR, XLAT_NONE, false, 0, 0x7ffd0000, 0, 0);
	check("pointer is JV_UINT tagged JV_TAG_PTR",
	      jv_kind_of(v) == JV_UINT && v->tag == JV_TAG_PTR && v->v.u == 0x7ffd0000);
	v = decode1(ARG_HEX, XLAT_NONE, false, 0, 0xdeadbeef, 0, 0);
	check("hex is JV_UINT tagged JV_TAG_HEX", jv_kind_of(v) == JV_UINT && v->tag == JV_TAG_HEX);
	v = decode1(ARG_PATH, XLAT_NONE, false, 0, 1, 0, 0);
	check("unreadable memory is tagged JV_TAG_MEMERR",
	      jv_kind_of(v) == JV_OBJECT && v->tag == JV_TAG_MEMERR);
	v = decode1(ARG_MODE, XLAT_NONE, false, 0, 0644, 0, 0);
	check("mode is tagged JV_TAG_MODE", jv_kind_of(v) == JV_STR && v->tag == JV_TAG_MODE);
	v = decode1(ARG_DIRFD, XLAT_NONE, false, 0, (uint64_t)AT_FDCWD, 0, 0);
	check("AT_FDCWD is a symbol", jv_kind_of(v) == JV_STR && v->tag == JV_TAG_SYMBOL);
	struct timespec ts = {.tv_sec = 1, .tv_nsec = 2};
	v = decode1(ARG_TIMESPEC, XLAT_NONE, false, 0, PTR(&ts), 0, 0);
	check("timespec is tagged JV_TAG_STRUCT",
	      jv_kind_of(v) == JV_OBJECT && v->tag == JV_TAG_STRUCT);
	jv_arena_reset(NULL);

	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	test_opts.decode_fds = true;
	v = decode1(ARG_FD, XLAT_NONE, false, 0, (uint64_t)fd, 0, 0);
	m = jv_get(v, "target");
	check("-y fd is tagged JV_TAG_FD, its target JV_BYTES",
	      jv_kind_of(v) == JV_OBJECT && v->tag == JV_TAG_FD && jv_kind_of(m) == JV_BYTES &&
		      strcmp(jv_as_str(m), "/dev/null") == 0);
	test_opts.decode_fds = false;
	close(fd);
	jv_arena_reset(NULL);
}

int main(void)
{
	test_escaping();
	test_strings();
	test_bad_pointers();
	test_page_boundary();
	test_sockaddr();
	test_numbers();
	test_names();
	test_structs();
	test_dependent_args();
	test_more_structs();
	test_ret();
	test_ret_fd();
	test_siginfo();
	test_process_args();
	test_typed();
	printf("%d checks, %d failures\n", checks, failures);
	return failures ? 1 : 0;
}
