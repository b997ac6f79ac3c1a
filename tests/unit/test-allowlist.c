/* test-allowlist: the jtrace-policy library in src/pcmd/: the log
 * reader on good and bad logs (truncated last line, wrong version, not
 * JSON, empty), the exec window and the --filter check of gen, byte-identical
 * gen output, the union laws of merge, the jtrace format read back, and the
 * types of every OCI field. */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jtrace/allowlist.h>
#include <jtrace/emit.h>
#include <jtrace/logread.h>
#include <jtrace/policy.h>
#include <jtrace/summary.h>
#include <jtrace/syscalls.h>
#include <jtrace/util.h>

#include "check.h"

/* --- helpers --------------------------------------------------------------- */

static char tmpdir[] = "/tmp/test-allowlist.XXXXXX";

static char *write_tmp(const char *name, const char *text)
{
	char *path = NULL;
	FILE *f = NULL;

	if (asprintf(&path, "%s/%s", tmpdir, name) < 0)
		abort();
	f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
	return path;
}

static int count_cb(json_object *rec, unsigned line, void *userdata, struct logread_error *err)
{
	(*(unsigned *)userdata)++;
	return 0;
}

static int read_text(const char *text, struct logread_stats *st, struct logread_error *err,
		     unsigned *n)
{
	/* fmemopen refuses an empty buffer on some libcs. */
	FILE *f = *text ? fmemopen((void *)text, strlen(text), "r") : fopen("/dev/null", "r");
	int r = 0;

	if (!f)
		abort();
	*n = 0;
	r = logread_stream(f, "L", count_cb, n, st, err);
	fclose(f);
	return r;
}

/* The start record of a log recorded with every call (the native arch's
 * whole table) or, with @narrow, with `--filter=net`-like gaps. */
static char *start_record(bool narrow)
{
	json_object *o = json_object_new_object();
	json_object *filter = json_object_new_array();
	uint32_t native = syscalls_native_arch();
	char *s = NULL;

	json_object_object_add(o, "v", json_object_new_int(1));
	json_object_object_add(o, "type", json_object_new_string("start"));
	json_object_object_add(o, "ts", json_object_new_int(0));
	json_object_object_add(o, "arch", json_object_new_string(syscalls_arch_name(native)));
	for (size_t i = 0; i < syscall_table_len; i++) {
		if (syscalls_nr(i, native) < 0)
			continue;
		if (narrow && strcmp(syscall_table[i].name, "read") == 0)
			continue;
		json_object_array_add(filter, json_object_new_string(syscall_table[i].name));
	}
	json_object_object_add(o, "filter", filter);
	json_object_object_add(o, "pid", json_object_new_int(100));
	s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return s;
}

#define SC(pid, name, args)                                                                        \
	"{\"v\":1,\"type\":\"syscall\",\"ts\":1,\"seq\":1,\"pid\":" #pid ",\"tid\":" #pid          \
	",\"nspid\":" #pid ",\"comm\":\"p\",\"name\":\"" name "\",\"nr\":0,\"arch\":\"x86_64\","   \
	"\"args\":" args ",\"ret\":0,\"dur_ns\":5,\"action\":\"allow\"}\n"

/* A small log: pid 100 makes a call before its exec (the launcher's:
 * must not count), execs, forks 101 whose pre-exec dup2 counts. */
static char *make_log(const char *name, bool narrow, const char *extra)
{
	char *start = start_record(narrow);
	char *text = NULL;
	char *path = NULL;

	if (asprintf(&text,
		     "%s\n" SC(100, "getppid",
			       "{}") "{\"v\":1,\"type\":\"exec\",\"ts\":2,\"pid\":100,\"tid\":100,"
				     "\"nspid\":100,"
				     "\"path\":\"/bin/p\",\"comm\":\"p\"}\n" SC(100, "execve", "{}")
					     SC(100, "openat", "{}")
						     SC(
							     100, "socket",
							     "{\"domain\":\"AF_INET\",\"type\":"
							     "\"SOCK_"
							     "STREAM|SOCK_CLOEXEC\",\"protocol\":"
							     "0}") "{\"v\":1,\"type\":\"fork\","
								   "\"ts\":3,\"pid\":100,\"tid\":"
								   "100,\"nspid\":100,"
								   "\"child\":101,\"child_nspid\":"
								   "101,\"kind\":\"fork\","
								   "\"thread\":false}\n" SC(
									   101, "dup2", "{}") "%s",
		     start, extra ? extra : "") < 0)
		abort();
	path = write_tmp(name, text);
	free(text);
	free(start);
	return path;
}

static char *export_string(const struct allowlist *a, enum allowlist_format fmt)
{
	char path[] = "/tmp/test-allowlist-out.XXXXXX";
	int fd = mkstemp(path);
	char *buf = NULL;
	size_t len = 0;

	if (fd < 0)
		abort();
	CHECK(allowlist_export(a, fmt, "test", fd) == 0, "export format %d", fmt);
	close(fd);
	CHECK(jt_read_file(path, &buf, &len) == 0, "read back %s", path);
	unlink(path);
	return buf;
}

/* --- the log reader ------------------------------------------------------- */

static void test_logread(void)
{
	struct logread_stats st = {0};
	struct logread_error err = {{0}};
	unsigned n = 0;
	int r = 0;

	r = read_text("{\"v\":1,\"type\":\"start\"}\n{\"v\":1,\"type\":\"end\"}\n", &st, &err, &n);
	CHECK(r == 0 && n == 2 && st.truncated_line == 0, "good log: r=%d n=%u", r, n);

	/* The last line lacks its newline and is valid: kept. */
	r = read_text("{\"v\":1,\"type\":\"start\"}\n{\"v\":1,\"type\":\"end\"}", &st, &err, &n);
	CHECK(r == 0 && n == 2 && st.truncated_line == 0, "unterminated but whole: r=%d n=%u", r,
	      n);

	r = read_text("{\"v\":1,\"type\":\"start\"}\n{\"v\":1,\"type\":\"sysc", &st, &err, &n);
	CHECK(r == 0 && n == 1 && st.truncated_line == 2, "truncated: r=%d n=%u line=%u", r, n,
	      st.truncated_line);

	r = read_text("{\"v\":1,\"type\":\"start\"}\n{\"v\":2,\"type\":\"end\"}\n", &st, &err, &n);
	CHECK(r == -EINVAL && strstr(err.msg, "L:2: ") && strstr(err.msg, "version"),
	      "wrong version: %d %s", r, err.msg);

	r = read_text("{\"type\":\"start\"}\n", &st, &err, &n);
	CHECK(r == -EINVAL && strstr(err.msg, "L:1: "), "no version: %s", err.msg);

	r = read_text("{\"v\":1,\"type\":\"start\"}\nhello\n{\"v\":1,\"type\":\"end\"}\n", &st,
		      &err, &n);
	CHECK(r == -EINVAL && strcmp(err.msg, "L:2: not JSON") == 0, "not JSON: %s", err.msg);

	/* A truncated line that is not the last one is corruption, not a
	 * cut-short log. */
	r = read_text("{\"v\":1,\"type\":\"sta\n{\"v\":1,\"type\":\"end\"}\n", &st, &err, &n);
	CHECK(r == -EINVAL && strcmp(err.msg, "L:1: not JSON") == 0, "mid-log cut: %s", err.msg);

	r = read_text("[1,2]\n", &st, &err, &n);
	CHECK(r == -EINVAL && strcmp(err.msg, "L:1: not JSON") == 0, "array: %s", err.msg);

	r = read_text("{\"v\":1,\"type\":\"start\"} trailing\n", &st, &err, &n);
	CHECK(r == -EINVAL && strstr(err.msg, "not JSON"), "trailing garbage: %s", err.msg);

	r = read_text("", &st, &err, &n);
	CHECK(r == -EINVAL && strstr(err.msg, "empty"), "empty: %s", err.msg);

	r = read_text("\n\n", &st, &err, &n);
	CHECK(r == -EINVAL && strstr(err.msg, "empty"), "blank lines only: %s", err.msg);
}

static void test_json_value(void)
{
	static const struct {
		const char *json;
		uint64_t want;
	} cases[] = {
		{"42", 42},
		{"\"0x10\"", 16},
		{"\"AF_INET\"", 2},
		{"\"SOCK_STREAM|SOCK_CLOEXEC\"", 1 | 02000000},
		{"{\"raw\":5,\"flags\":[\"PROT_READ\",\"PROT_EXEC\"]}", 5},
		{"null", 0},
	};

	for (size_t i = 0; i < JT_ARRAY_SIZE(cases); i++) {
		json_object *o = json_tokener_parse(cases[i].json);
		uint64_t v = 99;
		int r = allowlist_json_value(o, &v);

		CHECK(r == 0 && v == cases[i].want, "%s -> r=%d v=%#llx", cases[i].json, r,
		      (unsigned long long)v);
		json_object_put(o);
	}
	{
		json_object *o = json_tokener_parse("\"NOT_A_CONSTANT_XYZ\"");
		uint64_t v = 0;

		CHECK(allowlist_json_value(o, &v) == -EINVAL, "unknown name must fail");
		json_object_put(o);
	}
}

/* --- gen ------------------------------------------------------------------- */

static void test_gen(void)
{
	struct allowlist_gen_opts opts = {.args = false};
	struct logread_error err = {{0}};
	cleanup_allowlist struct allowlist a, b, c;
	char *log = make_log("a.jsonl", false, NULL);
	char *narrow = make_log("narrow.jsonl", true, NULL);
	char *out1 = NULL, *out2 = NULL;
	int r = 0;

	allowlist_init(&a);
	allowlist_init(&b);
	allowlist_init(&c);
	r = allowlist_gen_log(&a, log, &opts, &err);
	CHECK(r == 0, "gen: %s", err.msg);
	allowlist_add_always(&a);
	CHECK(allowlist_find(&a, "openat") && allowlist_find(&a, "execve"), "program calls kept");
	CHECK(allowlist_find(&a, "dup2"), "forked child's pre-exec call kept");
	CHECK(!allowlist_find(&a, "getppid"), "call before the first exec left out");
	CHECK(allowlist_find(&a, "rt_sigreturn") && allowlist_find(&a, "restart_syscall") &&
		      allowlist_find(&a, "clock_gettime"),
	      "always-needed set added");
	CHECK(a.n_sources == 1 && strcmp(a.sources[0], "a.jsonl") == 0, "source basename");

	/* Determinism: a second run gives the same bytes, in every format. */
	r = allowlist_gen_log(&b, log, &opts, &err);
	allowlist_add_always(&b);
	for (int fmt = ALLOWLIST_FORMAT_JTRACE; fmt <= ALLOWLIST_FORMAT_PFC; fmt++) {
		/* valgrind does not know seccomp(2), so libseccomp's probe
		 * fails under it: the formats that need it are skipped there. */
		if ((fmt == ALLOWLIST_FORMAT_BPF || fmt == ALLOWLIST_FORMAT_PFC) &&
		    getenv("JTRACE_UNDER_VALGRIND")) {
			printf("skip: format %d under valgrind (no seccomp(2) there)\n", fmt);
			continue;
		}
		out1 = export_string(&a, (enum allowlist_format)fmt);
		out2 = export_string(&b, (enum allowlist_format)fmt);
		CHECK(out1 && out2 && strcmp(out1, out2) == 0, "format %d not byte-identical", fmt);
		free(out1);
		free(out2);
	}
	out1 = export_string(&a, ALLOWLIST_FORMAT_JTRACE);
	CHECK(strstr(out1, "\ndefault errno(EPERM)\n") && strstr(out1, "\nallow openat\n") &&
		      strstr(out1, "From: a.jsonl\n"),
	      "jtrace output:\n%s", out1);
	CHECK(!strstr(out1, "2026") && !strstr(out1, tmpdir), "no dates or paths in the header");
	free(out1);

	r = allowlist_gen_log(&c, narrow, &opts, &err);
	CHECK(r == -EINVAL && strstr(err.msg, "narrower --filter") && strstr(err.msg, "read"),
	      "narrow filter refused: %d %s", r, err.msg);

	/* --args: the socket's domain and type (CLOEXEC masked off). */
	{
		cleanup_allowlist struct allowlist d;
		struct allowlist_gen_opts args = {.args = true};
		const struct allowlist_call *s = NULL;
		uint64_t ok[6] = {2, 1 | 04000, 0, 0, 0, 0};
		uint64_t bad[6] = {10, 1, 0, 0, 0, 0};

		allowlist_init(&d);
		CHECK(allowlist_gen_log(&d, log, &args, &err) == 0, "gen --args: %s", err.msg);
		s = allowlist_find(&d, "socket");
		CHECK(s && !s->any && s->n_tuples == 1 && s->tuples[0].n == 2, "socket tuple");
		CHECK(allowlist_allows(&d, "socket", ok), "AF_INET stream nonblock allowed");
		CHECK(!allowlist_allows(&d, "socket", bad), "AF_INET6 refused");
		CHECK(allowlist_find(&d, "openat")->any, "openat unconditional");
	}
	free(log);
	free(narrow);
}

/* --- merge laws ---------------------------------------------------------- */

static void model(struct allowlist *a, const char *const *names, uint64_t domain)
{
	struct allowlist_tuple t = {.n = 1,
				    .c = {{.index = 0,
					   .op = ALLOWLIST_MASKED_EQ,
					   .mask = 0xffffffff,
					   .value = domain}}};

	allowlist_init(a);
	a->arches = 1;
	for (size_t i = 0; names[i]; i++)
		allowlist_add_any(a, names[i]);
	allowlist_add_tuple(a, "socket", &t);
}

static bool contains(const struct allowlist *u, const struct allowlist *a)
{
	for (size_t i = 0; i < a->n_calls; i++) {
		const struct allowlist_call *c = &a->calls[i], *x = allowlist_find(u, c->name);

		if (!x)
			return false;
		if (x->any)
			continue;
		if (c->any)
			return false;
		for (size_t k = 0; k < c->n_tuples; k++) {
			bool found = false;

			for (size_t j = 0; j < x->n_tuples; j++)
				found |= memcmp(&x->tuples[j], &c->tuples[k],
						sizeof(c->tuples[k])) == 0;
			if (!found)
				return false;
		}
	}
	return (u->arches & a->arches) == a->arches;
}

static void test_merge_laws(void)
{
	static const char *const na[] = {"read", "write", "openat", NULL};
	static const char *const nb[] = {"write", "close", "mmap", NULL};
	static const char *const nc[] = {"socket", "exit_group", NULL};
	cleanup_allowlist struct allowlist a, b, c, ab, ba, aa, ab_c, a_bc, bc;

	model(&a, na, 2);
	model(&b, nb, 1);
	model(&c, nc, 10); /* socket unconditional in c: absorbs tuples */
	allowlist_init(&ab);
	allowlist_union(&ab, &a);
	allowlist_union(&ab, &b);
	allowlist_init(&ba);
	allowlist_union(&ba, &b);
	allowlist_union(&ba, &a);
	allowlist_init(&aa);
	allowlist_union(&aa, &a);
	allowlist_union(&aa, &a);

	CHECK(contains(&ab, &a) && contains(&ab, &b), "union contains its inputs");
	CHECK(allowlist_equal(&aa, &a), "idempotent: A u A = A");
	CHECK(allowlist_equal(&ab, &ba), "order-independent: A u B = B u A");
	CHECK(allowlist_find(&ab, "socket")->n_tuples == 2, "tuples are unioned");

	allowlist_init(&ab_c);
	allowlist_union(&ab_c, &ab);
	allowlist_union(&ab_c, &c);
	allowlist_init(&bc);
	allowlist_union(&bc, &b);
	allowlist_union(&bc, &c);
	allowlist_init(&a_bc);
	allowlist_union(&a_bc, &a);
	allowlist_union(&a_bc, &bc);
	CHECK(allowlist_equal(&ab_c, &a_bc), "associative");
	CHECK(allowlist_find(&ab_c, "socket")->any, "unconditional absorbs tuples");
	CHECK(contains(&ab_c, &c) && contains(&ab_c, &a), "contains with absorption");
}

/* --- jtrace format read back --------------------------------------------- */

static void test_jtrace_roundtrip(void)
{
	static const char *const names[] = {"read", "write", "ioctl", NULL};
	cleanup_allowlist struct allowlist a, back;
	struct allowlist_tuple t = {
		.n = 2,
		.c = {{.index = 0, .op = ALLOWLIST_MASKED_EQ, .mask = 0xffffffff, .value = 2},
		      {.index = 1, .op = ALLOWLIST_MASKED_EQ, .mask = 0xfff7f7ff, .value = 1}},
	};
	struct allowlist_tuple prot = {
		.n = 1, .c = {{.index = 2, .op = ALLOWLIST_MASKED_EQ, .mask = 6, .value = 0}}};
	struct allowlist_tuple clone = {
		.n = 1,
		.c = {{.index = 0,
		       .op = ALLOWLIST_MASKED_EQ,
		       .mask = 0x7e020000,
		       .value = 0x10020000}}}; /* CLONE_NEWUSER|CLONE_NEWNS */
	struct policy pol;
	struct policy_error perr;
	struct logread_error err = {{0}};
	char *text = NULL, *path = NULL;
	int r = 0;

	model(&a, names, 1);
	allowlist_add_tuple(&a, "socket", &t);
	allowlist_add_tuple(&a, "mmap", &prot);
	allowlist_add_tuple(&a, "clone", &clone);
	a.arches = 1; /* x86_64 */
	a.def = ALLOWLIST_DEFAULT_KILL;
	text = export_string(&a, ALLOWLIST_FORMAT_JTRACE);
	CHECK(strstr(text, "\nallow socket if domain == AF_INET and type & SOCK_STREAM and not "
			   "type & 0xfff7f7fe\n") &&
		      strstr(text, "\nallow mmap if not prot & PROT_WRITE|PROT_EXEC\n") &&
		      strstr(text, "\nallow clone if flags & CLONE_NEWNS and flags & CLONE_NEWUSER "
				   "and not flags & "),
	      "conditions as the policy language writes them:\n%s", text);
	/* What gen writes, the policy library loads. */
	policy_init(&pol);
	r = policy_load_buffer(&pol, "round.policy", text, strlen(text), &perr);
	{
		char msg[600];

		policy_error_format(&perr, msg, sizeof(msg));
		CHECK(r == 0, "policy library refuses it: %s\n%s", r == -EINVAL ? msg : "", text);
	}
	policy_free(&pol);
	path = write_tmp("round.policy", text);
	allowlist_init(&back);
	r = allowlist_read_jtrace(&back, path, &err);
	CHECK(r == 0, "read back: %s\n%s", err.msg, text);
	CHECK(allowlist_equal(&a, &back), "round trip equal:\n%s", text);
	CHECK(back.def == ALLOWLIST_DEFAULT_KILL, "default kept");
	free(text);
	free(path);

	{
		cleanup_allowlist struct allowlist bad;

		allowlist_init(&bad);
		r = allowlist_read_jtrace_buffer(&bad, "p", "allow read\ndeny write\n", &err);
		CHECK(r == -EINVAL && strncmp(err.msg, "p:2:1: ", 7) == 0, "deny refused: %s",
		      err.msg);
		r = allowlist_read_jtrace_buffer(&bad, "p", "allow reed\n", &err);
		CHECK(r == -EINVAL && strstr(err.msg, "p:1:7: unknown syscall 'reed'"), "%s",
		      err.msg);
		r = allowlist_read_jtrace_buffer(&bad, "p", "allow socket if family == 2\n", &err);
		CHECK(r == -EINVAL && strstr(err.msg, "p:1:17: 'family' condition needs"), "%s",
		      err.msg);
		/* Found by fuzz-logread: a condition that tests no bit would
		 * be written back as nothing. */
		r = allowlist_read_jtrace_buffer(&bad, "p", "allow socket if not type & 0\n", &err);
		CHECK(r == -EINVAL && strstr(err.msg, "p:1:28: mask is 0"), "%s", err.msg);
		r = allowlist_read_jtrace_buffer(
			&bad, "p", "allow mmap if prot & PROT_EXEC and not prot & PROT_EXEC\n", &err);
		CHECK(r == -EINVAL && strstr(err.msg, "a bit both required and forbidden"), "%s",
		      err.msg);
	}
}

/* What the policy language says but an allowlist cannot: each refused with
 * the file:line:col of the part the model has no room for. */
static void test_jtrace_refusals(void)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{"allow read\nlog write\n", "p:2:1: not an allowlist line"},
		{"allow read file\n", "p:1:12: an allowlist names syscalls, not classes or groups"},
		{"allow @mount\n", "p:1:7: an allowlist names syscalls"},
		{"allow read write if fd == 1\n",
		 "p:1:12: `if` must follow exactly one syscall name"},
		{"allow read if fd == 1 or fd == 2\n",
		 "p:1:23: an allowlist joins conditions with `and` only"},
		{"allow read if (fd == 1)\n",
		 "p:1:15: an allowlist's conditions have no parentheses"},
		{"allow read if count == 1 and (fd == 1)\n", "p:1:30: an allowlist's conditions"},
		{"allow read if fd < 3\n", "p:1:18: not an allowlist condition"},
		{"allow read if not fd == 3\n", "p:1:15: not an allowlist condition"},
		{"allow read if not not fd & 1\n", "p:1:15: not an allowlist condition"},
		{"allow openat if path glob \"/tmp/*\"\n", "p:1:17: not an allowlist condition"},
		{"allow read if arg0 == 1\n", "p:1:15: arg0: an allowlist names its arguments"},
		{"allow read if fd == 1 and fd == 2\n", "p:1:30: fd == VALUE must be the only"},
		{"allow mmap if prot & PROT_READ and prot == 1\n", "p:1:41: prot == VALUE must be"},
		{"allow mmap if prot & 3\n", "p:1:22: an allowlist tests one bit at a time"},
		{"allow read if fd == 0x100000000\n",
		 "p:1:21: value wider than this 32-bit argument"},
		{"allow mmap if addr == 1 and prot & 1 and flags & 1\n",
		 "p:1:15: conditions on more than 2 arguments"},
		{"default allow\n",
		 "p:1:9: an allowlist's default is errno(EPERM), deny, kill or log"},
		{"default errno(EACCES)\n", "p:1:9: an allowlist's default"},
		{"include other\n", "p:1:1: 'include' is not allowed here"},
		{"allow read\narch arm\n", "p:2:6: unknown arch 'arm'"},
		{"arch x86_64 i386\n", "p:1:13: trailing garbage 'i386'"},
	};

	for (size_t i = 0; i < JT_ARRAY_SIZE(cases); i++) {
		cleanup_allowlist struct allowlist a;
		struct logread_error err = {{0}};
		int r = 0;

		allowlist_init(&a);
		r = allowlist_read_jtrace_buffer(&a, "p", cases[i].text, &err);
		CHECK(r == -EINVAL && strncmp(err.msg, cases[i].msg, strlen(cases[i].msg)) == 0,
		      "%s: %s", cases[i].text, err.msg);
	}
}

/* --- OCI ------------------------------------------------------------------ */

static bool is_type(json_object *o, const char *key, json_type t, json_object **ret)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, t))
		return false;
	if (ret)
		*ret = v;
	return true;
}

static void test_oci(void)
{
	static const char *const names[] = {"read", "write", "openat", NULL};
	static const char *const ops[] = {"SCMP_CMP_NE",       "SCMP_CMP_LT", "SCMP_CMP_LE",
					  "SCMP_CMP_EQ",       "SCMP_CMP_GE", "SCMP_CMP_GT",
					  "SCMP_CMP_MASKED_EQ"};
	cleanup_allowlist struct allowlist a;
	struct allowlist_tuple t = {.n = 1,
				    .c = {{.index = 1,
					   .op = ALLOWLIST_MASKED_EQ,
					   .mask = 0xffffffff,
					   .value = 0x5401}}};
	json_object *o = NULL, *v = NULL, *arr = NULL;

	model(&a, names, 1);
	allowlist_add_tuple(&a, "ioctl", &t);
	o = allowlist_to_oci(&a);
	CHECK(is_type(o, "defaultAction", json_type_string, &v) &&
		      !strcmp(json_object_get_string(v), "SCMP_ACT_ERRNO"),
	      "defaultAction");
	CHECK(is_type(o, "defaultErrnoRet", json_type_int, &v) && json_object_get_int(v) == EPERM,
	      "defaultErrnoRet");
	CHECK(is_type(o, "architectures", json_type_array, &arr) &&
		      json_object_array_length(arr) == 1,
	      "architectures");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		json_object *s = json_object_array_get_idx(arr, i);
		const char *name = json_object_get_string(s);
		char lower[32] = "";

		for (size_t k = 0;
		     name && strlen(name) > 10 && k + 1 < sizeof(lower) && name[10 + k]; k++)
			lower[k] = (char)(name[10 + k] >= 'A' && name[10 + k] <= 'Z'
						  ? name[10 + k] - 'A' + 'a'
						  : name[10 + k]);
		/* libseccomp calls x86 "x86" where OCI says SCMP_ARCH_X86. */
		CHECK(json_object_is_type(s, json_type_string) &&
			      !strncmp(name, "SCMP_ARCH_", 10) &&
			      seccomp_arch_resolve_name(lower) != 0,
		      "arch %s", name);
	}
	CHECK(is_type(o, "syscalls", json_type_array, &arr), "syscalls array");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		json_object *e = json_object_array_get_idx(arr, i), *n = NULL, *args = NULL;

		CHECK(is_type(e, "names", json_type_array, &n) && json_object_array_length(n),
		      "entry %zu names", i);
		for (size_t k = 0; n && k < json_object_array_length(n); k++) {
			json_object *s = json_object_array_get_idx(n, k);

			CHECK(json_object_is_type(s, json_type_string) &&
				      seccomp_syscall_resolve_name(json_object_get_string(s)) !=
					      __NR_SCMP_ERROR,
			      "name resolves: %s", json_object_get_string(s));
		}
		CHECK(is_type(e, "action", json_type_string, &v) &&
			      !strcmp(json_object_get_string(v), "SCMP_ACT_ALLOW"),
		      "action");
		if (!json_object_object_get_ex(e, "args", &args))
			continue;
		CHECK(json_object_is_type(args, json_type_array), "args is an array");
		for (size_t k = 0; k < json_object_array_length(args); k++) {
			json_object *x = json_object_array_get_idx(args, k), *op = NULL;
			bool op_ok = false;

			CHECK(is_type(x, "index", json_type_int, &v) &&
				      json_object_get_int(v) >= 0 && json_object_get_int(v) < 6,
			      "index");
			CHECK(is_type(x, "value", json_type_int, NULL), "value is a number");
			CHECK(!json_object_object_get_ex(x, "valueTwo", &v) ||
				      json_object_is_type(v, json_type_int),
			      "valueTwo is a number");
			CHECK(is_type(x, "op", json_type_string, &op), "op is a string");
			for (size_t j = 0; op && j < JT_ARRAY_SIZE(ops); j++)
				op_ok |= !strcmp(json_object_get_string(op), ops[j]);
			CHECK(op_ok, "op is the spec's");
		}
	}
	json_object_put(o);

	a.def = ALLOWLIST_DEFAULT_KILL;
	o = allowlist_to_oci(&a);
	CHECK(is_type(o, "defaultAction", json_type_string, &v) &&
		      !strcmp(json_object_get_string(v), "SCMP_ACT_KILL_PROCESS") &&
		      !json_object_object_get_ex(o, "defaultErrnoRet", NULL),
	      "kill default, no errno");
	json_object_put(o);
}

/* --- hostile logs (issue 19 items 13, 14, 20) ---------------------------- */

static int read_text_opts(const char *text, const struct logread_opts *o,
			  struct logread_stats *st, struct logread_error *err, unsigned *n)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int r = 0;

	if (!f)
		abort();
	*n = 0;
	r = logread_stream_opts(f, "L", o, count_cb, n, st, err);
	fclose(f);
	return r;
}

#define T_START_SHARED                                                                             \
	"{\"v\":1,\"type\":\"start\",\"ts\":0,\"run\":\"00112233aabbccdd\",\"log\":{\"fd\":2,"     \
	"\"kind\":\"pipe\",\"shared\":true}}\n"
#define T_START_OWN                                                                                \
	"{\"v\":1,\"type\":\"start\",\"ts\":0,\"run\":\"00112233aabbccdd\",\"log\":{\"path\":"     \
	"\"x\",\"kind\":\"file\",\"shared\":false}}\n"
#define T_REC "{\"v\":1,\"type\":\"syscall\",\"ts\":1,\"run\":\"00112233aabbccdd\"}\n"
#define T_FORGED "{\"v\":1,\"type\":\"syscall\",\"ts\":1,\"name\":\"connect\"}\n"

static void test_logread_hostile(void)
{
	struct logread_opts accept = {.accept_shared = true};
	struct logread_stats st = {0};
	struct logread_error err = {{0}};
	unsigned n = 0;
	int r = 0;

	r = read_text_opts(T_START_SHARED T_REC, NULL, &st, &err, &n);
	CHECK(r == LOGREAD_ESHARED && n == 0 && strstr(err.msg, "--accept-shared"),
	      "a shared log is refused: r=%d n=%u %s", r, n, err.msg);

	r = read_text_opts(T_START_SHARED T_FORGED "garbage\n{\"v\":1,\"type\":\"sysc" T_REC
					  "{\"v\":1,\"type\":\"end\",\"ts\":2,\"run\":\"ffffffffffffffff\"}\n" T_REC,
			   &accept, &st, &err, &n);
	/* The half line swallows the record after it: lost, never taken. */
	CHECK(r == 0 && n == 2 && st.foreign == 4 && st.shared,
	      "accepted: the run's records only: r=%d n=%u foreign=%u %s", r, n, st.foreign,
	      err.msg);

	r = read_text_opts(T_START_OWN T_REC T_FORGED, NULL, &st, &err, &n);
	CHECK(r == -EINVAL && strstr(err.msg, "L:3: record not written by this run"),
	      "a foreign record in an unshared log: %s", err.msg);

	r = read_text_opts(T_START_OWN T_REC "{\"v\":1,\"type\":\"end\",\"ts\":2,\"run\":"
					     "\"00112233aabbccdd\",\"log_modified\":true}\n",
			   NULL, &st, &err, &n);
	CHECK(r == -EINVAL && strstr(err.msg, "L:3: jtrace-run found this log modified"),
	      "log_modified: %s", err.msg);

	/* A log from before the token reads as it always did. */
	r = read_text_opts("{\"v\":1,\"type\":\"start\"}\n{\"v\":1,\"type\":\"end\"}\n", NULL, &st,
			   &err, &n);
	CHECK(r == 0 && n == 2, "old log: r=%d %s", r, err.msg);
}

static void test_summary_names(void)
{
	struct summary s;
	char name[32];
	bool ok = true;

	summary_init(&s);
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < 5000; i++) {
			snprintf(name, sizeof(name), "n%d", i);
			if (summary_add(&s, name, 10, k == 0) < 0)
				abort();
		}
	CHECK(s.len == 5000, "5000 distinct names: %zu rows", s.len);
	for (size_t i = 0; i < s.len; i++)
		ok = ok && s.rows[i].calls == 3 && s.rows[i].errors == 1 && s.rows[i].total_ns == 30;
	CHECK(ok, "every row counted three times");
	summary_add(&s, "big", UINT64_MAX, false);
	summary_add(&s, "big", (uint64_t)INT64_MAX, false);
	CHECK(s.rows[s.len - 1].total_ns == SUMMARY_MAX_NS, "saturated: %llu",
	      (unsigned long long)s.rows[s.len - 1].total_ns);
	summary_free(&s);
}

static void test_escape(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"read", "read"},
		{"\x1b]0;x\a", "\\x1b]0;x\\x07"},
		{"a\\b", "a\\\\b"},
		{"caf\xc3\xa9", "caf\xc3\xa9"},	   /* UTF-8 kept */
		{"a\xc2\x9b" "b", "a\\xc2\\x9bb"}, /* C1 CSI escaped */
		{"\xff\xfe", "\\xff\\xfe"},
		{"\xe2\x82", "\\xe2\\x82"}, /* cut short */
		{"", ""},
	};

	for (size_t i = 0; i < JT_ARRAY_SIZE(cases); i++) {
		char *got = emit_escape_dup(cases[i].in);

		CHECK(got && strcmp(got, cases[i].want) == 0, "escape case %zu: %s", i,
		      got ? got : "(null)");
		free(got);
	}
}

int main(void)
{
	char cmd[64];

	jt_progname = "test-allowlist";
	if (syscalls_init() < 0) {
		fprintf(stderr, "syscalls_init failed\n");
		return 1;
	}
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_logread();
	test_logread_hostile();
	test_summary_names();
	test_escape();
	test_json_value();
	test_gen();
	test_merge_laws();
	test_jtrace_roundtrip();
	test_jtrace_refusals();
	test_oci();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return check_exit_status("test-allowlist");
}
