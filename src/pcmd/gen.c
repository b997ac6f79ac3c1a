/* allowlist/gen: from logs to the allowlist model.  Owns which records of a
 * log count as the program's calls (the exec window), the check that a log
 * was recorded with every call selected, the --args tuples, and the
 * always-needed set. */
#include <jtrace/allowlist.h>
#include <jtrace/emit.h>
#include <jtrace/syscalls.h>
#include <jtrace/util.h>

#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>

#define GEN_NEVER UINT32_MAX

/* --- --args: which argument values are kept, as data ------------------ */

struct gen_argrule {
	const char *syscall;
	const char *arg[ALLOWLIST_MAX_CONDS]; /* argument names (NULL: unused) */
	uint64_t mask[ALLOWLIST_MAX_CONDS];   /* compared under this mask */
};

#define GEN_CLONE_NS                                                                               \
	((uint64_t)(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |  \
		    CLONE_NEWPID | CLONE_NEWNET))
#define GEN_PROT_WX ((uint64_t)(PROT_WRITE | PROT_EXEC))

static const struct gen_argrule gen_argrules[] = {
	/* Every one of these is 32 bits wide in the kernel, so the values are
	 * compared on their low 32 bits (as the policy library does). */
	/* socket type without SOCK_NONBLOCK/SOCK_CLOEXEC, which say nothing
	 * about what the socket can reach. */
	{"socket",
	 {"domain", "type"},
	 {0xffffffffu, 0xffffffffu & ~(uint64_t)(SOCK_NONBLOCK | SOCK_CLOEXEC)}},
	{"ioctl", {"request", NULL}, {0xffffffffu, 0}},
	/* Only the namespace flags: the rest is how threads are made. */
	{"clone", {"flags", NULL}, {GEN_CLONE_NS, 0}},
	{"prctl", {"option", NULL}, {0xffffffffu, 0}},
	/* W and X: see gen_add_prot_tuples. */
	{"mmap", {"prot", NULL}, {GEN_PROT_WX, 0}},
	{"mprotect", {"prot", NULL}, {GEN_PROT_WX, 0}},
};

static long gen_arg_index(const struct syscall_sig *sig, const char *arg)
{
	for (unsigned i = 0; i < sig->nargs; i++)
		if (strcmp(sig->args[i].name, arg) == 0)
			return i;
	return -1;
}

bool allowlist_record_tuple(const char *name, json_object *rec, struct allowlist_tuple *ret,
			    bool *ret_any)
{
	const struct syscall_sig *sig = syscalls_by_name(name);
	const struct gen_argrule *rule = NULL;
	uint64_t args[6];
	unsigned known = 0;

	*ret_any = true;
	memset(ret, 0, sizeof(*ret));
	for (size_t i = 0; i < JT_ARRAY_SIZE(gen_argrules); i++)
		if (strcmp(gen_argrules[i].syscall, name) == 0)
			rule = &gen_argrules[i];
	if (!rule || !sig)
		return false;
	allowlist_record_args(rec, args, &known);
	for (unsigned k = 0; k < ALLOWLIST_MAX_CONDS && rule->arg[k]; k++) {
		long idx = gen_arg_index(sig, rule->arg[k]);
		struct allowlist_cond *c = &ret->c[ret->n];

		/* An argument the log could not give back: no condition
		 * rather than a wrong one. */
		if (idx < 0 || !(known & (1u << idx)))
			return false;
		c->index = (uint8_t)idx;
		c->op = ALLOWLIST_MASKED_EQ;
		c->mask = rule->mask[k];
		c->value = args[idx] & rule->mask[k];
		ret->n++;
	}
	/* mmap/mprotect: writable+executable was seen, so nothing is left
	 * to restrict (the other three combinations are always allowed). */
	if (rule->mask[0] == GEN_PROT_WX && ret->c[0].value == GEN_PROT_WX)
		return false;
	*ret_any = false;
	return true;
}

/* mmap/mprotect with --args: W^X is the only thing restricted, so 0, W
 * and X are always allowed once the call is. */
static int gen_add_prot_tuples(struct allowlist *a, const char *name, uint8_t index)
{
	static const uint64_t ok[] = {0, PROT_WRITE, PROT_EXEC};

	for (size_t i = 0; i < JT_ARRAY_SIZE(ok); i++) {
		struct allowlist_tuple t = {
			.n = 1,
			.c = {{.index = index,
			       .op = ALLOWLIST_MASKED_EQ,
			       .mask = GEN_PROT_WX,
			       .value = ok[i]}},
		};
		int r = allowlist_add_tuple(a, name, &t);

		if (r < 0)
			return r;
	}
	return 0;
}

/* A string from the log, escaped for a message on the terminal. */
static const char *gen_shown(const char *s, char *buf, size_t len)
{
	cleanup_free char *e = emit_escape_dup(s);

	snprintf(buf, len, "%s", e ? e : "?");
	return buf;
}

/* --- the exec window: pass 1 learns the processes ----------------------- */

struct gen_proc {
	int64_t pid;	/* 0: free slot */
	int64_t parent; /* 0: unknown */
	unsigned exec_line, fork_line;
	uint32_t from; /* first line that counts; GEN_NEVER */
	bool resolved, visiting;
};

struct gen_scan {
	const char *path;
	bool check_filter;
	json_object *start;
	struct gen_proc *procs;
	size_t cap, used;
	unsigned execs;
	/* pass 2 */
	allowlist_call_fn fn;
	void *userdata;
};

static struct gen_proc *gen_proc_get(struct gen_scan *s, int64_t pid, bool create)
{
	size_t h = 0;

	if (create && s->used * 2 >= s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 256;
		struct gen_proc *n = calloc(ncap, sizeof(*n));

		if (!n)
			return NULL;
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->procs[i].pid)
				continue;
			h = (size_t)s->procs[i].pid * 2654435761u % ncap;
			while (n[h].pid)
				h = (h + 1) % ncap;
			n[h] = s->procs[i];
		}
		free(s->procs);
		s->procs = n;
		s->cap = ncap;
	}
	if (!s->cap)
		return NULL;
	h = (size_t)pid * 2654435761u % s->cap;
	while (s->procs[h].pid && s->procs[h].pid != pid)
		h = (h + 1) % s->cap;
	if (!s->procs[h].pid) {
		if (!create)
			return NULL;
		s->procs[h] = (struct gen_proc){.pid = pid};
		s->used++;
	}
	return &s->procs[h];
}

/* A log must have stopped on every call the table has for its arch. */
static int gen_check_filter(struct gen_scan *s, json_object *start, struct logread_error *err)
{
	char shown[64];
	const char *arch = logread_str(start, "arch");
	int ai = arch ? allowlist_arch_by_name(arch) : -1;
	json_object *filter = NULL;
	struct syscall_set have = {0};
	size_t missing = 0;
	const char *first[3] = {NULL, NULL, NULL};

	if (ai < 0)
		return logread_fail(err, "%s:1: start record: unknown arch \"%.40s\"", s->path,
				    gen_shown(arch ? arch : "", shown, sizeof(shown)));
	/* Without the arch's numbers every entry would look absent from it,
	 * and the check would pass on any log.  (-EINVAL: a log of another
	 * machine's native arch, whose numbers this one does not follow.) */
	if (syscalls_arch_init(allowlist_arches[ai].audit_arch) == -ENOMEM)
		return logread_fail(err, "%s:1: cannot load the %s syscall table: %s", s->path,
				    arch, strerror(ENOMEM));
	if (!json_object_object_get_ex(start, "filter", &filter) ||
	    !json_object_is_type(filter, json_type_array))
		return logread_fail(err, "%s:1: start record has no \"filter\" list", s->path);
	for (size_t i = 0; i < json_object_array_length(filter); i++) {
		const char *n = json_object_get_string(json_object_array_get_idx(filter, i));
		long idx = n ? syscalls_index_by_name(n) : -1;

		if (idx >= 0)
			syscall_set_add(&have, (size_t)idx);
	}
	for (size_t i = 0; i < syscall_table_len; i++) {
		if (syscalls_nr(i, allowlist_arches[ai].audit_arch) < 0 ||
		    syscall_set_has(&have, i))
			continue;
		if (missing < JT_ARRAY_SIZE(first))
			first[missing] = syscall_table[i].name;
		missing++;
	}
	if (missing)
		return logread_fail(err,
				    "%s: recorded with a narrower --filter (%zu calls not traced, "
				    "e.g. %s%s%s%s%s): record the log with every call selected "
				    "(jtrace-run without --filter)",
				    s->path, missing, first[0], first[1] ? ", " : "",
				    first[1] ? first[1] : "", first[2] ? ", " : "",
				    first[2] ? first[2] : "");
	return 0;
}

static int gen_pass1(json_object *rec, unsigned line, void *userdata, struct logread_error *err)
{
	char shown[64];
	struct gen_scan *s = userdata;
	const char *type = logread_str(rec, "type");
	int64_t pid = 0, child = 0;
	struct gen_proc *p = NULL;
	json_object *thread = NULL;
	int r = 0;

	if (!s->start) {
		if (strcmp(type, "start") != 0)
			return logread_fail(err,
					    "%s:%u: first record is a \"%.40s\", not a \"start\" "
					    "(not a jtrace-run log?)",
					    s->path, line, gen_shown(type, shown, sizeof(shown)));
		s->start = json_object_get(rec);
		if (s->check_filter) {
			r = gen_check_filter(s, rec, err);
			if (r < 0)
				return r;
		}
		return 0;
	}
	if (strcmp(type, "exec") == 0 && logread_i64(rec, "pid", &pid)) {
		p = gen_proc_get(s, pid, true);
		if (!p)
			return logread_fail(err, "%s: out of memory", s->path);
		if (!p->exec_line)
			p->exec_line = line;
		s->execs++;
	} else if (strcmp(type, "fork") == 0 && logread_i64(rec, "pid", &pid) &&
		   logread_i64(rec, "child", &child)) {
		if (json_object_object_get_ex(rec, "thread", &thread) &&
		    json_object_get_boolean(thread))
			return 0;
		p = gen_proc_get(s, child, true);
		if (!p)
			return logread_fail(err, "%s: out of memory", s->path);
		if (!p->parent) {
			p->parent = pid;
			p->fork_line = line;
		}
	}
	return 0;
}

/* First line from which @pid's calls are the program's. */
static uint32_t gen_from(struct gen_scan *s, int64_t pid)
{
	struct gen_proc *p = gen_proc_get(s, pid, false);
	uint32_t from = GEN_NEVER;

	if (!p)
		return GEN_NEVER;
	if (p->resolved)
		return p->from;
	if (p->visiting)
		return GEN_NEVER; /* a pid reused in a loop: trust nothing */
	p->visiting = true;
	if (p->parent) {
		uint32_t pf = gen_from(s, p->parent);

		if (pf != GEN_NEVER && p->fork_line >= pf)
			from = 0;
	}
	if (from == GEN_NEVER && p->exec_line)
		from = p->exec_line;
	p->visiting = false;
	p->resolved = true;
	p->from = from;
	return from;
}

static int gen_pass2(json_object *rec, unsigned line, void *userdata, struct logread_error *err)
{
	struct gen_scan *s = userdata;
	const char *name = NULL;
	int64_t pid = 0;

	if (strcmp(logread_str(rec, "type"), "syscall") != 0)
		return 0;
	name = logread_str(rec, "name");
	if (!name || !logread_i64(rec, "pid", &pid))
		return logread_fail(err, "%s:%u: syscall record without name or pid", s->path,
				    line);
	/* execve/execveat always count: the program's first one is made
	 * after any sandbox has loaded its filter. */
	if (s->execs && strcmp(name, "execve") != 0 && strcmp(name, "execveat") != 0 &&
	    line < gen_from(s, pid))
		return 0;
	return s->fn(rec, line, s->userdata, err);
}

/* json_object cleanup without reaching into another module's helpers. */
static void gen_json_putp(json_object **o)
{
	if (*o)
		json_object_put(*o);
}

int allowlist_program_calls(const char *path, bool check_filter, bool accept_shared,
			    allowlist_call_fn fn, void *userdata, json_object **ret_start,
			    struct logread_error *err)
{
	/* Read twice: a pipe would be empty the second time. */
	struct logread_opts ro = {.accept_shared = accept_shared, .need_regular = true};
	__attribute__((cleanup(gen_json_putp))) json_object *start = NULL;
	struct gen_scan s = {.path = path, .check_filter = check_filter};
	struct logread_stats st = {0};
	int r = 0;

	if (strcmp(path, "-") == 0)
		return logread_fail(err, "-: logs are read twice, give a file, not stdin");
	r = logread_file_opts(path, &ro, gen_pass1, &s, &st, err);
	start = s.start;
	if (r < 0)
		goto out;
	logread_warn(path, &st);
	if (!s.execs)
		jt_error("%s: no exec record (attached with -p?): every call counted", path);
	s.fn = fn;
	s.userdata = userdata;
	r = logread_file_opts(path, &ro, gen_pass2, &s, NULL, err);
	if (r == 0 && ret_start)
		*ret_start = steal_pointer(&start);
out:
	free(s.procs);
	return r;
}

/* --- gen ----------------------------------------------------------------- */

struct gen_ctx {
	struct allowlist *a;
	const struct allowlist_gen_opts *opts;
	const char *path;
	struct allowlist *unknown; /* names already warned about */
	unsigned n_unknown;	   /* distinct names warned about */
	uint64_t unknown_more;	   /* records with a name past the warned ones */
};

/* A log's names are the program's if it forged them: a bounded number of
 * warnings, each escaped, then one count. */
#define GEN_MAX_UNKNOWN_WARNINGS 16

static int gen_add_record(json_object *rec, unsigned line, void *userdata,
			  struct logread_error *err)
{
	char shown[64];
	struct gen_ctx *g = userdata;
	const char *name = logread_str(rec, "name");
	const char *arch = logread_str(rec, "arch");
	int ai = arch ? allowlist_arch_by_name(arch) : -1;
	struct allowlist_tuple t;
	bool any = true;
	int r = 0;

	if (ai < 0)
		return logread_fail(err, "%s:%u: unknown arch \"%.40s\"", g->path, line,
				    gen_shown(arch ? arch : "", shown, sizeof(shown)));
	if (!syscalls_by_name(name)) {
		/* "syscall_NNN": a number the table does not know cannot be
		 * named in any allowlist format. */
		if (allowlist_find(g->unknown, name))
			return 0;
		if (g->n_unknown >= GEN_MAX_UNKNOWN_WARNINGS) {
			g->unknown_more++;
			return 0;
		}
		jt_error("%s:%u: warning: unknown syscall %s left out", g->path, line,
			 gen_shown(name, shown, sizeof(shown)));
		g->n_unknown++;
		allowlist_add_any(g->unknown, name);
		return 0;
	}
	g->a->arches |= 1u << ai;
	if (g->opts->args && allowlist_record_tuple(name, rec, &t, &any)) {
		if (t.n == 1 && t.c[0].op == ALLOWLIST_MASKED_EQ && t.c[0].mask == GEN_PROT_WX)
			r = gen_add_prot_tuples(g->a, name, t.c[0].index);
		else
			r = allowlist_add_tuple(g->a, name, &t);
	} else {
		r = allowlist_add_any(g->a, name);
	}
	if (r < 0)
		return logread_fail(err, "%s: out of memory", g->path);
	return 0;
}

int allowlist_gen_log(struct allowlist *a, const char *path, const struct allowlist_gen_opts *opts,
		      struct logread_error *err)
{
	cleanup_allowlist struct allowlist unknown;
	__attribute__((cleanup(gen_json_putp))) json_object *start = NULL;
	struct gen_ctx g = {.a = a, .opts = opts, .path = path, .unknown = &unknown};
	const char *arch = NULL;
	int ai = -1;
	int r = 0;

	allowlist_init(&unknown);
	r = allowlist_program_calls(path, true, opts->accept_shared, gen_add_record, &g, &start,
				    err);
	if (r < 0)
		return r;
	if (g.unknown_more)
		jt_error("%s: warning: %llu more calls of unknown syscalls left out", path,
			 (unsigned long long)g.unknown_more);
	arch = logread_str(start, "arch");
	ai = arch ? allowlist_arch_by_name(arch) : -1;
	if (ai >= 0)
		a->arches |= 1u << ai;
	r = allowlist_add_source(a, path);
	if (r < 0)
		return logread_fail(err, "%s: out of memory", path);
	return 0;
}

int allowlist_add_always(struct allowlist *a)
{
	for (size_t i = 0; allowlist_always[i]; i++) {
		int r = allowlist_add_any(a, allowlist_always[i]);

		if (r < 0)
			return r;
	}
	return 0;
}
