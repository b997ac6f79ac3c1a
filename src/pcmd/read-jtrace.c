/* allowlist/read-jtrace: reads back the jtrace-format allowlists that
 * export-jtrace.c writes (merge, diff --allow and export take them).  The
 * text is parsed by the policy library, as `jtrace-run --policy` parses it,
 * and the policy turned into the model; what the model cannot hold (other
 * actions, classes, conditions other than the atoms allowlist_print_tuple
 * writes) is refused with the file:line:col where it was written. */
#include <jtrace/allowlist.h>
#include <jtrace/policy.h>
#include <jtrace/syscalls.h>
#include <jtrace/util.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

/* Far above any allowlist of every syscall with --args tuples. */
#define ALLOWLIST_FILE_MAX (16 << 20)

#define READ_NOT_ATOM "not an allowlist condition (ARG == VALUE, ARG & BIT or not ARG & BITS)"

struct read_ctx {
	const char *file;
	unsigned line;
	struct logread_error *err;
};

static int read_fail(const struct read_ctx *rc, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int read_fail(const struct read_ctx *rc, unsigned col, const char *fmt, ...)
{
	char msg[sizeof(rc->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return logread_fail(rc->err, "%s:%u:%u: %s", rc->file, rc->line, col, msg);
}

/* What the atoms say about one argument, before they become a condition. */
struct read_arg {
	bool used, eq;
	uint64_t value, req, forbidden;
};

/* One atom: `ARG == VALUE`, `ARG & BIT` or (@neg) `not ARG & BITS`. */
static int read_atom(const struct read_ctx *rc, const struct syscall_sig *sig,
		     const struct policy_cond_view *v, bool neg, struct read_arg *args)
{
	struct read_arg *arg = NULL;
	int idx = -1;

	if (v->type == POLICY_COND_CMP && v->cmp != POLICY_CMP_EQ)
		return read_fail(rc, v->op_col, READ_NOT_ATOM);
	if (!v->argname)
		return read_fail(rc, v->col, "arg%d: an allowlist names its arguments", v->argn);
	for (unsigned k = 0; k < sig->nargs; k++)
		if (strcmp(v->argname, sig->args[k].name) == 0)
			idx = (int)k;
	/* The parser checked the name against the rule's one target. */
	if (idx < 0)
		return read_fail(rc, v->col, "no such argument \"%s\"", v->argname);
	arg = &args[idx];
	/* The kernel reads a 32-bit argument's low half only: a value above
	 * it could never match, and written back it would change. */
	if (allowlist_arg_is_32bit(sig->name, (unsigned)idx) && (v->value >> 32))
		return read_fail(rc, v->value_col, "value wider than this 32-bit argument");
	/* `==` says all there is about the argument. */
	if (arg->eq || (v->type == POLICY_COND_CMP && arg->used))
		return read_fail(rc, v->op_col, "%s == VALUE must be the only condition on %s",
				 v->argname, v->argname);
	if (v->type == POLICY_COND_CMP) {
		arg->eq = true;
		arg->value = v->value;
	} else {
		if (!neg && (v->value & (v->value - 1)))
			return read_fail(rc, v->value_col,
					 "an allowlist tests one bit at a time with `&`");
		if ((neg ? arg->req : arg->forbidden) & v->value)
			return read_fail(rc, v->value_col, "a bit both required and forbidden");
		if (neg)
			arg->forbidden |= v->value;
		else
			arg->req |= v->value;
	}
	arg->used = true;
	return 0;
}

/* ATOM [and ATOM]...: an `and` chain as the parser builds it (left-nested),
 * no `or`, no parentheses, `not` only before `ARG & BITS`. */
static int read_chain(const struct read_ctx *rc, const struct syscall_sig *sig,
		      const struct policy_cond *c, struct read_arg *args)
{
	struct policy_cond_view v;
	bool neg = false;
	int r = 0;

	policy_cond_view(c, &v);
	if (v.paren_col)
		return read_fail(rc, v.paren_col, "an allowlist's conditions have no parentheses");
	switch (v.type) {
	case POLICY_COND_AND:
		r = read_chain(rc, sig, v.l, args);
		return r < 0 ? r : read_chain(rc, sig, v.r, args);
	case POLICY_COND_OR:
		return read_fail(rc, v.op_col, "an allowlist joins conditions with `and` only");
	case POLICY_COND_NOT: {
		unsigned col = v.col;

		policy_cond_view(v.l, &v);
		if (v.paren_col || v.type != POLICY_COND_MASK)
			return read_fail(rc, col, READ_NOT_ATOM);
		neg = true;
		break;
	}
	case POLICY_COND_CMP:
	case POLICY_COND_MASK:
		break;
	case POLICY_COND_MEMORY:
	default:
		return read_fail(rc, v.col, READ_NOT_ATOM);
	}
	return read_atom(rc, sig, &v, neg, args);
}

/* The condition of `allow NAME if ...` as one tuple: a condition per
 * argument, in argument order. */
static int read_tuple(const struct read_ctx *rc, const struct syscall_sig *sig,
		      const struct policy_cond *cond, struct allowlist_tuple *ret)
{
	struct read_arg args[SYSCALL_MAX_ARGS];
	struct policy_cond_view v;
	int r = 0;

	memset(args, 0, sizeof(args));
	memset(ret, 0, sizeof(*ret));
	r = read_chain(rc, sig, cond, args);
	if (r < 0)
		return r;
	for (unsigned k = 0; k < SYSCALL_MAX_ARGS; k++) {
		struct allowlist_cond *c = NULL;

		if (!args[k].used)
			continue;
		if (ret->n == ALLOWLIST_MAX_CONDS) {
			policy_cond_view(cond, &v);
			return read_fail(rc, v.col, "conditions on more than %d arguments",
					 ALLOWLIST_MAX_CONDS);
		}
		c = &ret->c[ret->n++];
		c->index = (uint8_t)k;
		if (args[k].eq && allowlist_arg_is_32bit(sig->name, k)) {
			/* 32-bit arguments compare on their low half. */
			c->op = ALLOWLIST_MASKED_EQ;
			c->mask = 0xffffffffu;
			c->value = args[k].value & 0xffffffffu;
		} else if (args[k].eq) {
			c->op = ALLOWLIST_EQ;
			c->value = args[k].value;
		} else {
			c->op = ALLOWLIST_MASKED_EQ;
			c->mask = args[k].req | args[k].forbidden;
			c->value = args[k].req;
		}
	}
	return 0;
}

/* `allow NAME...` or `allow NAME if CONDITION`. */
static int read_rule(struct allowlist *a, const struct policy_rule *rule, struct logread_error *err)
{
	const struct read_ctx rc = {.file = rule->file, .line = rule->line, .err = err};
	const struct syscall_sig *sig = NULL;
	struct allowlist_tuple tup;
	int r = 0;

	if (rule->action != POLICY_ALLOW)
		return read_fail(&rc, rule->col,
				 "not an allowlist line (jtrace-policy reads `default`, `arch` and "
				 "`allow` lines; use a policy file with jtrace-run --policy)");
	for (size_t i = 0; i < rule->n_named; i++)
		if (!syscalls_by_name(rule->named[i].name))
			return read_fail(&rc, rule->named[i].col,
					 "an allowlist names syscalls, not classes or groups: "
					 "\"%s\"",
					 rule->named[i].name);
	if (!rule->cond) {
		for (size_t i = 0; i < rule->n_named; i++)
			if (allowlist_add_any(a, rule->named[i].name) < 0)
				return logread_fail(err, "%s: out of memory", rule->file);
		return 0;
	}
	if (rule->n_named != 1)
		return read_fail(&rc, rule->named[1].col,
				 "`if` must follow exactly one syscall name");
	sig = syscalls_by_name(rule->named[0].name);
	r = read_tuple(&rc, sig, rule->cond, &tup);
	if (r < 0)
		return r;
	if (allowlist_add_tuple(a, rule->named[0].name, &tup) < 0)
		return logread_fail(err, "%s: out of memory", rule->file);
	return 0;
}

/* The policy as the model: `default`, `arch` and the rules. */
static int read_policy(struct allowlist *a, const struct policy *p, struct logread_error *err)
{
	uint32_t native = syscalls_native_arch();

	if (p->default_file) {
		const struct read_ctx rc = {
			.file = p->default_file, .line = p->default_line, .err = err};

		if (p->default_action == POLICY_ERRNO && p->default_errno == EPERM)
			a->def = ALLOWLIST_DEFAULT_ERRNO;
		else if (p->default_action == POLICY_KILL)
			a->def = ALLOWLIST_DEFAULT_KILL;
		else if (p->default_action == POLICY_LOG)
			a->def = ALLOWLIST_DEFAULT_LOG;
		else
			return read_fail(
				&rc, p->default_col,
				"an allowlist's default is errno(EPERM), deny, kill or log");
	}
	/* The native arch is implied: only foreign ones have `arch` lines. */
	for (size_t i = 0; i < allowlist_arches_len; i++)
		if (allowlist_arches[i].audit_arch == native ||
		    (p->foreign_arches_allowed & policy_foreign_abi_bit(allowlist_arches[i].name)))
			a->arches |= 1u << i;
	for (size_t i = 0; i < p->n_rules; i++) {
		int r = read_rule(a, &p->rules[i], err);

		if (r < 0)
			return r;
	}
	return 0;
}

static void read_policy_freep(struct policy *p)
{
	policy_free(p);
}

int allowlist_read_jtrace_buffer(struct allowlist *a, const char *name, const char *buf,
				 struct logread_error *err)
{
	__attribute__((cleanup(read_policy_freep))) struct policy p;
	struct policy_error perr;
	int r = 0;

	policy_init(&p);
	r = policy_parse_buffer(&p, name, buf, strlen(buf), POLICY_PARSE_NO_INCLUDE, &perr);
	if (r == -EINVAL) {
		char msg[sizeof(err->msg)];

		policy_error_format(&perr, msg, sizeof(msg));
		return logread_fail(err, "%s", msg);
	}
	if (r < 0)
		return logread_fail(err, "%s: %s", name, strerror(-r)), r;
	r = read_policy(a, &p, err);
	if (r < 0)
		return r;
	return allowlist_add_source(a, name) < 0 ? logread_fail(err, "%s: out of memory", name) : 0;
}

int allowlist_read_jtrace(struct allowlist *a, const char *path, struct logread_error *err)
{
	cleanup_free char *buf = NULL;
	size_t len = 0;
	int r = jt_read_regular_file(path, ALLOWLIST_FILE_MAX, &buf, &len);

	if (r == -EINVAL)
		return logread_fail(err, "%s: not a regular file", path);
	if (r == -EFBIG)
		return logread_fail(err, "%s: file too big (more than %d bytes)", path,
				    ALLOWLIST_FILE_MAX);
	if (r < 0)
		return logread_fail(err, "%s: %s", path, strerror(-r)), r;
	if (memchr(buf, '\0', len))
		return logread_fail(err, "%s: binary file, not a jtrace allowlist", path);
	return allowlist_read_jtrace_buffer(a, path, buf, err);
}

int allowlist_path_is_log(const char *path)
{
	cleanup_fd int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	cleanup_file FILE *f = NULL;
	struct stat st;
	int c = 0;

	if (fd < 0 || fstat(fd, &st) < 0)
		return -errno;
	/* Neither: allowlist_read_jtrace refuses it with its reason. */
	if (!S_ISREG(st.st_mode))
		return 0;
	f = fdopen(fd, "re");
	if (!f)
		return -errno;
	steal_fd(&fd);
	while ((c = fgetc(f)) != EOF)
		if (!isspace(c))
			return c == '{';
	return 0;
}
