/* test-policy: the policy language (src/policy/): every valid fixture in
 * tests/policies/valid loads; every invalid fixture fails with exactly the
 * `line:col: message` written on its first line; every shipped policy loads;
 * a table of (policy, call, arguments, memory) -> verdict through
 * policy_decide(), including 32-bit masking and multi-path calls; the glob,
 * path, CIDR and SHA-256 helpers; and the compiled pre-filter, run through
 * bpfsim_run() on seccomp_data, against policy_decide(): a call the
 * policy may refuse always stops (TRACE), and calls it can only allow
 * never stop.  No privileges, no ptrace: memory conditions read this
 * process's own memory (pid = getpid()). */
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <netinet/in.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <jtrace/policy.h>
#include <jtrace/syscalls.h>
#include <jtrace/util.h>

#include "check.h"
#include "config.h"
#include "src/policy/policy-priv.h"
#include "tests/fuzz/bpfsim.h"

#define FIXTURES JTRACE_SRC_POLICYDIR "/../tests/policies"

static const char *const shipped[] = {
	"no-network", "loopback-only", "read-only-fs", "no-exec", "ci-default", "docker-default",
};

static int load_text(struct policy *p, const char *text, struct policy_error *err)
{
	policy_init(p);
	return policy_load_buffer(p, "test.policy", text, strlen(text), err);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* ---- fixtures ---- */

static void test_valid_fixtures(void)
{
	DIR *d = opendir(FIXTURES "/valid");
	struct dirent *de;
	size_t n = 0;

	CHECK(d, "cannot open %s", FIXTURES "/valid");
	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[PATH_MAX], msg[600];
		struct policy p;
		struct policy_error err;
		int r;

		if (!has_suffix(de->d_name, ".policy"))
			continue;
		snprintf(path, sizeof(path), "%s/valid/%s", FIXTURES, de->d_name);
		policy_init(&p);
		r = policy_load(&p, path, &err);
		policy_error_format(&err, msg, sizeof(msg));
		CHECK(r == 0, "%s: %d: %s", de->d_name, r, msg);
		policy_free(&p);
		n++;
	}
	closedir(d);
	CHECK(n >= 8, "only %zu valid fixtures", n);
}

static void test_invalid_fixtures(void)
{
	DIR *d = opendir(FIXTURES "/invalid");
	struct dirent *de;
	size_t n = 0;

	CHECK(d, "cannot open %s", FIXTURES "/invalid");
	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[PATH_MAX], msg[700], first[600] = "";
		const char *expect = NULL, *got = NULL;
		struct policy p;
		struct policy_error err;
		FILE *f;
		int r;

		if (!has_suffix(de->d_name, ".policy"))
			continue;
		snprintf(path, sizeof(path), "%s/invalid/%s", FIXTURES, de->d_name);
		f = fopen(path, "r");
		CHECK(f, "%s: cannot open", de->d_name);
		if (!f)
			continue;
		if (!fgets(first, sizeof(first), f))
			first[0] = '\0';
		fclose(f);
		first[strcspn(first, "\n")] = '\0';
		CHECK(strncmp(first, "# expect: ", 10) == 0, "%s: no '# expect: ' first line",
		      de->d_name);
		expect = first + 10;

		policy_init(&p);
		r = policy_load(&p, path, &err);
		policy_error_format(&err, msg, sizeof(msg));
		CHECK(r == -EINVAL, "%s: loaded (%d)", de->d_name, r);
		/* Compare what follows "FILE:" (the file may be an included one). */
		got = strncmp(msg, err.file, strlen(err.file)) == 0 ? msg + strlen(err.file) + 1
								    : msg;
		CHECK(strcmp(got, expect) == 0, "%s:\n  expected: %s\n  got:      %s", de->d_name,
		      expect, msg);
		policy_free(&p);
		n++;
	}
	closedir(d);
	CHECK(n >= 40, "only %zu invalid fixtures", n);
}

static void test_shipped(void)
{
	for (size_t i = 0; i < JT_ARRAY_SIZE(shipped); i++) {
		struct policy p;
		struct policy_error err;
		char msg[600];
		int r;

		policy_init(&p);
		r = policy_load(&p, shipped[i], &err);
		policy_error_format(&err, msg, sizeof(msg));
		CHECK(r == 0, "%s: %s", shipped[i], msg);
		CHECK(p.n_sources == 1 && strlen(p.hashes[0]) == 64, "%s: sources", shipped[i]);
		CHECK(p.n_rules > 0, "%s: no rules", shipped[i]);
		policy_free(&p);
	}

	/* Every file in policies/ is shipped, loads and starts with its intent. */
	DIR *d = opendir(JTRACE_SRC_POLICYDIR);
	struct dirent *de;

	CHECK(d, "cannot open %s", JTRACE_SRC_POLICYDIR);
	while (d && (de = readdir(d))) {
		char path[PATH_MAX], first[256] = "";
		bool listed = false;
		FILE *f;

		if (!has_suffix(de->d_name, ".policy"))
			continue;
		for (size_t i = 0; i < JT_ARRAY_SIZE(shipped); i++)
			listed |= strncmp(de->d_name, shipped[i], strlen(shipped[i])) == 0 &&
				  strcmp(de->d_name + strlen(shipped[i]), ".policy") == 0;
		CHECK(listed, "%s is not in the test's list", de->d_name);
		snprintf(path, sizeof(path), "%s/%s", JTRACE_SRC_POLICYDIR, de->d_name);
		f = fopen(path, "r");
		if (f) {
			if (!fgets(first, sizeof(first), f))
				first[0] = '\0';
			fclose(f);
		}
		CHECK(strncmp(first, "# ", 2) == 0 && strstr(first, ":"),
		      "%s: first line is not '# name: intent'", de->d_name);
	}
	if (d)
		closedir(d);
}

static void test_limits(void)
{
	size_t big = 1024 * 1024 + 1;
	char *buf = malloc(big);
	struct policy p;
	struct policy_error err;
	char msg[600];
	int r;

	CHECK(buf, "malloc");
	if (!buf)
		return;
	memset(buf, '#', big);
	policy_init(&p);
	r = policy_load_buffer(&p, "big.policy", buf, big, &err);
	policy_error_format(&err, msg, sizeof(msg));
	CHECK(r == -EINVAL &&
		      strcmp(msg, "big.policy: file too big (more than 1048576 bytes)") == 0,
	      "%d %s", r, msg);
	policy_free(&p);
	/* Just under the limit is fine. */
	policy_init(&p);
	r = policy_load_buffer(&p, "big.policy", buf, big - 1, &err);
	CHECK(r == -EINVAL, "a 1 MiB line is too long: %d", r);
	policy_free(&p);
	free(buf);

	policy_init(&p);
	r = policy_load(&p, "no-such-policy-anywhere", &err);
	policy_error_format(&err, msg, sizeof(msg));
	CHECK(r == -ENOENT, "%d", r);
	CHECK(strcmp(msg, "no-such-policy-anywhere: no such file, and no shipped policy of that "
			  "name") == 0,
	      "%s", msg);
	policy_free(&p);

	/* Several loads add up; a later default wins. */
	policy_init(&p);
	r = policy_load(&p, "no-network", &err);
	CHECK(r == 0, "no-network");
	r = policy_load(&p, "docker-default", &err);
	CHECK(r == 0 && p.n_sources == 2 && p.default_action == POLICY_ERRNO &&
		      strstr(p.rules[0].file, "no-network"),
	      "two policies");
	policy_free(&p);

	/* Deep conditions are refused, not a stack overflow. */
	{
		char deep[4000] = "deny socket if ";
		size_t o = strlen(deep);

		for (int i = 0; i < 100; i++)
			deep[o++] = '(';
		strcpy(deep + o, "domain == 1");
		o += strlen("domain == 1");
		for (int i = 0; i < 100; i++)
			deep[o++] = ')';
		deep[o] = '\0';
		r = load_text(&p, deep, &err);
		CHECK(r == -EINVAL && strstr(err.msg, "nested too deeply"), "%d %s", r, err.msg);
		policy_free(&p);
	}
}

/* ---- helpers ---- */

static void test_glob(void)
{
	static const struct {
		const char *pat, *str;
		bool match;
	} cases[] = {
		{"/home/**", "/home/u/.ssh/id_rsa", true},
		{"/home/**", "/home", false},
		{"/home/**", "/homer/x", false},
		{"/home/*", "/home/u", true},
		{"/home/*", "/home/u/x", false},
		{"/home/*/x", "/home/u/x", true},
		{"/a/**/b", "/a/b", true},
		{"/a/**/b", "/a/x/y/b", true},
		{"/a/**/b", "/a/xb", false},
		{"**/nc", "/usr/bin/nc", true},
		{"**/nc", "nc", true},
		{"**/nc", "/usr/bin/ncat", false},
		{"/usr/bin/[ck]url", "/usr/bin/curl", true},
		{"/usr/bin/[ck]url", "/usr/bin/kurl", true},
		{"/usr/bin/[ck]url", "/usr/bin/burl", false},
		{"/etc/[!a-c]*", "/etc/passwd", true},
		{"/etc/[!a-c]*", "/etc/bash.bashrc", false},
		{"/etc/[^a-c]*", "/etc/bash.bashrc", false},
		{"/x/[]]", "/x/]", true},
		{"/x/?", "/x/a", true},
		{"/x/?", "/x/ab", false},
		{"/x/?", "/x//", false},
		{"/x\\*", "/x*", true},
		{"/x\\*", "/xa", false},
		{"/d/[a/]", "/d//", false},
		{"*", "", true},
		{"", "", true},
		{"/**", "/", true},
		{"/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/"
		 "x",
		 "/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/"
		 "y",
		 false},
	};
	size_t off = 0;

	for (size_t i = 0; i < JT_ARRAY_SIZE(cases); i++)
		CHECK(policy_glob_match(cases[i].pat, cases[i].str) == cases[i].match,
		      "glob \"%s\" on \"%s\"", cases[i].pat, cases[i].str);
	CHECK(policy_glob_check("/home/[ab", &off) == -EINVAL && off == 6, "off %zu", off);
	CHECK(policy_glob_check("/home/\\[ab", &off) == 0, "escaped [");
	CHECK(policy_glob_check("/home/[]ab]", &off) == 0, "[]...]");
}

static void test_paths(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"/", "/"},
		{"//", "/"},
		{"/tmp/", "/tmp"},
		{"/tmp/./x", "/tmp/x"},
		{"/tmp/../etc/passwd", "/etc/passwd"},
		{"/tmp/a/b/../../../etc", "/etc"},
		{"/../../etc", "/etc"},
		{"/tmp//x///y", "/tmp/x/y"},
		{"a/../../b", "../b"},
		{"./x", "x"},
		{".", "."},
		{"..", ".."},
		{"a/..", "."},
		{"/tmp/..x/y", "/tmp/..x/y"},
	};

	for (size_t i = 0; i < JT_ARRAY_SIZE(cases); i++) {
		char buf[256];

		snprintf(buf, sizeof(buf), "%s", cases[i].in);
		policy_path_normalize(buf);
		CHECK(strcmp(buf, cases[i].out) == 0, "\"%s\" -> \"%s\", expected \"%s\"",
		      cases[i].in, buf, cases[i].out);
	}
	CHECK(policy_path_has_prefix("/tmp", "/tmp"), "itself");
	CHECK(policy_path_has_prefix("/tmp/x", "/tmp"), "below");
	CHECK(!policy_path_has_prefix("/tmpx", "/tmp"), "component-wise");
	CHECK(policy_path_has_prefix("/anything", "/"), "root");
	CHECK(!policy_path_has_prefix("relative", "/"), "relative under /");
}

static void test_cidr(void)
{
	struct policy_cidr c;
	uint8_t a[16];

	CHECK(policy_cidr_parse("127.0.0.0/8", &c) == 0 && c.family == AF_INET && c.prefix == 8,
	      "v4");
	inet_pton(AF_INET, "127.200.1.1", a);
	CHECK(policy_cidr_match(&c, AF_INET, a), "in /8");
	inet_pton(AF_INET, "128.0.0.1", a);
	CHECK(!policy_cidr_match(&c, AF_INET, a), "out of /8");
	CHECK(policy_cidr_parse("10.1.2.3/12", &c) == 0 && c.addr[1] == 0, "host bits cleared");
	CHECK(policy_cidr_parse("::1", &c) == 0 && c.family == AF_INET6 && c.prefix == 128, "v6");
	CHECK(!policy_cidr_match(&c, AF_INET, a), "family");
	CHECK(policy_cidr_parse("fe80::/10", &c) == 0, "fe80::/10");
	inet_pton(AF_INET6, "febf::1", a);
	CHECK(policy_cidr_match(&c, AF_INET6, a), "febf:: in fe80::/10");
	inet_pton(AF_INET6, "fec0::1", a);
	CHECK(!policy_cidr_match(&c, AF_INET6, a), "fec0:: not in fe80::/10");
	CHECK(policy_cidr_parse("0.0.0.0/0", &c) == 0, "/0");
	CHECK(policy_cidr_match(&c, AF_INET, a), "/0 matches all v4");
	CHECK(policy_cidr_parse("1.2.3.4/33", &c) < 0, "/33");
	CHECK(policy_cidr_parse("::/129", &c) < 0, "/129");
	CHECK(policy_cidr_parse("1.2.3.4/", &c) < 0, "empty prefix");
	CHECK(policy_cidr_parse("1.2.3.4/+8", &c) < 0, "+8");
	CHECK(policy_cidr_parse("/8", &c) < 0, "no address");
	CHECK(policy_cidr_parse("localhost", &c) < 0, "name");
}

static void test_sha256(void)
{
	char hex[65];

	policy_sha256_hex("", 0, hex);
	CHECK(strcmp(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0,
	      "empty: %s", hex);
	policy_sha256_hex("abc", 3, hex);
	CHECK(strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0,
	      "abc: %s", hex);
	policy_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	CHECK(strcmp(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1") == 0,
	      "56 bytes: %s", hex);
}

/* ---- policy_decide ---- */

/* A stand-in for the tracer's resolver: relative paths are under /work
 * (AT_FDCWD) or /fdN (a directory descriptor N). */
static int fake_abspath(pid_t pid, int dirfd, const char *path, char *out, size_t outlen)
{
	int n = 0;

	/* The tracee's root is "/": an absolute path is itself. */
	if (path[0] == '/')
		n = snprintf(out, outlen, "%s", path);
	else if (dirfd == 99)
		return -EBADF; /* a directory that cannot be resolved */
	else
		n = dirfd == AT_FDCWD ? snprintf(out, outlen, "/work/%s", path)
				      : snprintf(out, outlen, "/fd%d/%s", dirfd, path);
	if (n < 0 || (size_t)n >= outlen)
		return -ENAMETOOLONG;
	policy_path_normalize(out);
	return 0;
}

struct decide_case {
	const char *policy;
	const char *call;
	uint64_t args[6];
	const char *str[6]; /* when set, args[i] points to this string */
	const char *sock;   /* "1.2.3.4:80", "[::1]:80", "unix:/x": the sockaddr argument */
	enum policy_action action;
	int err;
	unsigned line; /* 0: the default decided */
};

#define ALLOW POLICY_ALLOW, 0
#define LOG   POLICY_LOG, 0
#define DENY  POLICY_ERRNO, EPERM
#define KILL  POLICY_KILL, 0

static const char ro_fs[] =
	"errno(EROFS) openat if flags & O_WRONLY|O_RDWR|O_CREAT|O_TRUNC and "
	"not path prefix \"/tmp\" and not path glob \"/dev/null\"\n"
	"errno(EROFS) rename renameat renameat2 link if not path prefix \"/tmp\"\n"
	"allow symlink if path prefix \"/tmp\"\n"
	"deny symlink\n";
static const char lo_only[] = "deny connect bind sendto sendmsg if addr not in 127.0.0.0/8 ::1\n";
static const char ro_bind[] =
	"errno(EROFS) bind if path glob \"/**\" and not path prefix \"/tmp\"\n";
static const char no_docker[] =
	"errno(EACCES) connect sendto sendmsg sendmmsg if path glob \"/run/docker.sock\"\n";

/* clang-format off: one case a line reads better than one field a line */
static const struct decide_case decide_cases[] = {
	/* first match, default, actions */
	{"deny ptrace\nallow ptrace", "ptrace", {0}, {0}, NULL, DENY, 1},
	{"allow ptrace\ndeny ptrace", "ptrace", {0}, {0}, NULL, ALLOW, 1},
	{"deny ptrace", "read", {0}, {0}, NULL, ALLOW, 0},
	{"default kill\nallow read", "write", {0}, {0}, NULL, KILL, 0},
	{"default errno(ENOSYS)", "write", {0}, {0}, NULL, POLICY_ERRNO, ENOSYS, 0},
	{"errno(EACCES) openat", "openat", {0}, {0}, NULL, POLICY_ERRNO, EACCES, 1},
	{"errno(42) openat", "openat", {0}, {0}, NULL, POLICY_ERRNO, 42, 1},
	{"log execve", "execve", {0}, {0}, NULL, LOG, 1},
	{"trace execve", "execve", {0}, {0}, NULL, LOG, 1},
	{"# c\n\ndeny @mount", "pivot_root", {0}, {0}, NULL, DENY, 3},
	{"deny net", "connect", {0}, {0}, NULL, DENY, 1},
	{"deny net", "openat", {0}, {0}, NULL, ALLOW, 0},
	/* scalar conditions */
	{"deny socket if domain != AF_UNIX", "socket", {AF_UNIX}, {0}, NULL, ALLOW, 0},
	{"deny socket if domain != AF_UNIX", "socket", {AF_INET}, {0}, NULL, DENY, 1},
	/* 32-bit: high bits are ignored, both ways */
	{"deny socket if domain != AF_UNIX",
	 "socket",
	 {0x100000000ull | AF_UNIX},
	 {0},
	 NULL,
	 ALLOW,
	 0},
	{"deny ioctl if request == TIOCSTI", "ioctl", {0, 0x5412}, {0}, NULL, DENY, 1},
	{"deny ioctl if request == TIOCSTI", "ioctl", {0, 0xdead00005412ull}, {0}, NULL, DENY, 1},
	{"deny ioctl if request == TIOCSTI", "ioctl", {0, 0x5413}, {0}, NULL, ALLOW, 0},
	{"deny clone if flags & CLONE_NEWUSER", "clone", {0x10000000}, {0}, NULL, DENY, 1},
	{"deny clone if flags & CLONE_NEWUSER", "clone", {0x1000000000ull}, {0}, NULL, ALLOW, 0},
	{"deny mprotect if prot & PROT_EXEC", "mprotect", {0, 0, 5}, {0}, NULL, DENY, 1},
	{"deny mprotect if prot & PROT_EXEC", "mprotect", {0, 0, 3}, {0}, NULL, ALLOW, 0},
	/* signed 32-bit: AT_FDCWD as -100, passed zero-extended or sign-extended */
	{"deny openat if dirfd == -100", "openat", {0xffffff9c}, {0}, NULL, DENY, 1},
	{"deny openat if dirfd == -100", "openat", {(uint64_t)-100}, {0}, NULL, DENY, 1},
	{"deny openat if dirfd < 0", "openat", {0xffffff9c}, {0}, NULL, DENY, 1},
	{"deny openat if dirfd < 0", "openat", {0x7fffffff}, {0}, NULL, ALLOW, 0},
	/* every operator on a 32-bit argument uses the low word only, signed
	 * when the C type is (issue 19 item 6): garbage above changes nothing */
	{"deny read if fd < 3", "read", {0x100000002ull}, {0}, NULL, DENY, 1},
	{"deny read if fd < 3", "read", {0xffffffff00000005ull}, {0}, NULL, ALLOW, 0},
	{"deny read if fd < 3", "read", {0xffffffff}, {0}, NULL, DENY, 1}, /* -1 */
	{"deny read if fd <= 2", "read", {0xabcd00000002ull}, {0}, NULL, DENY, 1},
	{"deny read if fd > 2", "read", {0x8000000000000002ull}, {0}, NULL, ALLOW, 0},
	{"deny read if fd >= 3", "read", {0x80000000}, {0}, NULL, ALLOW, 0}, /* INT_MIN */
	{"deny read if fd != 3", "read", {0x700000003ull}, {0}, NULL, ALLOW, 0},
	{"deny read if fd == 3", "read", {0x700000003ull}, {0}, NULL, DENY, 1},
	{"deny read if fd & 0x4", "read", {0x400000000ull}, {0}, NULL, ALLOW, 0},
	{"deny read if fd & 0x4", "read", {0x400000004ull}, {0}, NULL, DENY, 1},
	{"deny read if not (fd & 0x4)", "read", {0x400000000ull}, {0}, NULL, DENY, 1},
	/* unsigned 32-bit (persona is unsigned int; openat's flags are an int) */
	{"deny personality if persona > 0x7fffffff", "personality", {0x80000000}, {0}, NULL, DENY, 1},
	{"deny personality if persona > 0x7fffffff", "personality", {0x100000001ull}, {0}, NULL, ALLOW, 0},
	{"deny personality if persona < 2", "personality", {0xffffffff00000001ull}, {0}, NULL, DENY, 1},
	{"deny personality if persona >= 0xffffffff", "personality", {0xffffffff}, {0}, NULL, DENY, 1},
	{"deny openat if flags > 0x7fffffff", "openat", {0, 0, 0x80000000}, {0}, NULL, ALLOW, 0}, /* INT_MIN */
	/* unsigned int persona: the kernel reads the low 32 bits only */
	{"deny personality if persona == 0xffffffff",
	 "personality",
	 {0xffffffff},
	 {0},
	 NULL,
	 DENY,
	 1},
	{"deny personality if persona == 0xffffffff",
	 "personality",
	 {(uint64_t)-1},
	 {0},
	 NULL,
	 DENY,
	 1},
	{"deny personality if persona == 0x0400000",
	 "personality",
	 {0x100400000},
	 {0},
	 NULL,
	 DENY,
	 1},
	{"deny flock if operation == 2", "flock", {3, 0x100000002}, {0}, NULL, DENY, 1},
	/* 64-bit arguments compare all 64 bits, unsigned */
	{"deny mmap if length == 0xffffffff", "mmap", {0, 0xffffffff}, {0}, NULL, DENY, 1},
	{"deny mmap if length == 0xffffffff", "mmap", {0, (uint64_t)-1}, {0}, NULL, ALLOW, 0},
	{"deny write if count > 100", "write", {1, 0, 101}, {0}, NULL, DENY, 1},
	{"deny write if count > 100", "write", {1, 0, 100}, {0}, NULL, ALLOW, 0},
	{"deny write if count <= 100 and fd >= 3", "write", {3, 0, 100}, {0}, NULL, DENY, 1},
	{"deny write if count <= 100 and fd >= 3", "write", {2, 0, 100}, {0}, NULL, ALLOW, 0},
	{"deny write if arg0 == 1 or arg2 == 7", "write", {5, 0, 7}, {0}, NULL, DENY, 1},
	{"deny write if not (arg0 == 1 or arg2 == 7)", "write", {1, 0, 0}, {0}, NULL, ALLOW, 0},
	{"deny write if not (arg0 == 1 or arg2 == 7)", "write", {2, 0, 0}, {0}, NULL, DENY, 1},
	{"deny kill if sig == SIGKILL|SIGTERM", "kill", {1, 9 | 15}, {0}, NULL, DENY, 1},
	{"deny write if fd == 010", "write", {8}, {0}, NULL, DENY, 1},
	/* an argument a class member lacks: the atom is false, `not` of it true */
	{"deny desc if fd == 3", "pipe2", {3}, {0}, NULL, ALLOW, 0},
	{"deny desc if fd == 3", "close", {3}, {0}, NULL, DENY, 1},
	{"deny desc if not fd == 3", "pipe2", {3}, {0}, NULL, DENY, 1},
	/* paths */
	{"errno(EACCES) openat if path glob \"/home/**\"",
	 "openat",
	 {0, 0},
	 {NULL, "/home/u/x"},
	 NULL,
	 POLICY_ERRNO,
	 EACCES,
	 1},
	{"errno(EACCES) openat if path glob \"/home/**\"",
	 "openat",
	 {0, 0},
	 {NULL, "/tmp/../home/u/x"},
	 NULL,
	 POLICY_ERRNO,
	 EACCES,
	 1},
	{"errno(EACCES) openat if path glob \"/home/**\"",
	 "openat",
	 {0, 0},
	 {NULL, "/homer/x"},
	 NULL,
	 ALLOW,
	 0},
	/* relative: resolved with the dirfd argument (fake: /work or /fdN) */
	{"errno(EACCES) openat if path prefix \"/work\"",
	 "openat",
	 {(uint64_t)AT_FDCWD},
	 {NULL, "x/y"},
	 NULL,
	 POLICY_ERRNO,
	 EACCES,
	 1},
	{"errno(EACCES) openat if path prefix \"/fd7\"",
	 "openat",
	 {7},
	 {NULL, "x"},
	 NULL,
	 POLICY_ERRNO,
	 EACCES,
	 1},
	{"errno(EACCES) openat if path prefix \"/work\"",
	 "openat",
	 {7},
	 {NULL, "x"},
	 NULL,
	 ALLOW,
	 0},
	/* unreadable path (NULL): the atom is false */
	{"deny openat if path prefix \"/\"", "openat", {0, 0}, {0}, NULL, ALLOW, 0},
	{"deny openat if not path prefix \"/tmp\"", "openat", {0, 0}, {0}, NULL, DENY, 1},
	{ro_fs, "openat", {(uint64_t)AT_FDCWD, 0, O_RDONLY}, {NULL, "/etc/passwd"}, NULL, ALLOW, 0},
	{ro_fs,
	 "openat",
	 {(uint64_t)AT_FDCWD, 0, O_WRONLY},
	 {NULL, "/etc/passwd"},
	 NULL,
	 POLICY_ERRNO,
	 EROFS,
	 1},
	{ro_fs,
	 "openat",
	 {(uint64_t)AT_FDCWD, 0, O_WRONLY | O_CREAT},
	 {NULL, "/tmp/x"},
	 NULL,
	 ALLOW,
	 0},
	{ro_fs, "openat", {(uint64_t)AT_FDCWD, 0, O_WRONLY}, {NULL, "/dev/null"}, NULL, ALLOW, 0},
	{ro_fs,
	 "openat",
	 {(uint64_t)AT_FDCWD, 0, O_WRONLY},
	 {NULL, "/tmp/../etc/x"},
	 NULL,
	 POLICY_ERRNO,
	 EROFS,
	 1},
	{ro_fs,
	 "openat",
	 {(uint64_t)AT_FDCWD, 0, O_WRONLY},
	 {NULL, "/tmpx/y"},
	 NULL,
	 POLICY_ERRNO,
	 EROFS,
	 1},
	/* two paths: a deny rule applies if either path matches */
	{ro_fs, "rename", {0}, {"/tmp/a", "/tmp/b"}, NULL, ALLOW, 0},
	{ro_fs, "rename", {0}, {"/tmp/a", "/etc/b"}, NULL, POLICY_ERRNO, EROFS, 2},
	{ro_fs, "rename", {0}, {"/etc/a", "/tmp/b"}, NULL, POLICY_ERRNO, EROFS, 2},
	{ro_fs,
	 "renameat2",
	 {(uint64_t)AT_FDCWD, 0, 9},
	 {NULL, "/tmp/a", NULL, "b"},
	 NULL,
	 POLICY_ERRNO,
	 EROFS,
	 2},
	/* ... and an allow rule only if all of them do */
	{ro_fs, "symlink", {0}, {"/etc/x", "/tmp/l"}, NULL, ALLOW, 3},
	{ro_fs, "link", {0}, {"/tmp/x", "/tmp/l"}, NULL, ALLOW, 0},
	{"allow link if path prefix \"/tmp\"\ndeny link",
	 "link",
	 {0},
	 {"/tmp/x", "/etc/l"},
	 NULL,
	 DENY,
	 2},
	{"allow link if path prefix \"/tmp\"\ndeny link",
	 "link",
	 {0},
	 {"/tmp/x", "/tmp/l"},
	 NULL,
	 ALLOW,
	 1},
	/* exe */
	{"deny execve if exe glob \"**/nc\"", "execve", {0}, {"/usr/bin/nc"}, NULL, DENY, 1},
	{"deny execve if exe glob \"**/nc\"", "execve", {0}, {"/usr/bin/ls"}, NULL, ALLOW, 0},
	{"deny execveat if exe glob \"/usr/**\"",
	 "execveat",
	 {(uint64_t)AT_FDCWD},
	 {NULL, "/usr/x"},
	 NULL,
	 DENY,
	 1},
	/* addresses */
	{lo_only, "connect", {3}, {0}, "127.0.0.1:80", ALLOW, 0},
	{lo_only, "connect", {3}, {0}, "127.9.9.9:80", ALLOW, 0},
	{lo_only, "connect", {3}, {0}, "10.0.0.1:80", DENY, 1},
	{lo_only, "connect", {3}, {0}, "[::1]:80", ALLOW, 0},
	{lo_only, "connect", {3}, {0}, "[::2]:80", DENY, 1},
	{lo_only, "connect", {3}, {0}, "[::ffff:127.0.0.1]:80", ALLOW, 0},
	{lo_only, "connect", {3}, {0}, "[::ffff:8.8.8.8]:53", DENY, 1},
	{lo_only, "connect", {3}, {0}, "unix:/run/x.sock", ALLOW, 0},
	{lo_only, "bind", {3}, {0}, "0.0.0.0:80", DENY, 1},
	{lo_only, "sendto", {3}, {0}, "192.168.1.1:53", DENY, 1},
	{lo_only, "sendto", {3}, {0}, NULL, ALLOW, 0}, /* connected: no address */
	{lo_only, "sendmsg", {3}, {0}, "192.168.1.1:53", DENY, 1},
	{lo_only, "sendmsg", {3}, {0}, "127.0.0.1:53", ALLOW, 0},
	{lo_only, "connect", {3}, {0}, "short", ALLOW, 0}, /* truncated sockaddr_in */
	{"deny connect if port == 443", "connect", {3}, {0}, "1.2.3.4:443", DENY, 1},
	{"deny connect if port == 443", "connect", {3}, {0}, "[2001:db8::1]:443", DENY, 1},
	{"deny connect if port == 443", "connect", {3}, {0}, "1.2.3.4:80", ALLOW, 0},
	{"deny connect if port != 443", "connect", {3}, {0}, "unix:/x", ALLOW, 0},
	{"deny connect if family == AF_INET6", "connect", {3}, {0}, "[::1]:1", DENY, 1},
	{"deny connect if family == AF_INET6", "connect", {3}, {0}, "1.1.1.1:1", ALLOW, 0},
	{"deny connect if family == AF_UNIX", "connect", {3}, {0}, "unix:/x", DENY, 1},
	{"deny connect if addr in 0.0.0.0/0 ::/0", "connect", {3}, {0}, "unix:/x", ALLOW, 0},
	/* AF_UNSPEC is an IPv4 address to UDP sendto and to bind (INADDR_ANY),
	 * a disconnect to connect */
	{lo_only, "sendto", {3}, {0}, "unspec:8.8.8.8:53", DENY, 1},
	{lo_only, "sendmsg", {3}, {0}, "unspec:8.8.8.8:53", DENY, 1},
	{lo_only, "bind", {3}, {0}, "unspec:0.0.0.0:80", DENY, 1},
	{lo_only, "connect", {3}, {0}, "unspec:0.0.0.0:0", ALLOW, 0},
	/* a class target without a sockaddr: false */
	{"deny net if addr not in 127.0.0.0/8", "socket", {AF_INET}, {0}, NULL, ALLOW, 0},
	/* a filesystem AF_UNIX address is the call's path: bind creates it,
	 * the others reach it; made absolute against the cwd (/work here) */
	{ro_bind, "bind", {3}, {0}, "unix:/etc/x.sock", POLICY_ERRNO, EROFS, 1},
	{ro_bind, "bind", {3}, {0}, "unix:/tmp/x.sock", ALLOW, 0},
	{ro_bind, "bind", {3}, {0}, "unix:/tmp/../etc/x", POLICY_ERRNO, EROFS, 1},
	{ro_bind, "bind", {3}, {0}, "unix:rel.sock", POLICY_ERRNO, EROFS, 1},
	{ro_bind, "bind", {3}, {0}, "unix:../tmp/x", ALLOW, 0},
	{ro_bind, "bind", {3}, {0}, "unixlen:/etc/nonul", POLICY_ERRNO, EROFS, 1},
	/* abstract and unnamed addresses have no path; nor has inet */
	{ro_bind, "bind", {3}, {0}, "abstract:etc", ALLOW, 0},
	{ro_bind, "bind", {3}, {0}, "unnamed", ALLOW, 0},
	{ro_bind, "bind", {3}, {0}, "0.0.0.0:80", ALLOW, 0},
	{ro_bind, "bind", {3}, {0}, NULL, ALLOW, 0},
	{no_docker, "connect", {3}, {0}, "unix:/run/docker.sock", POLICY_ERRNO, EACCES, 1},
	{no_docker, "connect", {3}, {0}, "unix:/run/x/../docker.sock", POLICY_ERRNO, EACCES, 1},
	{no_docker, "sendto", {3}, {0}, "unix:/run/docker.sock", POLICY_ERRNO, EACCES, 1},
	{no_docker, "sendmsg", {3}, {0}, "unix:/run/docker.sock", POLICY_ERRNO, EACCES, 1},
	{no_docker, "connect", {3}, {0}, "unix:/run/other.sock", ALLOW, 0},
	{no_docker, "connect", {3}, {0}, "abstract:/run/docker.sock", ALLOW, 0},
	/* not of a false atom is true: an abstract address is "not in /tmp" */
	{"deny connect if not path prefix \"/tmp\"", "connect", {3}, {0}, "abstract:x", DENY, 1},
	{"allow connect if path prefix \"/tmp\"\ndeny connect", "connect", {3}, {0}, "unix:/tmp/s", ALLOW, 1},
	{"allow connect if path prefix \"/tmp\"\ndeny connect", "connect", {3}, {0}, "unix:/etc/s", DENY, 2},
	/* path and family of one address together */
	{"deny connect if family == AF_UNIX and path glob \"/run/**\"", "connect", {3}, {0}, "unix:/run/a", DENY, 1},
	{"deny connect if family == AF_UNIX and path glob \"/run/**\"", "connect", {3}, {0}, "unix:/var/a", ALLOW, 0},
};
/* clang-format on */

/* Put a sockaddr described by @spec into @buf; returns its length. */
static socklen_t make_sockaddr(const char *spec, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (strncmp(spec, "unix:", 5) == 0) {
		struct sockaddr_un *un = (void *)ss;

		un->sun_family = AF_UNIX;
		snprintf(un->sun_path, sizeof(un->sun_path), "%s", spec + 5);
		return (socklen_t)sizeof(*un);
	}
	if (strncmp(spec, "unixlen:", 8) == 0) {
		/* No NUL: the length ends the path, as the kernel takes it. */
		struct sockaddr_un *un = (void *)ss;
		size_t n = strlen(spec + 8);

		un->sun_family = AF_UNIX;
		memcpy(un->sun_path, spec + 8, n);
		memset(un->sun_path + n, 'Z', sizeof(un->sun_path) - n);
		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	}
	if (strncmp(spec, "abstract:", 9) == 0) {
		struct sockaddr_un *un = (void *)ss;
		size_t n = strlen(spec + 9);

		un->sun_family = AF_UNIX;
		memcpy(un->sun_path + 1, spec + 9, n);
		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
	}
	if (strcmp(spec, "unnamed") == 0) {
		ss->ss_family = AF_UNIX;
		return (socklen_t)offsetof(struct sockaddr_un, sun_path);
	}
	if (strncmp(spec, "unspec:", 7) == 0) {
		socklen_t len = make_sockaddr(spec + 7, ss);

		ss->ss_family = AF_UNSPEC;
		return len;
	}
	if (strcmp(spec, "short") == 0) {
		ss->ss_family = AF_INET;
		return 4;
	}
	if (spec[0] == '[') {
		struct sockaddr_in6 *in6 = (void *)ss;
		char a[64];
		const char *end = strchr(spec, ']');

		snprintf(a, sizeof(a), "%.*s", (int)(end - spec - 1), spec + 1);
		in6->sin6_family = AF_INET6;
		inet_pton(AF_INET6, a, &in6->sin6_addr);
		in6->sin6_port = htons((uint16_t)atoi(end + 2));
		return (socklen_t)sizeof(*in6);
	}
	{
		struct sockaddr_in *in = (void *)ss;
		char a[64];
		const char *colon = strchr(spec, ':');

		snprintf(a, sizeof(a), "%.*s", (int)(colon - spec), spec);
		in->sin_family = AF_INET;
		inet_pton(AF_INET, a, &in->sin_addr);
		in->sin_port = htons((uint16_t)atoi(colon + 1));
		return (socklen_t)sizeof(*in);
	}
}

static void test_decide(void)
{
	struct policy_mem mem = {.pid = getpid(), .abspath = fake_abspath};

	for (size_t i = 0; i < JT_ARRAY_SIZE(decide_cases); i++) {
		const struct decide_case *c = &decide_cases[i];
		const struct syscall_sig *sig = syscalls_by_name(c->call);
		struct sockaddr_storage ss;
		struct msghdr mh = {0};
		struct policy_verdict v;
		struct policy_error err;
		struct policy p;
		uint64_t args[6];
		char msg[600];
		int r;

		CHECK(sig, "case %zu: no syscall %s", i, c->call);
		if (!sig)
			continue;
		r = load_text(&p, c->policy, &err);
		policy_error_format(&err, msg, sizeof(msg));
		CHECK(r == 0, "case %zu: %s", i, msg);
		if (r < 0) {
			policy_free(&p);
			continue;
		}
		memcpy(args, c->args, sizeof(args));
		for (int a = 0; a < 6; a++)
			if (c->str[a])
				args[a] = (uintptr_t)c->str[a];
		if (c->sock) {
			socklen_t len = make_sockaddr(c->sock, &ss);

			for (int a = 0; a < sig->nargs; a++) {
				if (sig->args[a].type == ARG_SOCKADDR) {
					args[a] = (uintptr_t)&ss;
					args[a + 1] = len;
				} else if (sig->args[a].type == ARG_MSGHDR) {
					mh.msg_name = &ss;
					mh.msg_namelen = len;
					args[a] = (uintptr_t)&mh;
				}
			}
		}
		policy_decide(&p, sig, args, &mem, &v);
		CHECK(v.action == c->action && v.errno_val == c->err &&
			      (v.rule ? v.rule->line : 0) == c->line,
		      "case %zu (%s on %s): got %s/%d line %u, expected %s/%d line %u", i,
		      c->policy, c->call, policy_action_name(v.action), v.errno_val,
		      v.rule ? v.rule->line : 0, policy_action_name(c->action), c->err, c->line);
		policy_free(&p);
	}
}

static void test_decide_sendmmsg(void)
{
	struct policy_mem mem = {.pid = getpid()};
	const struct syscall_sig *sig = syscalls_by_name("sendmmsg");
	struct sockaddr_storage a, b;
	struct mmsghdr v[2] = {0};
	struct policy_verdict verdict;
	struct policy_error err;
	struct policy p;
	uint64_t args[6] = {3, (uintptr_t)v, 2, 0};
	int r = load_text(&p, lo_only + 0, &err);

	CHECK(r == 0 && sig, "load");
	if (r < 0 || !sig)
		return;
	policy_free(&p);
	r = load_text(&p, "deny sendmmsg if addr not in 127.0.0.0/8", &err);
	CHECK(r == 0, "load: %s", err.msg);
	v[0].msg_hdr.msg_name = &a;
	v[0].msg_hdr.msg_namelen = make_sockaddr("127.0.0.1:1", &a);
	v[1].msg_hdr.msg_name = &b;
	v[1].msg_hdr.msg_namelen = make_sockaddr("127.0.0.2:1", &b);
	policy_decide(&p, sig, args, &mem, &verdict);
	CHECK(verdict.action == POLICY_ALLOW, "both loopback");
	v[1].msg_hdr.msg_namelen = make_sockaddr("8.8.8.8:53", &b);
	policy_decide(&p, sig, args, &mem, &verdict);
	CHECK(verdict.action == POLICY_ERRNO, "second message outside");
	args[2] = 1;
	policy_decide(&p, sig, args, &mem, &verdict);
	CHECK(verdict.action == POLICY_ALLOW, "vlen 1 only sends the first");
	policy_free(&p);
	/* unix paths, one per message: any of them decides a deny */
	r = load_text(&p, no_docker, &err);
	CHECK(r == 0, "load: %s", err.msg);
	args[2] = 2;
	v[0].msg_hdr.msg_namelen = make_sockaddr("unix:/run/a.sock", &a);
	v[1].msg_hdr.msg_namelen = make_sockaddr("abstract:/run/docker.sock", &b);
	policy_decide(&p, sig, args, &mem, &verdict);
	CHECK(verdict.action == POLICY_ALLOW, "no message to the docker socket");
	v[1].msg_hdr.msg_namelen = make_sockaddr("unix:/run/docker.sock", &b);
	policy_decide(&p, sig, args, &mem, &verdict);
	CHECK(verdict.action == POLICY_ERRNO && verdict.errno_val == EACCES,
	      "second message to the docker socket");
	policy_free(&p);
}

/* connect's addrlen is an int: the kernel ignores the register's high
 * bits, so must the policy (else 0x1_0000_0010 would hide the address). */
static void test_decide_addrlen_high_bits(void)
{
	struct policy_mem mem = {.pid = getpid()};
	const struct syscall_sig *sig = syscalls_by_name("connect");
	struct sockaddr_storage ss;
	struct policy_verdict v;
	struct policy_error err;
	struct policy p;
	uint64_t args[6] = {3, (uintptr_t)&ss, 0};
	int r = load_text(&p, lo_only, &err);

	CHECK(r == 0 && sig, "load");
	if (r < 0 || !sig)
		return;
	args[2] = 0x100000000ull | make_sockaddr("8.8.8.8:53", &ss);
	policy_decide(&p, sig, args, &mem, &v);
	CHECK(v.action == POLICY_ERRNO, "high bits in addrlen");
	args[2] = 0xffffffffull; /* -1: the kernel refuses it */
	policy_decide(&p, sig, args, &mem, &v);
	CHECK(v.action == POLICY_ALLOW, "negative addrlen");
	policy_free(&p);
}

/* One decision on memory set up by the caller. */
static void expect_decide(const char *what, const char *text, const char *call,
			  const uint64_t *args, enum policy_action action, int err_val,
			  unsigned line, bool unreadable)
{
	struct policy_mem mem = {.pid = getpid(), .abspath = fake_abspath};
	const struct syscall_sig *sig = syscalls_by_name(call);
	struct policy_verdict v;
	struct policy_error err;
	struct policy p;
	int r = load_text(&p, text, &err);

	CHECK(r == 0 && sig, "%s: load: %s", what, err.msg);
	if (r == 0 && sig) {
		policy_decide(&p, sig, args, &mem, &v);
		CHECK(v.action == action && v.errno_val == err_val &&
			      (v.rule ? v.rule->line : 0) == line && v.unreadable == unreadable,
		      "%s (%s): got %s line %u unreadable %d, expected %s line %u unreadable %d",
		      what, text, policy_action_name(v.action), v.rule ? v.rule->line : 0,
		      v.unreadable, policy_action_name(action), line, unreadable);
	}
	policy_free(&p);
}

/* Memory the tracer cannot read is decided as the policy's worst case
 * (issue 19 item 19): a deny/log rule whose condition needs it applies, an
 * allow rule that needs it does not, and the verdict says so.  Unmapped
 * memory, a buffer running into a PROT_NONE page, and memfd_secret memory,
 * which the process and the kernel read but process_vm_readv and
 * /proc/PID/mem do not. */
static void test_decide_unreadable(void)
{
	static const char allow_lo[] = "allow connect if addr in 127.0.0.0/8\ndeny connect\n";
	static const char allow_tmp[] = "allow openat if path prefix \"/tmp\"\ndeny openat\n";
	static const char mm_lo[] = "deny sendmmsg if addr not in 127.0.0.0/8\n";
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	char *two = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
			 0);
	struct sockaddr_storage ok;
	struct sockaddr_in *edge = NULL;
	struct msghdr *mh_edge = NULL;
	struct mmsghdr *mv = NULL;
	char *gone = NULL, *path_edge = NULL;
	uint64_t args[6] = {0};
	long sfd = -1;

	CHECK(two != MAP_FAILED, "mmap");
	if (two == MAP_FAILED)
		return;
	gone = two + 2 * page;
	CHECK(munmap(gone, page) == 0 && mprotect(two + page, page, PROT_NONE) == 0, "setup");
	/* A sockaddr_in whose last 8 bytes are in the PROT_NONE page. */
	edge = (struct sockaddr_in *)(void *)(two + page - 8);
	edge->sin_family = AF_INET;
	edge->sin_port = htons(80);

	args[0] = 3;
	args[1] = (uintptr_t)gone;
	args[2] = sizeof(struct sockaddr_in);
	expect_decide("connect, unmapped sockaddr", lo_only, "connect", args, DENY, 1, true);
	expect_decide("connect, unmapped, allow rule", allow_lo, "connect", args, DENY, 2,
		      true);
	expect_decide("connect, unmapped, deny if in", "deny connect if addr in 10.0.0.0/8",
		      "connect", args, DENY, 1, true);
	expect_decide("connect, unmapped, port", "deny connect if port == 443", "connect", args,
		      DENY, 1, true);
	args[1] = (uintptr_t)edge;
	expect_decide("connect, sockaddr into PROT_NONE", lo_only, "connect", args, DENY, 1,
		      true);
	args[2] = 8; /* what can be read is all the kernel reads: readable */
	expect_decide("connect, 8 readable bytes", "deny connect if port == 443", "connect", args,
		      POLICY_ALLOW, 0, 0, false);
	args[1] = (uintptr_t)&ok;
	args[2] = make_sockaddr("127.0.0.1:80", &ok);
	expect_decide("connect, readable loopback", lo_only, "connect", args, POLICY_ALLOW, 0, 0,
		      false);
	args[1] = 0; /* no address at all: nothing unknown */
	expect_decide("connect, NULL", lo_only, "connect", args, POLICY_ALLOW, 0, 0, false);
	/* a unix path in an address that cannot be read: the worst case */
	args[1] = (uintptr_t)gone;
	args[2] = sizeof(struct sockaddr_un);
	expect_decide("bind, unmapped sockaddr, path rule", ro_bind, "bind", args, POLICY_ERRNO,
		      EROFS, 1, true);
	expect_decide("connect, unmapped, allow if path", "allow connect if path prefix \"/tmp\"\ndeny connect",
		      "connect", args, DENY, 2, true);
	args[1] = (uintptr_t)&ok;
	args[2] = make_sockaddr("unix:rel", &ok);
	expect_decide("bind, a relative unix path against the cwd", ro_bind, "bind", args,
		      POLICY_ERRNO, EROFS, 1, false);
	/* sendmsg: the msghdr itself unreadable, then its name */
	args[1] = (uintptr_t)gone;
	expect_decide("sendmsg, unmapped msghdr", lo_only, "sendmsg", args, DENY, 1, true);
	mh_edge = (struct msghdr *)(void *)(two + page - sizeof(*mh_edge));
	memset(mh_edge, 0, sizeof(*mh_edge));
	mh_edge->msg_name = gone;
	mh_edge->msg_namelen = sizeof(struct sockaddr_in);
	args[1] = (uintptr_t)mh_edge;
	expect_decide("sendmsg, unmapped name", lo_only, "sendmsg", args, DENY, 1, true);
	/* sendmmsg: the second header runs into the PROT_NONE page */
	mv = (struct mmsghdr *)(void *)(two + page - sizeof(*mv) - 8);
	memset(mv, 0, sizeof(*mv));
	mv->msg_hdr.msg_name = &ok;
	mv->msg_hdr.msg_namelen = make_sockaddr("127.0.0.1:1", &ok);
	args[1] = (uintptr_t)mv;
	args[2] = 2;
	expect_decide("sendmmsg, second header unreadable", mm_lo, "sendmmsg", args, DENY,
		      1, true);
	args[2] = 1;
	expect_decide("sendmmsg, first header only", mm_lo, "sendmmsg", args, POLICY_ALLOW, 0, 0,
		      false);

	/* paths */
	memset(args, 0, sizeof(args));
	args[0] = (uint64_t)AT_FDCWD;
	args[1] = (uintptr_t)gone;
	expect_decide("openat, unmapped path", "deny openat if path prefix \"/x\"", "openat", args,
		      DENY, 1, true);
	expect_decide("openat, unmapped, allow rule", allow_tmp, "openat", args, DENY, 2,
		      true);
	expect_decide("openat, unmapped, log", "log openat if path glob \"/etc/**\"", "openat",
		      args, POLICY_LOG, 0, 1, true);
	/* A path that has no NUL before the PROT_NONE page. */
	path_edge = two + page - 8;
	memcpy(path_edge, "/tmp/abc", 8);
	args[1] = (uintptr_t)path_edge;
	expect_decide("openat, path into PROT_NONE", allow_tmp, "openat", args, DENY, 2,
		      true);
	/* a relative path whose directory cannot be resolved */
	args[0] = 99;
	args[1] = (uintptr_t)"rel/x";
	expect_decide("openat, unresolvable relative path", allow_tmp, "openat", args, DENY, 2,
		      true);
	args[0] = (uint64_t)AT_FDCWD;
	args[1] = (uintptr_t)path_edge;
	/* a scalar rule that decides first needs no memory */
	expect_decide("openat, scalar first", "allow openat if dirfd == -100\ndeny openat", "openat",
		      args, POLICY_ALLOW, 0, 1, false);
	args[1] = (uintptr_t)"/tmp/abc";
	expect_decide("openat, readable", allow_tmp, "openat", args, POLICY_ALLOW, 0, 1, false);
	/* execve: exe glob on an unreadable path */
	args[0] = (uintptr_t)gone;
	expect_decide("execve, unmapped", "deny execve if exe glob \"**/nc\"", "execve", args,
		      DENY, 1, true);

	/* memfd_secret: readable by this process, not by process_vm_readv */
	sfd = syscall(447 /* SYS_memfd_secret */, 0);
	if (sfd < 0) {
		printf("test-policy: memfd_secret unavailable (%s): that case skipped\n",
		       strerror(errno));
	} else {
		char *sec = NULL;

		CHECK(ftruncate((int)sfd, (off_t)page) == 0, "ftruncate secret");
		sec = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, (int)sfd, 0);
		CHECK(sec != MAP_FAILED, "mmap secret: %s", strerror(errno));
		if (sec != MAP_FAILED) {
			struct sockaddr_storage *ss = (void *)sec;
			socklen_t len = make_sockaddr("192.0.2.2:80", ss);

			memset(args, 0, sizeof(args));
			args[0] = 3;
			args[1] = (uintptr_t)ss;
			args[2] = len;
			expect_decide("connect, sockaddr in memfd_secret", lo_only, "connect", args,
				      DENY, 1, true);
			snprintf(sec + 512, 64, "/etc/shadow");
			args[0] = (uint64_t)AT_FDCWD;
			args[1] = (uintptr_t)(sec + 512);
			expect_decide("openat, path in memfd_secret",
				      "errno(EACCES) openat if path prefix \"/etc\"", "openat", args,
				      POLICY_ERRNO, EACCES, 1, true);
			munmap(sec, page);
		}
		close((int)sfd);
	}
	munmap(two, 2 * page);
}

static void test_floor_flags(void)
{
	static const struct {
		const char *text;
		bool restricts, io_uring;
	} cases[] = {
		{"deny ptrace", false, false},
		{"deny socket if domain != AF_UNIX", true, true},
		{"log net", false, false},
		{"errno(EROFS) unlink", true, true},
		{"default errno(EPERM)", true, true},
		{"allow io_uring_setup\ndeny socket", true, false},
		{"allow io_uring_setup if entries < 8\ndeny socket", true, true},
		{"deny socket io_uring_setup\nallow @aio", true, true},
		{"deny socket\nallow @aio", true, false},
		{"allow @aio\ndeny socket", true, false},
	};

	for (size_t i = 0; i < JT_ARRAY_SIZE(cases); i++) {
		struct policy p;
		struct policy_error err;
		int r = load_text(&p, cases[i].text, &err);

		CHECK(r == 0, "%s: %s", cases[i].text, err.msg);
		CHECK(p.restricts_file_or_net == cases[i].restricts, "%s: restricts",
		      cases[i].text);
		CHECK(policy_denies_io_uring(&p) == cases[i].io_uring, "%s: io_uring",
		      cases[i].text);
		policy_free(&p);
	}
	{
		struct policy p;
		struct policy_error err;
		int r = load_text(&p, "arch x32\ndefault allow", &err);

		CHECK(r == 0 && p.foreign_arches_allowed == POLICY_ABI_X32, "arch x32");
		policy_free(&p);
	}
	{
		struct policy p;
		struct policy_error err;
		char text[64];
		int r = 0;

		snprintf(text, sizeof(text), "arch %s\ndefault allow",
			 syscalls_arch_name(syscalls_native_arch()));
		r = load_text(&p, text, &err);
		CHECK(r == 0 && p.foreign_arches_allowed == 0, "%s: the native arch is a no-op",
		      text);
		policy_free(&p);
	}
}

static void test_print(void)
{
	struct policy p;
	struct policy_error err;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int r = load_text(&p,
			  "deny socket if domain != AF_UNIX and not (type & 0x800)\n"
			  "errno(EACCES) openat if path glob \"/a\\\"b/**\"\n"
			  "deny connect if addr not in 10.1.2.3/8 ::1 or port >= 1024\n"
			  "default kill\n",
			  &err);

	CHECK(r == 0 && f, "load: %s", err.msg);
	if (r < 0 || !f)
		return;
	policy_print(&p, f);
	fclose(f);
	CHECK(strstr(out,
		     "test.policy:1: errno(EPERM) socket if (domain != 1 and not (type & 0x800))"),
	      "%s", out);
	CHECK(strstr(out, "test.policy:2: errno(EACCES) openat if path glob \"/a\\\"b/**\""), "%s",
	      out);
	CHECK(strstr(out, "addr not in 10.0.0.0/8 ::1/128 or port >= 1024"), "%s", out);
	CHECK(strstr(out, "test.policy:4: default kill"), "%s", out);
	CHECK(strstr(out, "# source test.policy sha256:"), "%s", out);
	free(out);
	policy_free(&p);
}

/* ---- the compiled pre-filter against policy_decide ---- */

#define TRACE_DATA 7

struct prog {
	struct sock_filter *insns;
	size_t len;
};

static int compile_policy(const struct policy *p, const struct syscall_set *selected,
			  struct prog *ret)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int fd = memfd_create("test-policy", MFD_CLOEXEC);
	off_t size = 0;
	int r = 0;

	if (!ctx || fd < 0)
		return -ENOMEM;
	r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 1); /* as filter.c */
	if (r == 0)
		r = policy_compile(p, ctx, selected, TRACE_DATA);
	if (r == 0)
		r = seccomp_export_bpf(ctx, fd);
	if (r == 0) {
		size = lseek(fd, 0, SEEK_END);
		ret->len = (size_t)size / sizeof(struct sock_filter);
		ret->insns = malloc((size_t)size);
		if (!ret->insns || pread(fd, ret->insns, (size_t)size, 0) != size)
			r = -EIO;
	}
	close(fd);
	seccomp_release(ctx);
	return r;
}

static uint32_t run_filter(const struct prog *prog, long nr, const uint64_t *args)
{
	struct seccomp_data d = {.nr = (int)nr, .arch = syscalls_native_arch()};

	memcpy(d.args, args, sizeof(d.args));
	return bpfsim_run(prog->insns, prog->len, &d);
}

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static const uint64_t interesting[] = {
	0,
	1,
	2,
	3,
	4,
	5,
	8,
	10,
	15,
	40,
	0x40,
	0x200,
	0x241,
	0x800,
	0x5412,
	0x541c,
	0x541d,
	0x20000,
	0x20008,
	0x10000000,
	0x40000000,
	0x7fffffff,
	0x80000000,
	0xffffff9c,
	0xffffffff,
	0x100000000ull,
	0x100005412ull,
	0x110000000ull,
	0xffffffffffffff9cull,
	0xffffffffffffffffull,
};

static uint64_t some_value(void)
{
	uint64_t r = rnd();

	switch (r % 5) {
	case 0:
		return rnd();
	case 1:
		return (uint32_t)rnd();
	case 2:
		return rnd() % 64;
	default:
		return interesting[(r >> 8) % JT_ARRAY_SIZE(interesting)] |
		       (r % 7 == 0 ? (rnd() << 32) : 0);
	}
}

/* Every call the policy does not always allow must stop: for @rounds random
 * argument vectors per syscall (plus pointers to real paths and sockaddrs),
 * policy_decide() != allow implies TRACE. */
static void check_sound(const char *name, const struct policy *p, unsigned rounds)
{
	struct policy_mem mem = {.pid = getpid(), .abspath = fake_abspath};
	uint32_t native = syscalls_native_arch();
	static const char *const paths[] = {"/etc/passwd", "/tmp/x", "/home/u/.ssh/k", "rel",
					    "/dev/null"};
	struct sockaddr_storage ss[3];
	socklen_t sl[3] = {make_sockaddr("127.0.0.1:80", &ss[0]),
			   make_sockaddr("10.0.0.1:443", &ss[1]), make_sockaddr("unix:/x", &ss[2])};
	struct prog prog = {0};
	size_t stops = 0, checked = 0;
	int r = compile_policy(p, NULL, &prog);

	CHECK(r == 0, "%s: compile: %d", name, r);
	if (r < 0)
		return;
	for (size_t i = 0; i < syscall_table_len; i++) {
		const struct syscall_sig *sig = &syscall_table[i];
		long nr = syscalls_nr(i, native);

		if (nr < 0)
			continue;
		for (unsigned k = 0; k < rounds; k++) {
			uint64_t args[6];
			struct policy_verdict v;
			uint32_t ret;

			for (int a = 0; a < 6; a++) {
				args[a] = some_value();
				if (a < sig->nargs && sig->args[a].type == ARG_PATH && k % 2)
					args[a] = (uintptr_t)paths[rnd() % JT_ARRAY_SIZE(paths)];
				if (a < sig->nargs && sig->args[a].type == ARG_SOCKADDR && k % 2) {
					unsigned s = (unsigned)(rnd() % 3);

					args[a] = (uintptr_t)&ss[s];
					args[a + 1] = sl[s];
				}
			}
			policy_decide(p, sig, args, &mem, &v);
			ret = run_filter(&prog, nr, args);
			checked++;
			stops += ret != SECCOMP_RET_ALLOW;
			CHECK(ret == SECCOMP_RET_ALLOW || ret == (SECCOMP_RET_TRACE | TRACE_DATA),
			      "%s: %s: filter returned %#x", name, sig->name, ret);
			if (v.action != POLICY_ALLOW)
				CHECK(ret == (SECCOMP_RET_TRACE | TRACE_DATA),
				      "%s: %s(%#llx, %#llx, %#llx, %#llx) is %s by the policy but "
				      "the filter does not stop it (%#x)",
				      name, sig->name, (unsigned long long)args[0],
				      (unsigned long long)args[1], (unsigned long long)args[2],
				      (unsigned long long)args[3], policy_action_name(v.action),
				      ret);
		}
	}
	/* Unknown numbers get the default. */
	for (long nr = 0; nr < 512; nr++) {
		uint64_t args[6] = {0};

		if (syscalls_by_nr(native, nr))
			continue;
		CHECK((run_filter(&prog, nr, args) != SECCOMP_RET_ALLOW) ==
			      (p->default_action != POLICY_ALLOW),
		      "%s: unknown nr %ld", name, nr);
	}
	free(prog.insns);
	(void)stops;
	(void)checked;
}

static const char *const sound_texts[] = {
	"deny socket if domain != AF_UNIX",
	"deny ioctl if request == TIOCSTI or request == TIOCLINUX",
	"deny clone unshare if flags & CLONE_NEWUSER|CLONE_NEWNET",
	"deny clone if not (flags & CLONE_NEWUSER|CLONE_NEWNET)",
	"allow socket if domain == AF_UNIX\ndeny socket",
	"deny mprotect mmap if prot & PROT_EXEC and not (prot & PROT_WRITE) or addr < 0x10000",
	"deny write if fd > 2 and count >= 4096 or fd == 1 and count == 0",
	"deny openat if dirfd < 0",
	"deny openat if dirfd != -100",
	"deny kill if sig != SIGKILL and pid == 1",
	"deny write if fd == 1 and fd == 2",
	"deny personality if persona != 0xffffffff",
	"log desc if fd == 3",
	"errno(EACCES) openat if path glob \"/home/**\" and flags & O_WRONLY",
	"deny connect if port == 443 and not (addr in 10.0.0.0/8)",
	"deny execve",
	"default errno(EPERM)\nallow read write\nallow socket if domain == AF_UNIX",
	"deny ioctl if request & 0x1 or request & 0x2 or request & 0x4 or request & 0x8 or "
	"request & 0xf0 or request & 0xf00 or request & 0xf000 or request & 0xf0000 or "
	"request & 0xff000000 and request & 0xff000000 and fd & 0xff",
	"deny setsockopt if level == 1 and optname > 3 or level != 6 and optlen < 0x100000000",
};

static void test_compile_sound(void)
{
	for (size_t i = 0; i < JT_ARRAY_SIZE(sound_texts); i++) {
		struct policy p;
		struct policy_error err;
		int r = load_text(&p, sound_texts[i], &err);

		CHECK(r == 0, "%s: %s", sound_texts[i], err.msg);
		if (r == 0)
			check_sound(sound_texts[i], &p, 24);
		policy_free(&p);
	}
	for (size_t i = 0; i < JT_ARRAY_SIZE(shipped); i++) {
		struct policy p;
		struct policy_error err;
		int r;

		policy_init(&p);
		r = policy_load(&p, shipped[i], &err);
		CHECK(r == 0, "%s", shipped[i]);
		if (r == 0)
			check_sound(shipped[i], &p, 24);
		policy_free(&p);
	}
}

/* The table the issue asks for: (policy, call, args) -> stops or not. */
struct stop_case {
	const char *policy; /* text, or @NAME for a shipped policy */
	const char *call;
	uint64_t args[6];
	bool stops;
};

/* clang-format off: one case a line reads better than one field a line */
static const struct stop_case stop_cases[] = {
	{"@no-network", "socket", {AF_UNIX, SOCK_STREAM}, false},
	{"@no-network", "socket", {AF_INET, SOCK_STREAM}, true},
	/* != on a 32-bit argument compares the low word only, in the filter
	 * too: high garbage neither stops nor dodges */
	{"@no-network", "socket", {0x100000000ull | AF_UNIX}, false},
	{"@no-network", "socket", {0x100000000ull | AF_INET}, true},
	{"@no-network", "read", {0}, false},
	{"@no-network", "connect", {0}, false},
	{"@ci-default", "ioctl", {1, 0x5401 /* TCGETS */}, false},
	{"@ci-default", "ioctl", {1, 0x5412 /* TIOCSTI */}, true},
	{"@ci-default", "ioctl", {1, 0xffffffff00005412ull}, true},
	{"@ci-default", "ioctl", {1, 0x541c /* TIOCLINUX */}, true},
	{"@ci-default", "mount", {0}, true},
	{"@ci-default", "openat", {0}, false},
	{"@read-only-fs", "openat", {(uint64_t)AT_FDCWD, 0, O_RDONLY}, false},
	{"@read-only-fs",
	 "openat",
	 {(uint64_t)AT_FDCWD, 0, O_RDONLY | O_CLOEXEC | O_DIRECTORY},
	 false},
	{"@read-only-fs", "openat", {(uint64_t)AT_FDCWD, 0, O_WRONLY}, true},
	{"@read-only-fs", "openat", {(uint64_t)AT_FDCWD, 0, O_RDONLY | O_CREAT}, true},
	{"@read-only-fs", "openat", {(uint64_t)AT_FDCWD, 0, O_RDWR | 0x100000000ull}, true},
	{"@read-only-fs", "open", {0, O_RDONLY}, false},
	{"@read-only-fs", "unlink", {0}, true},
	/* comparisons on two arguments in several rules: libseccomp's tree
	 * would not be an OR (tree_safe), so the call always stops */
	{"@read-only-fs", "utimensat", {3, 0}, true},
	{"@read-only-fs", "utimensat", {3, 0x1000}, true},
	{"@read-only-fs", "write", {1}, false},
	{"@loopback-only", "connect", {0}, true},
	/* four != on one argument: libseccomp takes one, the rest is widened */
	{"@loopback-only", "socket", {AF_INET6}, true},
	{"@loopback-only", "socket", {AF_UNIX}, false},
	{"@loopback-only", "socket", {AF_PACKET}, true},
	{"@no-exec", "execve", {0}, true},
	{"@no-exec", "fork", {0}, false},
	{"@docker-default", "read", {0}, false},
	{"@docker-default", "socket", {AF_INET}, false},
	{"@docker-default", "socket", {AF_VSOCK}, true},
	{"@docker-default", "clone", {0x11 /* SIGCHLD|... */}, false},
	{"@docker-default", "clone", {0x10000000 | 0x11}, true},
	{"@docker-default", "clone3", {0}, true},
	{"@docker-default", "personality", {0xffffffff}, true}, /* widened */
	{"@docker-default", "personality", {0}, false}, /* 32-bit persona: the allow is exact */
	{"@docker-default", "mount", {0}, true},
	{"@docker-default", "keyctl", {0}, true},
	{"deny read\nallow read", "read", {0}, true},
	{"allow read\ndeny read", "read", {0}, false},
	{"allow read if fd == 0\ndeny read", "read", {1}, true},
	{"deny read if fd == 0 and count == 1", "read", {0, 0, 2}, false},
	{"deny read if fd == 0 and count == 1", "read", {0, 0, 1}, true},
	{"deny read if fd == 0 and count == 1", "read", {0x100000000ull, 0, 1}, true},
	{"deny read if fd != 0", "read", {0}, false},
	{"deny read if fd != 0", "read", {0x100000000ull}, false}, /* the low word is 0 */
	{"deny read if fd != 0", "read", {0x100000001ull}, true},
	{"deny read if count != 0", "read", {0, 0, 0x100000000ull}, true}, /* 64-bit */
	{"deny read if count != 0", "read", {0, 0, 0}, true}, /* 64-bit !=: tree_safe */
	/* libseccomp's NE merged with other compares hung the compile (found
	 * by fuzz-prefilter): now masked equalities, exact and quick */
	{"deny madvise if advice != 2 and (length == 0x7fffffff or addr == 1)",
	 "madvise",
	 {0, 0x7fffffff, 3},
	 true},
	{"deny madvise if advice != 2 and (length == 0x7fffffff or addr == 1)",
	 "madvise",
	 {1, 0, 0x500000002ull},
	 true}, /* two arguments in many conjunctions: tree_safe */
	{"deny madvise if addr != 2 and (length == 0x7fffffff or advice & 0x1)",
	 "madvise",
	 {2, 0x7fffffff, 1},
	 true}, /* 128 conjunctions: past the bound, always stops */
	/* 32-bit orders on the low word, signed as the C type is (issue 19
	 * item 6): exact, whatever the high bits */
	{"deny read if fd < 3", "read", {5}, false},
	{"deny read if fd < 3", "read", {2}, true},
	{"deny read if fd < 3", "read", {0x100000002ull}, true},
	{"deny read if fd < 3", "read", {0x100000005ull}, false},
	{"deny read if fd < 3", "read", {0xffffffff}, true}, /* -1 */
	{"deny read if fd < 3", "read", {0x7fffffff}, false},
	{"deny read if fd >= -1", "read", {0xfffffffe}, false},
	{"deny read if fd >= -1", "read", {0xdeadbeefffffffffull}, true},
	{"deny read if fd > 0x7ffffffe", "read", {0x7fffffff}, true},
	{"deny read if fd > 0x7ffffffe", "read", {0x80000000}, false},
	{"deny read if fd <= -2147483648", "read", {0x180000000ull}, true},
	{"deny read if fd <= -2147483648", "read", {0x80000001}, false},
	{"deny socket if type == 2", "socket", {3, 0x100000002ull}, true},
	{"deny socket if type != 2", "socket", {3, 2}, false},
	{"deny madvise if advice & 0x100000004", "madvise", {0, 0, 0xff00000004ull}, true},
	{"deny madvise if advice & 0x100000000", "madvise", {0, 0, 0x100000000ull}, false},
	/* two ranges on one 64-bit argument (issue 19 item 17): libseccomp's
	 * own LT merges these wrongly and lets 512 MiB through */
	{"deny mmap if length < 0x100000000\ndeny mmap if length < 0x1000",
	 "mmap",
	 {0, 0x20000000},
	 true},
	{"deny mmap if length < 0x100000000\ndeny mmap if length < 0x1000",
	 "mmap",
	 {0, 0xfff},
	 true},
	{"deny mmap if length < 0x100000000\ndeny mmap if length < 0x1000",
	 "mmap",
	 {0, 0x100000000ull},
	 false},
	/* found by fuzz-prefilter: libseccomp's tree ends the walk when
	 * arg1 == 0x7fffffff holds and arg2 then fails, never trying the
	 * 'arg1 <= 0x7fffffff' rule beside it (tree_safe) */
	{"errno(EACCES) ioctl desc if request == 0x7ffffffe\nerrno(EACCES) desc if (arg1 <= "
	 "0x7fffffff or (not (arg2 >= 0x80000000) and arg1 == 0x7fffffff))",
	 "bpf",
	 {1, 0x7fffffff, 0xffffffff00000000ull},
	 true},
	/* found by fuzz-prefilter: two orders on one argument in an OR */
	{"log personality if (arg0 < 0x2a56787fdea2c6f4 or persona < 0xfe)",
	 "personality",
	 {0x7fffffff},
	 true},
	{"deny madvise if length < 0x100000000\ndeny madvise if length < 0x1000",
	 "madvise",
	 {0x100000001ull, 0x1000},
	 true},
	{"deny mmap if length > 0x1000 and length <= 0x20000\nlog mmap if length >= 0xffffffff",
	 "mmap",
	 {0, 0x20000},
	 true},
	{"deny mmap if length > 0x1000 and length <= 0x20000\nlog mmap if length >= 0xffffffff",
	 "mmap",
	 {0, 0x20001},
	 true}, /* one compare per argument in a rule: the second is widened */
	{"deny mmap if length > 0x1000 and length <= 0x20000\nlog mmap if length >= 0xffffffff",
	 "mmap",
	 {0, 0x1000000000ull},
	 true},
	{"deny read if count < 3", "read", {0, 0, 5}, false}, /* 64-bit: exact */
	{"deny read if count < 3", "read", {0, 0, 2}, true},
	{"deny openat if path prefix \"/x\"", "openat", {0}, true},
	{"deny openat if path prefix \"/x\" and flags & O_CREAT", "openat", {0, 0, 0}, false},
	{"deny openat if path prefix \"/x\" and flags & O_CREAT", "openat", {0, 0, 0x40}, true},
	{"deny openat if not path prefix \"/x\" or flags & O_CREAT", "openat", {0, 0, 0}, true},
	{"log execve", "execve", {0}, true},
};
/* clang-format on */

static void test_compile_table(void)
{
	uint32_t native = syscalls_native_arch();

	for (size_t i = 0; i < JT_ARRAY_SIZE(stop_cases); i++) {
		const struct stop_case *c = &stop_cases[i];
		const struct syscall_sig *sig = syscalls_by_name(c->call);
		struct policy p;
		struct policy_error err;
		struct prog prog = {0};
		uint32_t ret;
		long nr;
		int r;

		policy_init(&p);
		if (c->policy[0] == '@')
			r = policy_load(&p, c->policy + 1, &err);
		else
			r = policy_load_buffer(&p, "t.policy", c->policy, strlen(c->policy), &err);
		CHECK(r == 0 && sig, "case %zu: %s", i, err.msg);
		if (r < 0 || !sig) {
			policy_free(&p);
			continue;
		}
		nr = syscalls_nr((size_t)syscalls_index_of(sig), native);
		r = compile_policy(&p, NULL, &prog);
		CHECK(r == 0, "case %zu: compile %d", i, r);
		if (r == 0) {
			ret = run_filter(&prog, nr, c->args);
			CHECK((ret == (SECCOMP_RET_TRACE | TRACE_DATA)) == c->stops &&
				      (ret == SECCOMP_RET_ALLOW) == !c->stops,
			      "case %zu: %s: %s(%#llx, %#llx, %#llx): filter %#x, expected %s", i,
			      c->policy, c->call, (unsigned long long)c->args[0],
			      (unsigned long long)c->args[1], (unsigned long long)c->args[2], ret,
			      c->stops ? "TRACE" : "ALLOW");
		}
		free(prog.insns);
		policy_free(&p);
	}

	/* Calls in @selected are the caller's: nothing is added for them. */
	{
		struct policy p;
		struct policy_error err;
		struct syscall_set sel = {{0}};
		struct prog prog = {0};
		uint64_t args[6] = {0};
		long ri = syscalls_index_by_name("read"), wi = syscalls_index_by_name("write");
		int r = load_text(&p, "deny read write", &err);

		syscall_set_add(&sel, (size_t)ri);
		if (r == 0)
			r = compile_policy(&p, &sel, &prog);
		CHECK(r == 0, "selected: %d", r);
		if (r == 0) {
			CHECK(run_filter(&prog, syscalls_nr((size_t)ri, native), args) ==
				      SECCOMP_RET_ALLOW,
			      "read is the caller's");
			CHECK(run_filter(&prog, syscalls_nr((size_t)wi, native), args) ==
				      (SECCOMP_RET_TRACE | TRACE_DATA),
			      "write is ours");
		}
		free(prog.insns);
		policy_free(&p);
	}
}

static void test_bpf_run(void)
{
	struct seccomp_data d = {
		.nr = 3, .arch = AUDIT_ARCH_X86_64, .args = {0x1122334455667788ull}};
	struct sock_filter ok[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x11223344, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_filter bad_jump[] = {
		BPF_JUMP(BPF_JMP | BPF_JA, 5, 0, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_filter bad_load[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_filter no_ret[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
	};
	struct sock_filter alu[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 4),
		BPF_STMT(BPF_ST, 2),
		BPF_STMT(BPF_LDX | BPF_MEM, 2),
		BPF_STMT(BPF_MISC | BPF_TXA, 0),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};

	CHECK(bpfsim_run(ok, JT_ARRAY_SIZE(ok), &d) == (SECCOMP_RET_TRACE | 1), "high word");
	d.args[0] = 0x7788;
	CHECK(bpfsim_run(ok, JT_ARRAY_SIZE(ok), &d) == SECCOMP_RET_ALLOW, "no match");
	CHECK(bpfsim_run(bad_jump, 2, &d) == SECCOMP_RET_KILL_PROCESS, "jump out");
	CHECK(bpfsim_run(bad_load, 2, &d) == SECCOMP_RET_KILL_PROCESS, "load out");
	CHECK(bpfsim_run(no_ret, 1, &d) == SECCOMP_RET_KILL_PROCESS, "no ret");
	CHECK(bpfsim_run(alu, JT_ARRAY_SIZE(alu), &d) == 7, "alu/scratch");
}

int main(void)
{
	int r = syscalls_init();

	CHECK(r == 0, "syscalls_init: %d", r);
	/* Shipped policies come from the source tree, whatever the environment. */
	setenv("JTRACE_POLICY_PATH", JTRACE_SRC_POLICYDIR, 1);

	test_glob();
	test_paths();
	test_cidr();
	test_sha256();
	test_bpf_run();
	test_valid_fixtures();
	test_invalid_fixtures();
	test_shipped();
	test_limits();
	test_decide();
	test_decide_sendmmsg();
	test_decide_addrlen_high_bits();
	test_decide_unreadable();
	test_floor_flags();
	test_print();
	test_compile_table();
	test_compile_sound();

	return check_exit_status("test-policy");
}
