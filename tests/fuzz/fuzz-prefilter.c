/* fuzz-prefilter: the kernel pre-filter against policy_decide(), the
 * soundness property of src/policy/compile.c: for every call and argument
 * values, when policy_decide() gives anything but allow, the filter that
 * filter_build() makes for that policy and --filter selection must return
 * TRACE.  A call it lets through would run unlogged and undecided.
 *
 * An input is either
 *   - text starting with "#!prefilter" (the regression seeds, readable):
 *     the first line may carry "filter=NAME,NAME" (the --filter selection;
 *     default: none), the rest is the policy; or
 *   - any other bytes, which drive a generator of policies within the
 *     language (rules on a few calls, every operator, masks, and/or/not,
 *     memory atoms, non-allow defaults) and of the selection.
 * Argument vectors are made from the policy's own constants (each one, one
 * above, one below, with the high word kept, cleared or replaced by
 * garbage, and the sign-extended forms), so range boundaries and 32-bit
 * arguments with high garbage are always tried.  On a miss the harness
 * prints the policy, the call and the arguments, and aborts.
 *
 * Built like the other harnesses (tests/fuzz/meson.build): libFuzzer with
 * clang, and a replay test (replay-main.c) over corpus-prefilter/. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <jtrace/filter.h>
#include <jtrace/policy.h>
#include <jtrace/syscalls.h>
#include <jtrace/util.h>
#include "src/policy/policy-priv.h"

#include "bpfsim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TEXT_MAX    4096
#define VALUES_MAX  64
#define VECTORS	    96
#define CHECKED_MAX 48 /* calls checked per input */

/* ---- a byte stream, then a generator seeded by it ---- */

struct bytes {
	const uint8_t *d;
	size_t n, i;
	uint64_t seed; /* once the bytes run out (libFuzzer starts short) */
};

static uint64_t rnd_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static unsigned take(struct bytes *b, unsigned mod)
{
	unsigned v = b->i < b->n ? b->d[b->i++] : (unsigned)(rnd_next(&b->seed) >> 24) & 0xff;

	return mod ? v % mod : v;
}

static uint64_t take64(struct bytes *b)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | take(b, 0);
	return v;
}

/* ---- the policy generator ---- */

static const char *const gen_calls[] = {
	"mmap",	 "read",  "write",	"openat",   "socket", "ioctl",	     "personality",
	"flock", "kill",  "setsockopt", "mprotect", "lseek",  "close_range", "connect",
	"clone", "fcntl", "prctl",	"madvise",  "dup3",   "pidfd_open",
};
static const char *const gen_classes[] = {"desc", "net", "memory", "file"};
static const char *const gen_ops[] = {"==", "!=", "<", "<=", ">", ">="};
static const char *const gen_actions[] = {"deny",	   "allow", "log",  "kill",
					  "errno(EACCES)", "allow", "deny", "allow"};
static const uint64_t interesting[] = {
	0,
	1,
	2,
	3,
	7,
	8,
	0xff,
	0x1000,
	0x5412,
	0x10000000,
	0x7fffffff,
	0x80000000,
	0xfffff000,
	0xffffff9c,
	0xffffffff,
	0x100000000ull,
	0x100000001ull,
	0x100001000ull,
	0x7fffffffffffffffull,
	0x8000000000000000ull,
	0xffffffff00000000ull,
	0xffffffffffffff9cull,
	0xffffffffffffffffull,
};

struct gen {
	struct bytes b;
	const char *calls[2]; /* most rules target these: rules must meet */
	unsigned argmax;      /* conditions name arguments below this */
	uint64_t pool[4];     /* most constants are one of these, or next to one */
	char *out;
	size_t len;
	const struct syscall_sig *sig; /* the rule's first target, for argument names */
	bool mem_ok;		       /* memory atoms are valid for this rule */
	bool sock_ok;
};

static void put(struct gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (g->len >= TEXT_MAX - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(g->out + g->len, TEXT_MAX - g->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		g->len = g->len + (size_t)n >= TEXT_MAX ? TEXT_MAX - 1 : g->len + (size_t)n;
}

static uint64_t gen_value(struct gen *g)
{
	uint64_t v = take(&g->b, 4) ? g->pool[take(&g->b, 4)]
				    : interesting[take(&g->b, JT_ARRAY_SIZE(interesting))];

	switch (take(&g->b, 8)) {
	case 0:
		return take64(&g->b);
	case 1:
		return v + 1;
	case 2:
		return v - 1;
	case 3:
		return (uint64_t)take(&g->b, 0) << (take(&g->b, 64));
	default:
		return v;
	}
}

static void gen_arg(struct gen *g)
{
	unsigned n = g->sig ? g->sig->nargs : 0;
	unsigned i = take(&g->b, 8) % g->argmax;

	if (take(&g->b, 8) == 0)
		i = 6 + take(&g->b, 2); /* argN below */
	if (n && i < 6)
		put(g, "%s", g->sig->args[i % n].name);
	else
		put(g, "arg%u", i % 6);
}

static void gen_cond(struct gen *g, unsigned depth)
{
	unsigned k = take(&g->b, depth ? 12 : 6);

	switch (k) {
	case 0:
	case 1:
	case 2:
	case 10:
	case 11: {
		uint64_t v = gen_value(g);

		gen_arg(g);
		if (take(&g->b, 4) == 0 && (int64_t)v < 0 && (int64_t)v > -0x80000000ll)
			put(g, " %s %lld", gen_ops[take(&g->b, 6)], (long long)(int64_t)v);
		else
			put(g, " %s 0x%llx", gen_ops[take(&g->b, 6)], (unsigned long long)v);
		return;
	}
	case 3: {
		uint64_t m = gen_value(g);

		gen_arg(g);
		put(g, " & 0x%llx", (unsigned long long)(m ? m : 1));
		return;
	}
	case 4:
		if (g->mem_ok) {
			put(g, take(&g->b, 2) ? "path prefix \"/tmp\"" : "path glob \"/etc/**\"");
			return;
		}
		if (g->sock_ok) {
			put(g, take(&g->b, 2) ? "addr in 127.0.0.0/8" : "port == 443");
			return;
		}
		gen_arg(g);
		put(g, " == 0x%llx", (unsigned long long)gen_value(g));
		return;
	case 5:
		put(g, "not (");
		gen_cond(g, depth ? depth - 1 : 0);
		put(g, ")");
		return;
	case 6:
	case 7:
		put(g, "(");
		gen_cond(g, depth - 1);
		put(g, " and ");
		gen_cond(g, depth - 1);
		put(g, ")");
		return;
	default:
		put(g, "(");
		gen_cond(g, depth - 1);
		put(g, " or ");
		gen_cond(g, depth - 1);
		put(g, ")");
		return;
	}
}

static void gen_policy(struct gen *g, struct syscall_set *selected)
{
	unsigned rules = 1 + take(&g->b, 6);

	g->calls[0] = gen_calls[take(&g->b, JT_ARRAY_SIZE(gen_calls))];
	g->calls[1] = gen_calls[take(&g->b, JT_ARRAY_SIZE(gen_calls))];
	g->argmax = 1 + take(&g->b, 3);
	for (size_t i = 0; i < JT_ARRAY_SIZE(g->pool); i++)
		g->pool[i] = take(&g->b, 4) ? interesting[take(&g->b, JT_ARRAY_SIZE(interesting))]
					    : take64(&g->b);
	if (take(&g->b, 8) == 0)
		put(g, "default %s\n", take(&g->b, 2) ? "log" : "deny");
	for (unsigned r = 0; r < rules; r++) {
		unsigned nt = 1 + take(&g->b, 2);

		put(g, "%s", gen_actions[take(&g->b, JT_ARRAY_SIZE(gen_actions))]);
		g->sig = NULL;
		g->mem_ok = g->sock_ok = true;
		for (unsigned t = 0; t < nt; t++) {
			const char *name = NULL;
			bool is_class = take(&g->b, 10) == 0;

			if (is_class) {
				name = gen_classes[take(&g->b, JT_ARRAY_SIZE(gen_classes))];
				g->mem_ok = g->sock_ok = false;
			} else if (take(&g->b, 8)) {
				name = g->calls[take(&g->b, 2)];
			} else {
				name = gen_calls[take(&g->b, JT_ARRAY_SIZE(gen_calls))];
			}
			if (!is_class) {
				if (!g->sig)
					g->sig = syscalls_by_name(name);
				/* connect's path: a filesystem AF_UNIX address */
				g->mem_ok &=
					strcmp(name, "openat") == 0 || strcmp(name, "connect") == 0;
				g->sock_ok &= strcmp(name, "connect") == 0;
			}
			put(g, " %s", name);
		}
		if (take(&g->b, 4)) {
			put(g, " if ");
			gen_cond(g, take(&g->b, 4));
		}
		put(g, "\n");
	}
	/* The --filter selection: none most often, else a few calls. */
	for (unsigned n = take(&g->b, 4) == 0 ? 1 + take(&g->b, 4) : 0; n > 0; n--) {
		long idx = syscalls_index_by_name(gen_calls[take(&g->b, JT_ARRAY_SIZE(gen_calls))]);

		if (idx >= 0)
			syscall_set_add(selected, (size_t)idx);
	}
}

/* ---- argument vectors from the policy's constants ---- */

struct values {
	size_t n;
	uint64_t v[VALUES_MAX];
};

static void add_value(struct values *vs, uint64_t v)
{
	for (size_t i = 0; i < vs->n; i++)
		if (vs->v[i] == v)
			return;
	if (vs->n < VALUES_MAX)
		vs->v[vs->n++] = v;
}

static void collect(const struct policy_cond *c, struct values *vs)
{
	if (!c)
		return;
	collect(c->l, vs);
	collect(c->r, vs);
	if (c->kind == COND_CMP || c->kind == COND_MASK)
		add_value(vs, c->value);
}

/* One value near a constant of the policy, or a plain one. */
static uint64_t pick(const struct values *vs, uint64_t *s)
{
	uint64_t r = rnd_next(s), v = vs->n ? vs->v[r % vs->n] : 0;
	uint64_t hi_garbage = rnd_next(s) & 0xffffffff00000000ull;

	switch ((r >> 16) % 12) {
	case 0:
		v += 1;
		break;
	case 1:
		v -= 1;
		break;
	case 2:
		v = (uint32_t)v | hi_garbage;
		break;
	case 3:
		v = ((uint32_t)v + 1) | hi_garbage;
		break;
	case 4:
		v = ((uint32_t)v - 1) | hi_garbage;
		break;
	case 5:
		v = (uint64_t)(int64_t)(int32_t)v; /* sign-extended */
		break;
	case 6:
		v = (uint32_t)v;
		break;
	case 7:
		v = rnd_next(s) >> (rnd_next(s) % 64);
		break;
	case 8:
		v = interesting[rnd_next(s) % JT_ARRAY_SIZE(interesting)];
		break;
	case 9:
		v ^= 1ull << (rnd_next(s) % 64);
		break;
	default:
		break;
	}
	return v;
}

/* ---- the check ---- */

static void report(const char *text, const struct syscall_sig *sig, const uint64_t *args,
		   const struct policy_verdict *v, uint32_t ret)
{
	fprintf(stderr,
		"fuzz-prefilter: UNSOUND: %s(%#llx, %#llx, %#llx, %#llx, %#llx, %#llx) is %s by "
		"the policy, the filter returns %#x\n--- policy ---\n%s\n---\n",
		sig->name, (unsigned long long)args[0], (unsigned long long)args[1],
		(unsigned long long)args[2], (unsigned long long)args[3],
		(unsigned long long)args[4], (unsigned long long)args[5],
		policy_action_name(v->action), ret, text);
	abort();
}

/* One call: a non-allow verdict must find the filter returning TRACE. */
static void check_one(const char *text, const struct policy *p, const struct filter_prog *prog,
		      const struct syscall_sig *sig, const uint64_t *args)
{
	struct policy_mem mem = {.pid = getpid()};
	uint32_t native = syscalls_native_arch();
	struct seccomp_data d = {.arch = native};
	struct policy_verdict v;
	uint32_t ret = 0;

	d.nr = (int)syscalls_nr((size_t)syscalls_index_of(sig), native);
	for (int a = 0; a < SYSCALL_MAX_ARGS; a++)
		d.args[a] = args[a];
	policy_decide(p, sig, args, &mem, &v);
	ret = bpfsim_run(prog->insns, prog->len, &d);
	if (v.action != POLICY_ALLOW && (ret & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_TRACE)
		report(text, sig, args, &v, ret);
}

/* The seeds' own calls: "#!call NAME ARG..." lines (comments to the
 * policy parser), numbers as strtoull reads them. */
static void check_calls(const char *text, const struct policy *p, const struct filter_prog *prog)
{
	for (const char *l = strstr(text, "#!call "); l; l = strstr(l + 1, "#!call ")) {
		char name[SYSCALL_NAME_SIZE] = "";
		uint64_t args[SYSCALL_MAX_ARGS] = {0};
		const struct syscall_sig *sig = NULL;
		const char *q = l + 7;
		size_t n = strcspn(q, " \n");
		char *end = NULL;

		if (n == 0 || n >= sizeof(name))
			continue;
		memcpy(name, q, n);
		sig = syscalls_by_name(name);
		q += n;
		for (int a = 0; sig && a < SYSCALL_MAX_ARGS && *q == ' '; a++) {
			args[a] = strtoull(q + 1, &end, 0);
			q = end;
		}
		if (sig && syscalls_nr((size_t)syscalls_index_of(sig), syscalls_native_arch()) >= 0)
			check_one(text, p, prog, sig, args);
	}
}

static void check(const char *text, const struct syscall_set *selected, uint64_t seed)
{
	static const char path_tmp[] = "/tmp/x", path_etc[] = "/etc/x";
	static const struct sockaddr_un un_tmp = {AF_UNIX, "/tmp/x"}, un_etc = {AF_UNIX, "/etc/x"};
	struct filter_request req = {.selected = selected};
	struct filter_prog prog = {0};
	struct syscall_set targets = {{0}};
	struct values vs = {0};
	struct policy p;
	struct policy_error err;
	uint32_t native = syscalls_native_arch();
	size_t checked = 0;
	int r = 0;

	policy_init(&p);
	if (policy_load_buffer(&p, "fuzz.policy", text, strlen(text), &err) < 0) {
		policy_free(&p);
		return;
	}
	req.policy = &p;
	r = filter_build(&req, &prog);
	if (r < 0) {
		/* Safe (jtrace-run exits 125) but wrong: the bounds of
		 * compile.c must keep every valid policy within BPF_MAXINSNS. */
		fprintf(stderr, "fuzz-prefilter: filter_build failed (%d) on\n%s\n", r, text);
		abort();
	}
	for (size_t i = 0; i < p.n_rules; i++) {
		collect(p.rules[i].cond, &vs);
		for (size_t w = 0; w < SYSCALL_SET_WORDS; w++)
			targets.bits[w] |= p.rules[i].targets.bits[w];
	}
	add_value(&vs, 0);
	for (size_t i = 0; i < syscall_table_len && checked < CHECKED_MAX; i++) {
		const struct syscall_sig *sig = &syscall_table[i];
		long nr = syscalls_nr(i, native);

		/* A non-allow default reaches every call: check a few more. */
		if (nr < 0 ||
		    (!syscall_set_has(&targets, i) && (p.default_action == POLICY_ALLOW || i % 16)))
			continue;
		checked++;
		for (unsigned k = 0; k < VECTORS; k++) {
			uint64_t args[SYSCALL_MAX_ARGS];

			for (int a = 0; a < SYSCALL_MAX_ARGS; a++) {
				args[a] = pick(&vs, &seed);
				if (a < sig->nargs && sig->args[a].type == ARG_PATH && k % 3 == 0)
					args[a] = (uintptr_t)(k % 2 ? path_tmp : path_etc);
			}
			for (int a = 0; a + 1 < sig->nargs; a++) {
				if (sig->args[a].type != ARG_SOCKADDR || k % 3 != 1)
					continue;
				args[a] = (uintptr_t)(k % 2 ? &un_tmp : &un_etc);
				args[a + 1] = sizeof(un_tmp);
			}
			check_one(text, &p, &prog, sig, args);
		}
	}
	check_calls(text, &p, &prog);
	filter_prog_free(&prog);
	policy_free(&p);
}

/* "#!prefilter filter=a,b\n": the selection, by name.  @line is not
 * NUL-terminated: @len bytes. */
static void parse_header(const char *line, size_t len, struct syscall_set *selected)
{
	const char *f = memmem(line, len, "filter=", 7), *end = line + len;
	char name[SYSCALL_NAME_SIZE];

	if (!f)
		return;
	for (f += 7; f < end; f++) {
		size_t n = 0;
		long idx = -1;

		while (f + n < end && f[n] != ',')
			n++;
		if (n > 0 && n < sizeof(name) && !memchr(f, '\0', n)) {
			memcpy(name, f, n);
			name[n] = '\0';
			idx = syscalls_index_by_name(name);
			if (idx >= 0)
				syscall_set_add(selected, (size_t)idx);
		}
		f += n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct syscall_set selected = {{0}};
	char text[TEXT_MAX];
	uint64_t seed = 0xcbf29ce484222325ull;

	if (!ready) {
		if (syscalls_init() < 0)
			abort();
		ready = true;
	}
	for (size_t i = 0; i < size; i++)
		seed = (seed ^ data[i]) * 0x100000001b3ull;
	seed |= 1;
	if (size >= 11 && memcmp(data, "#!prefilter", 11) == 0) {
		const uint8_t *nl = memchr(data, '\n', size);
		size_t hl = nl ? (size_t)(nl - data) : size;

		if (size - hl >= TEXT_MAX)
			return 0;
		parse_header((const char *)data, hl, &selected);
		memcpy(text, data + hl, size - hl);
		text[size - hl] = '\0';
		if (strlen(text) != size - hl)
			return 0; /* a NUL inside: not a policy */
	} else {
		struct gen g = {.b = {.d = data, .n = size, .seed = seed}, .out = text};

		text[0] = '\0';
		gen_policy(&g, &selected);
	}
	/* To see what an input means: FUZZ_PREFILTER_PRINT=1. */
	if (getenv("FUZZ_PREFILTER_PRINT"))
		fprintf(stderr, "--- policy ---\n%s---\n", text);
	check(text, &selected, seed);
	return 0;
}
