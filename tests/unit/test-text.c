/* test-text: the text writer (src/emit/text.c) on events built by hand,
 * with jv values as the decoders make them.  Each check compares the
 * exact line; the expected lines are what the writer printed for the same
 * records when it still read them back from JSON, so a difference here is
 * a change of the text log. */
#include <jtrace/event.h>
#include <jtrace/syscalls.h>
#include <jtrace/text.h>
#include <jtrace/value.h>

#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int failures;
static int checks;

static void check_line(const char *what, const struct text_opts *o, uint64_t realtime0_ns,
		       const struct event *ev, const char *want)
{
	static const struct text_opts none;
	struct jbuf out = {0};
	int r = emit_text_event(&out, o ? o : &none, realtime0_ns, ev);
	const char *got = out.p ? out.p : "";

	checks++;
	if (r != 0 || strcmp(got, want) != 0) {
		failures++;
		printf("FAIL %s (%d)\n  want: %s  got:  %s%s", what, r, want, got,
		       *got ? "" : "(nothing)\n");
	}
	jbuf_free(&out);
	jv_arena_reset(NULL);
}

/* A finished call of thread 42 that returned @ret; arguments added by the
 * caller, in signature order. */
static struct event call(const char *name, struct jv *ret)
{
	struct event ev = {.kind = EVENT_SYSCALL, .proc = {.pid = 42, .tid = 42, .nspid = 42}};

	ev.u.sys.name = name;
	ev.u.sys.sig = syscalls_by_name(name);
	ev.u.sys.args = jv_object();
	ev.u.sys.finished = true;
	ev.u.sys.ret = ret;
	ev.u.sys.action = EVENT_ALLOW;
	ev.u.sys.dur_ns = 1000;
	return ev;
}

static void fail_with(struct event *ev, const char *err)
{
	ev->u.sys.failed = true;
	ev->u.sys.err = err;
	ev->u.sys.ret = NULL;
}

static struct jv *sym(const char *s)
{
	return jv_tagged(jv_str(s), JV_TAG_SYMBOL);
}

static struct jv *ptr(uint64_t p)
{
	return jv_tagged(jv_uint(p), JV_TAG_PTR);
}

static struct jv *text(const char *s)
{
	return jv_bytes(s, strlen(s), strlen(s), false);
}

/* {"raw":N,"flags":[...]}: the names, NULL-terminated. */
static struct jv *flags(uint64_t raw, const char *const *names)
{
	struct jv *o = jv_tagged(jv_object(), JV_TAG_FLAGS);
	struct jv *a = jv_array();

	for (size_t i = 0; names[i]; i++)
		jv_push(a, strncmp(names[i], "0x", 2) == 0 ? jv_hex(strtoull(names[i], NULL, 16))
							   : jv_str(names[i]));
	jv_add(o, "raw", jv_uint(raw));
	jv_add(o, "flags", a);
	return o;
}
#define FLAGS(raw, ...) flags(raw, (const char *const[]){__VA_ARGS__, NULL})

/* -y: {"fd":N,"target":...}. */
static struct jv *fd_target(struct jv *fd, const char *target)
{
	struct jv *o = jv_tagged(jv_object(), JV_TAG_FD);

	jv_add(o, "fd", fd);
	jv_add(o, "target", text(target));
	return o;
}

static struct jv *inet(const char *family, const char *addr, int port)
{
	struct jv *o = jv_tagged(jv_object(), JV_TAG_SOCKADDR);

	jv_add(o, "family", sym(family));
	jv_add(o, "addr", jv_str(addr));
	jv_add(o, "port", jv_int(port));
	return o;
}

static struct jv *endpoint(const char *addr, int port)
{
	struct jv *o = jv_object();

	jv_add(o, "addr", jv_str(addr));
	jv_add(o, "port", jv_int(port));
	return o;
}

static void test_strings_and_flags(void)
{
	static const char path[] = "/tmp/a\"b\\c\xff\n";
	struct event ev = call("openat", jv_int(3));

	jv_add(ev.u.sys.args, "dirfd", sym("AT_FDCWD"));
	jv_add(ev.u.sys.args, "pathname",
	       jv_bytes(path, sizeof(path) - 1, sizeof(path) - 1, false));
	jv_add(ev.u.sys.args, "flags", FLAGS(0x80000, "O_RDONLY", "O_CLOEXEC"));
	jv_add(ev.u.sys.args, "mode", NULL);
	check_line("a path's bytes in C escapes, flags joined, a mode that does not apply left out",
		   NULL, 0, &ev,
		   "[pid 42] openat(AT_FDCWD, \"/tmp/a\\\"b\\\\c\\377\\n\", O_RDONLY|O_CLOEXEC) = "
		   "3\n");

	/* The same tracee bytes as -x keeps them: raw all the same. */
	ev = call("openat", jv_int(3));
	jv_add(ev.u.sys.args, "dirfd", jv_str("AT_FDCWD")); /* untagged: by its looks */
	jv_add(ev.u.sys.args, "pathname", jv_bytes(path, sizeof(path) - 1, sizeof(path) - 1, true));
	jv_add(ev.u.sys.args, "flags", FLAGS(0x40000000, "O_RDONLY", "0x40000000"));
	jv_add(ev.u.sys.args, "mode", NULL);
	check_line("-x bytes, an unknown flag bit in hex", NULL, 0, &ev,
		   "[pid 42] openat(AT_FDCWD, \"/tmp/a\\\"b\\\\c\\377\\n\", O_RDONLY|0x40000000) = "
		   "3\n");

	ev = call("dup3", jv_int(4));
	jv_add(ev.u.sys.args, "oldfd", jv_int(3));
	jv_add(ev.u.sys.args, "newfd", jv_int(4));
	jv_add(ev.u.sys.args, "flags", flags(0, (const char *const[]){NULL}));
	check_line("no flag set is 0", NULL, 0, &ev, "[pid 42] dup3(3, 4, 0) = 4\n");

	ev = call("write", jv_int(100));
	ev.proc.tid = 43;
	jv_add(ev.u.sys.args, "fd", jv_int(1));
	jv_add(ev.u.sys.args, "buf", jv_bytes("hello wor\001d", 11, 100, false));
	jv_add(ev.u.sys.args, "count", jv_uint(100));
	check_line("a string cut at -s: ... after the quotes; the thread's tid", NULL, 0, &ev,
		   "[pid 43] write(1, \"hello wor\\1d\"..., 100) = 100\n");

	ev = call("read", jv_int(4096));
	jv_add(ev.u.sys.args, "fd", jv_int(3));
	jv_add(ev.u.sys.args, "buf", jv_bytes("abc", 3, SIZE_MAX, false));
	jv_add(ev.u.sys.args, "count", jv_uint(4096));
	check_line("a string whose end was not seen", NULL, 0, &ev,
		   "[pid 42] read(3, \"abc\"..., 4096) = 4096\n");

	ev = call("execve", jv_int(0));
	struct jv *argv = jv_array(), *envp = jv_object();
	jv_push(argv, text("true"));
	jv_push(argv, jv_bytes("abc", 3, SIZE_MAX, false));
	jv_add(envp, "count", jv_int(12));
	jv_add(ev.u.sys.args, "pathname", text("/bin/true"));
	jv_add(ev.u.sys.args, "argv", argv);
	jv_add(ev.u.sys.args, "envp", envp);
	check_line("argv quoted, envp counted", NULL, 0, &ev,
		   "[pid 42] execve(\"/bin/true\", [\"true\", \"abc\"...], /* 12 vars */) = 0\n");
}

static void test_returns(void)
{
	struct event ev = call("openat", NULL);

	jv_add(ev.u.sys.args, "dirfd", sym("AT_FDCWD"));
	jv_add(ev.u.sys.args, "pathname", text("x"));
	jv_add(ev.u.sys.args, "flags", FLAGS(0x241, "O_WRONLY", "O_CREAT", "O_TRUNC"));
	jv_add(ev.u.sys.args, "mode", jv_tagged(jv_str("0644"), JV_TAG_MODE));
	fail_with(&ev, "EACCES");
	check_line("a failed call: -1, errno and its message", NULL, 0, &ev,
		   "[pid 42] openat(AT_FDCWD, \"x\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = -1 EACCES "
		   "(Permission denied)\n");

	ev = call("getpid", NULL);
	fail_with(&ev, "E999");
	check_line("an errno with no name", NULL, 0, &ev, "[pid 42] getpid() = -1 E999 (?)\n");

	ev = call("mmap", ptr(0x7f1234560000));
	jv_add(ev.u.sys.args, "addr", NULL);
	jv_add(ev.u.sys.args, "length", jv_uint(4096));
	jv_add(ev.u.sys.args, "prot", FLAGS(3, "PROT_READ", "PROT_WRITE"));
	jv_add(ev.u.sys.args, "flags", FLAGS(0x22, "MAP_PRIVATE", "MAP_ANONYMOUS"));
	jv_add(ev.u.sys.args, "fd", jv_int(-1));
	jv_add(ev.u.sys.args, "offset", jv_int(0));
	check_line("a pointer bare in hex, NULL for null", NULL, 0, &ev,
		   "[pid 42] mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, "
		   "0) = "
		   "0x7f1234560000\n");

	ev = call("read", NULL);
	jv_add(ev.u.sys.args, "fd", jv_int(3));
	jv_add(ev.u.sys.args, "buf", ptr(0x7ffd0000));
	jv_add(ev.u.sys.args, "count", jv_uint(10));
	fail_with(&ev, "EBADF");
	check_line("what a failed call did not write is its address", NULL, 0, &ev,
		   "[pid 42] read(3, 0x7ffd0000, 10) = -1 EBADF (Bad file descriptor)\n");

	ev = call("exit_group", NULL);
	jv_add(ev.u.sys.args, "status", jv_int(0));
	ev.u.sys.finished = false;
	check_line("a call that never returned", &(struct text_opts){.durations = true}, 0, &ev,
		   "[pid 42] exit_group(0) = ?\n");

	ev = call("socket", NULL);
	jv_add(ev.u.sys.args, "domain", sym("AF_INET"));
	jv_add(ev.u.sys.args, "type", FLAGS(1, "SOCK_STREAM"));
	jv_add(ev.u.sys.args, "protocol", jv_int(0));
	fail_with(&ev, "EACCES");
	ev.u.sys.action = EVENT_DENY;
	ev.u.sys.rule = "p.policy:3";
	check_line("a verdict and its rule", NULL, 0, &ev,
		   "[pid 42] socket(AF_INET, SOCK_STREAM, 0) = -1 EACCES (Permission denied) [deny "
		   "p.policy:3]\n");

	ev = call("getpid", jv_int(42));
	ev.u.sys.action = EVENT_LOG;
	ev.u.sys.rule = "p.policy:1";
	check_line("a log rule", NULL, 0, &ev, "[pid 42] getpid() = 42 [log p.policy:1]\n");
}

static void test_unknown_and_raw(void)
{
	struct event ev = call("syscall_999", NULL);
	static const uint64_t raw[6] = {1, 0, UINT64_MAX, 0, 0, 0};

	ev.u.sys.sig = NULL;
	ev.u.sys.nr = 999;
	for (unsigned i = 0; i < 6; i++) {
		char key[8];

		snprintf(key, sizeof(key), "arg%u", i);
		ev.u.sys.raw[i] = raw[i];
		jv_add(ev.u.sys.args, key, jv_hex(raw[i]));
	}
	fail_with(&ev, "ENOSYS");
	check_line("a call not in the table: its registers raw", NULL, 0, &ev,
		   "[pid 42] syscall_999(0x1, 0x0, 0xffffffffffffffff, 0x0, 0x0, 0x0) = -1 ENOSYS "
		   "(Function not implemented)\n");

	/* A foreign ABI's futex, shown raw: no futex shape for arg0..arg5. */
	ev = call("futex", jv_int(0));
	static const uint64_t fraw[6] = {0x1000, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0};
	for (unsigned i = 0; i < 6; i++) {
		char key[8];

		snprintf(key, sizeof(key), "arg%u", i);
		ev.u.sys.raw[i] = fraw[i];
		jv_add(ev.u.sys.args, key, jv_hex(fraw[i]));
	}
	ev.u.sys.action = EVENT_KILL;
	ev.u.sys.rule = "floor:foreign-abi";
	check_line(
		"a call shown raw keeps every register", NULL, 0, &ev,
		"[pid 42] futex(0x1000, 0x81, 0x1, 0x0, 0x0, 0x0) = 0 [kill floor:foreign-abi]\n");
}

static void test_fds_and_sockaddrs(void)
{
	struct event ev = call("read", jv_int(1));

	jv_add(ev.u.sys.args, "fd", fd_target(jv_int(3), "/tmp/a\xff b"));
	jv_add(ev.u.sys.args, "buf", text("x"));
	jv_add(ev.u.sys.args, "count", jv_uint(1));
	check_line("-y: the target as the log's text", NULL, 0, &ev,
		   "[pid 42] read(3</tmp/a\\xff b>, \"x\", 1) = 1\n");

	ev = call("openat", jv_int(3));
	jv_add(ev.u.sys.args, "dirfd", fd_target(sym("AT_FDCWD"), "/home/u"));
	jv_add(ev.u.sys.args, "pathname", text("f"));
	jv_add(ev.u.sys.args, "flags", FLAGS(0, "O_RDONLY"));
	jv_add(ev.u.sys.args, "mode", NULL);
	ev.u.sys.ret_fd = fd_target(jv_int(3), "/home/u/f");
	check_line("-y: AT_FDCWD's directory, the new fd's target", NULL, 0, &ev,
		   "[pid 42] openat(AT_FDCWD</home/u>, \"f\", O_RDONLY) = 3</home/u/f>\n");

	ev = call("connect", jv_int(0));
	struct jv *sock = jv_object(), *fd = fd_target(jv_int(3), "socket:[9]");
	jv_add(sock, "proto", jv_str("TCP"));
	jv_add(sock, "local", endpoint("127.0.0.1", 4000));
	jv_add(sock, "peer", endpoint("127.0.0.1", 80));
	jv_add(fd, "socket", sock);
	jv_add(ev.u.sys.args, "sockfd", fd);
	jv_add(ev.u.sys.args, "addr", inet("AF_INET", "127.0.0.1", 80));
	jv_add(ev.u.sys.args, "addrlen", jv_uint(16));
	check_line("AF_INET, and a TCP socket's ends", NULL, 0, &ev,
		   "[pid 42] connect(3<TCP:[127.0.0.1:4000->127.0.0.1:80]>, {sa_family=AF_INET, "
		   "sin_port=htons(80), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0\n");

	ev = call("connect", jv_int(0));
	struct jv *un = jv_tagged(jv_object(), JV_TAG_SOCKADDR);
	sock = jv_object();
	fd = fd_target(jv_int(4), "socket:[77]");
	jv_add(sock, "proto", jv_str("UNIX-STREAM"));
	jv_add(sock, "path", jv_str("/run/x.sock"));
	jv_add(fd, "socket", sock);
	jv_add(un, "family", sym("AF_UNIX"));
	jv_add(un, "path", text("/run/x.sock"));
	jv_add(ev.u.sys.args, "sockfd", fd);
	jv_add(ev.u.sys.args, "addr", un);
	jv_add(ev.u.sys.args, "addrlen", jv_uint(110));
	check_line("AF_UNIX, and a unix socket's inode and path", NULL, 0, &ev,
		   "[pid 42] connect(4<UNIX-STREAM:[77,\"/run/x.sock\"]>, {sa_family=AF_UNIX, "
		   "sun_path=\"/run/x.sock\"}, 110) = 0\n");

	ev = call("bind", NULL);
	un = jv_tagged(jv_object(), JV_TAG_SOCKADDR);
	jv_add(un, "family", sym("AF_UNIX"));
	jv_add(un, "abstract", jv_bytes("jt\0k", 4, 4, false));
	jv_add(ev.u.sys.args, "sockfd", jv_int(5));
	jv_add(ev.u.sys.args, "addr", un);
	jv_add(ev.u.sys.args, "addrlen", jv_uint(7));
	fail_with(&ev, "EADDRINUSE");
	check_line("an abstract unix address, its NUL included", NULL, 0, &ev,
		   "[pid 42] bind(5, {sa_family=AF_UNIX, sun_path=@\"jt\\0k\"}, 7) = -1 EADDRINUSE "
		   "(Address already in use)\n");

	ev = call("bind", jv_int(0));
	struct jv *in6 = inet("AF_INET6", "::1", 8080);
	jv_add(in6, "flowinfo", jv_uint(0));
	jv_add(in6, "scope_id", jv_uint(0));
	jv_add(ev.u.sys.args, "sockfd", jv_int(5));
	jv_add(ev.u.sys.args, "addr", in6);
	jv_add(ev.u.sys.args, "addrlen", jv_uint(28));
	check_line("AF_INET6", NULL, 0, &ev,
		   "[pid 42] bind(5, {sa_family=AF_INET6, sin6_port=htons(8080), "
		   "sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::1\", &sin6_addr), "
		   "sin6_scope_id=0}, 28) = 0\n");
}

static void test_structs(void)
{
	struct event ev = call("wait4", jv_int(43));
	struct jv *ws = jv_object();

	jv_add(ws, "signaled", sym("SIGKILL"));
	jv_add(ws, "core", jv_bool(true));
	jv_add(ev.u.sys.args, "pid", jv_int(-1));
	jv_add(ev.u.sys.args, "wstatus", ws);
	jv_add(ev.u.sys.args, "options", jv_int(0));
	jv_add(ev.u.sys.args, "rusage", NULL);
	check_line(
		"a wait status", NULL, 0, &ev,
		"[pid 42] wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL && WCOREDUMP(s)}], "
		"0, NULL) = 43\n");

	ev = call("poll", jv_int(1));
	struct jv *fds = jv_array(), *pfd = jv_tagged(jv_object(), JV_TAG_STRUCT);
	struct jv *events = jv_array(), *revents = jv_array();
	jv_push(events, sym("POLLIN"));
	jv_push(revents, sym("POLLIN"));
	jv_push(revents, sym("POLLHUP"));
	jv_add(pfd, "fd", jv_int(3));
	jv_add(pfd, "events", events);
	jv_add(pfd, "revents", revents);
	jv_push(fds, pfd);
	jv_add(ev.u.sys.args, "fds", fds);
	jv_add(ev.u.sys.args, "nfds", jv_uint(1));
	jv_add(ev.u.sys.args, "timeout", jv_int(0));
	check_line("structure members, poll events joined", NULL, 0, &ev,
		   "[pid 42] poll([{fd=3, events=POLLIN, revents=POLLIN|POLLHUP}], 1, 0) = 1\n");

	ev = call("rt_sigprocmask", jv_int(0));
	struct jv *set = jv_array();
	jv_push(set, sym("SIGHUP"));
	jv_push(set, sym("SIGINT"));
	jv_add(ev.u.sys.args, "how", sym("SIG_BLOCK"));
	jv_add(ev.u.sys.args, "set", set);
	jv_add(ev.u.sys.args, "oldset", NULL);
	jv_add(ev.u.sys.args, "sigsetsize", jv_uint(8));
	check_line("a signal set", NULL, 0, &ev,
		   "[pid 42] rt_sigprocmask(SIG_BLOCK, [HUP INT], NULL, 8) = 0\n");

	ev = call("newfstatat", jv_int(0));
	struct jv *st = jv_tagged(jv_object(), JV_TAG_STRUCT);
	jv_add(st, "st_mode", jv_tagged(jv_str("S_IFREG|0640"), JV_TAG_MODE));
	jv_add(st, "st_size", jv_int(12));
	jv_add(ev.u.sys.args, "dirfd", jv_int(3));
	jv_add(ev.u.sys.args, "pathname", text(""));
	jv_add(ev.u.sys.args, "statbuf", st);
	jv_add(ev.u.sys.args, "flags", FLAGS(0x1000, "AT_EMPTY_PATH"));
	check_line("a stat abbreviated as without -v", NULL, 0, &ev,
		   "[pid 42] newfstatat(3, \"\", {st_mode=S_IFREG|0640, st_size=12, ...}, "
		   "AT_EMPTY_PATH) = 0\n");
}

/* clone and futex in strace's own shapes (src/emit/text-shapes.c). */
static void test_shapes(void)
{
	struct event ev = call("clone", jv_int(6));

	ev.proc.tid = 5;
	jv_add(ev.u.sys.args, "flags",
	       FLAGS(18874385, "CLONE_CHILD_CLEARTID", "CLONE_CHILD_SETTID", "SIGCHLD"));
	jv_add(ev.u.sys.args, "stack", NULL);
	jv_add(ev.u.sys.args, "parent_tid", NULL);
	jv_add(ev.u.sys.args, "child_tid", ptr(0x7f00));
	jv_add(ev.u.sys.args, "tls", jv_hex(0));
	check_line("clone: named, only the pointers the flags use", NULL, 0, &ev,
		   "[pid 5] clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|"
		   "SIGCHLD, child_tidptr=0x7f00) = 6\n");

	/* futex: the command from its register, as the name says it. */
	struct {
		const char *what, *op;
		uint64_t raw_op;
		uint64_t timeout; /* 0: NULL */
		uint64_t val3;
		const char *want;
	} futexes[] = {
		{"futex wake: three arguments", "FUTEX_WAKE_PRIVATE", FUTEX_WAKE_PRIVATE, 0, 7,
		 "[pid 5] futex(0x1000, FUTEX_WAKE_PRIVATE, 1) = 0\n"},
		{"futex wait_bitset: clock flag and MATCH_ANY",
		 "FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME", FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME,
		 0, UINT32_MAX,
		 "[pid 5] futex(0x1000, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 1, NULL, "
		 "FUTEX_BITSET_MATCH_ANY) = 0\n"},
		{"futex cmp_requeue: the count in the timeout slot is a number",
		 "FUTEX_CMP_REQUEUE_PRIVATE", FUTEX_CMP_REQUEUE_PRIVATE, 0x7fffffff, 0,
		 "[pid 5] futex(0x1000, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2147483647, 0x2000, 0) = "
		 "0\n"},
		{"futex requeue: a zero count in the timeout slot", "FUTEX_REQUEUE", FUTEX_REQUEUE,
		 0, 0, "[pid 5] futex(0x1000, FUTEX_REQUEUE, 1, 0, 0x2000) = 0\n"},
		{"futex with an unknown op: every argument", NULL, 99, 0, 0,
		 "[pid 5] futex(0x1000, 99, 1, NULL, 0x2000, 0) = 0\n"},
	};
	for (size_t k = 0; k < sizeof(futexes) / sizeof(futexes[0]); k++) {
		ev = call("futex", jv_int(0));
		ev.proc.tid = 5;
		ev.u.sys.raw[0] = 0x1000;
		ev.u.sys.raw[1] = futexes[k].raw_op;
		jv_add(ev.u.sys.args, "uaddr", ptr(0x1000));
		jv_add(ev.u.sys.args, "futex_op",
		       futexes[k].op ? sym(futexes[k].op) : jv_int((int64_t)futexes[k].raw_op));
		jv_add(ev.u.sys.args, "val", jv_uint(1));
		jv_add(ev.u.sys.args, "timeout",
		       futexes[k].timeout ? ptr(futexes[k].timeout) : NULL);
		jv_add(ev.u.sys.args, "uaddr2", ptr(0x2000));
		jv_add(ev.u.sys.args, "val3", jv_uint(futexes[k].val3));
		check_line(futexes[k].what, NULL, 0, &ev, futexes[k].want);
	}
}

static void test_process_events(void)
{
	struct event ev = {.kind = EVENT_SIGNAL, .proc = {.pid = 42, .tid = 42}};
	struct jv *si = jv_tagged(jv_object(), JV_TAG_STRUCT);

	jv_add(si, "si_signo", sym("SIGCHLD"));
	jv_add(si, "si_code", sym("CLD_EXITED"));
	jv_add(si, "si_pid", jv_int(43));
	jv_add(si, "si_uid", jv_uint(1000));
	jv_add(si, "si_status", jv_int(0));
	jv_add(si, "si_utime", jv_int(0));
	jv_add(si, "si_stime", jv_int(0));
	ev.u.sig = (struct event_signal){.signo = 17, .name = "SIGCHLD", .code = 1, .siginfo = si};
	check_line("a signal with its siginfo", NULL, 0, &ev,
		   "[pid 42] --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=43, "
		   "si_uid=1000, si_status=0, si_utime=0, si_stime=0} ---\n");

	si = jv_tagged(jv_object(), JV_TAG_STRUCT);
	jv_add(si, "si_signo", sym("SIGSEGV"));
	jv_add(si, "si_code", sym("SEGV_ACCERR"));
	jv_add(si, "si_addr", ptr(0x1000));
	ev.u.sig = (struct event_signal){.signo = 11, .name = "SIGSEGV", .code = 2, .siginfo = si};
	check_line("a fault's address", NULL, 0, &ev,
		   "[pid 42] --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_ACCERR, si_addr=0x1000} "
		   "---\n");

	ev.u.sig = (struct event_signal){.signo = 10, .name = "SIGUSR1", .code = 0};
	check_line("a signal without siginfo", NULL, 0, &ev,
		   "[pid 42] --- SIGUSR1 {si_signo=SIGUSR1, si_code=0} ---\n");

	ev.kind = EVENT_STOP;
	ev.u.sig = (struct event_signal){.signo = 19, .name = "SIGSTOP"};
	check_line("a group-stop", NULL, 0, &ev, "[pid 42] --- stopped by SIGSTOP ---\n");

	ev.kind = EVENT_EXEC;
	ev.u.exec = (struct event_exec){.path = "/usr/bin/true", .comm = "true"};
	check_line("an exec", NULL, 0, &ev, "[pid 42] +++ exec \"/usr/bin/true\" +++\n");

	ev.kind = EVENT_EXIT;
	ev.u.exit = (struct event_exit){.code = 3};
	check_line("an exit by code", NULL, 0, &ev, "[pid 42] +++ exited with 3 +++\n");
	ev.u.exit = (struct event_exit){
		.signaled = true, .signo = 11, .signal = "SIGSEGV", .core = true};
	check_line("an exit by signal, core dumped", NULL, 0, &ev,
		   "[pid 42] +++ killed by SIGSEGV (core dumped) +++\n");
	ev.u.exit = (struct event_exit){.signaled = true, .signo = 9, .signal = "SIGKILL"};
	check_line("an exit by signal", NULL, 0, &ev, "[pid 42] +++ killed by SIGKILL +++\n");

	/* strace prints nothing for these. */
	ev.kind = EVENT_FORK;
	ev.u.fork = (struct event_fork){.child = 43, .child_nspid = 43, .kind = "fork"};
	check_line("no line for a fork", NULL, 0, &ev, "");
	ev = (struct event){.kind = EVENT_START, .body = jv_object()};
	check_line("no line for the start", NULL, 0, &ev, "");
	ev.kind = EVENT_END;
	check_line("no line for the end", NULL, 0, &ev, "");
}

/* -T and -t, -tt, -ttt (in UTC: main sets TZ). */
static void test_times(void)
{
	const uint64_t rt0 = 1700000000123456789ull; /* 2023-11-14 22:13:20 UTC */
	struct event ev = call("getppid", jv_int(1));

	ev.ts = 1500000;
	ev.u.sys.dur_ns = 2500000;
	check_line("-T", &(struct text_opts){.durations = true}, rt0, &ev,
		   "[pid 42] getppid() = 1 <0.002500>\n");
	check_line("-t", &(struct text_opts){.timestamps = 1, .durations = true}, rt0, &ev,
		   "[pid 42] 22:13:20 getppid() = 1 <0.002500>\n");
	check_line("-tt", &(struct text_opts){.timestamps = 2, .durations = true}, rt0, &ev,
		   "[pid 42] 22:13:20.124956 getppid() = 1 <0.002500>\n");
	check_line("-ttt", &(struct text_opts){.timestamps = 3, .durations = true}, rt0, &ev,
		   "[pid 42] 1700000000.124956 getppid() = 1 <0.002500>\n");
	check_line("no -T: no duration", NULL, rt0, &ev, "[pid 42] getppid() = 1\n");
}

/* Lines are appended: what the buffer held stays. */
static void test_appends(void)
{
	struct jbuf out = {0};
	struct event ev = call("getpid", jv_int(42));

	jbuf_puts(&out, "earlier\n");
	checks++;
	if (emit_text_event(&out, &(struct text_opts){0}, 0, &ev) != 0 ||
	    strcmp(out.p, "earlier\n[pid 42] getpid() = 42\n") != 0) {
		failures++;
		printf("FAIL a line is appended to the buffer\n  got: %s", out.p);
	}
	jbuf_free(&out);
	jv_arena_reset(NULL);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_strings_and_flags();
	test_returns();
	test_unknown_and_raw();
	test_fds_and_sockaddrs();
	test_structs();
	test_shapes();
	test_process_events();
	test_times();
	test_appends();
	printf("%d checks, %d failures\n", checks, failures);
	return failures ? 1 : 0;
}
