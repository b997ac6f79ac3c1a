/* parser: policy text into rules.  One rule a line:
 *
 *   include NAME | default ACTION | arch i386|x32 (or the native ABI: no-op)
 *   ACTION TARGET... [if CONDITION]
 *
 *   ACTION    := allow | log | trace | deny | kill | errno ( NAME | NUMBER )
 *   CONDITION := OR;  OR := AND {or AND};  AND := UNARY {and UNARY}
 *   UNARY     := not UNARY | ( OR ) | ATOM
 *   ATOM      := ARG OP VALUE | ARG & VALUE
 *              | path glob STR | path prefix STR | exe glob STR
 *              | addr [not] in CIDR... | port OP VALUE | family OP VALUE
 *   VALUE     := TERM {| TERM};  TERM := NUMBER | CONSTANT
 *
 * Every name is checked here, against every target of the rule, so that a
 * policy that loads can be evaluated without any further error: a rule
 * that names a call explicitly must use arguments that call has; a target
 * that came from a class or group and lacks the argument only makes the
 * atom false for that call (documented in jtrace.policy(5)).
 *
 * One file of ~1000 lines on purpose: it is one recursive-descent parser
 * over one token cursor (peek, next, perr...), and splitting conditions
 * from rules would export those dozen helpers to the rest of the library.
 * The parts are in grammar order: values, atoms, conditions, actions,
 * rules, lines. */
#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <jtrace/classes.h>
#include <jtrace/util.h>
#include <jtrace/xlat.h>
#include "policy-priv.h"

const struct policy_abi policy_foreign_abis[] = {
	{POLICY_ABI_I386, AUDIT_ARCH_I386, "i386"},
	{POLICY_ABI_X32, SCMP_ARCH_X32, "x32"},
};
const size_t policy_foreign_abis_len = JT_ARRAY_SIZE(policy_foreign_abis);

uint32_t policy_foreign_abi_bit(const char *name)
{
	for (size_t i = 0; i < policy_foreign_abis_len; i++)
		if (strcmp(name, policy_foreign_abis[i].name) == 0)
			return policy_foreign_abis[i].bit;
	return 0;
}

struct parser {
	struct policy *p;
	struct policy_load_state *st;
	const char *file;
	unsigned line;
	struct token *t;
	size_t n, pos;
	struct policy_error *err;
	struct syscall_set targets;  /* the rule being parsed */
	struct syscall_set explicit; /* ... of which named one by one */
	struct policy_target *named; /* ... as written (the rule takes them) */
	size_t n_named;
	unsigned depth;
};

int policy_set_error(struct policy_error *err, const char *file, unsigned line, unsigned col,
		     const char *fmt, ...)
{
	va_list ap;

	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->col = col;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

#define perr(ps, col, ...) policy_set_error((ps)->err, (ps)->file, (ps)->line, (col), __VA_ARGS__)

static const struct token *peek(const struct parser *ps)
{
	return &ps->t[ps->pos];
}

static const struct token *peek2(const struct parser *ps)
{
	return ps->pos + 1 < ps->n ? &ps->t[ps->pos + 1] : &ps->t[ps->n - 1];
}

static const struct token *next(struct parser *ps)
{
	const struct token *t = &ps->t[ps->pos];

	if (t->kind != TOK_EOL)
		ps->pos++;
	return t;
}

static bool is_word(const struct token *t, const char *w)
{
	return t->kind == TOK_WORD && strcmp(t->text, w) == 0;
}

static const char *tok_desc(const struct token *t)
{
	switch (t->kind) {
	case TOK_EOL:
		return "end of line";
	case TOK_WORD:
	case TOK_STRING:
		return t->text;
	case TOK_LPAREN:
		return "(";
	case TOK_RPAREN:
		return ")";
	case TOK_AMP:
		return "&";
	case TOK_PIPE:
		return "|";
	case TOK_EQ:
		return "==";
	case TOK_NE:
		return "!=";
	case TOK_LT:
		return "<";
	case TOK_LE:
		return "<=";
	case TOK_GT:
		return ">";
	case TOK_GE:
		return ">=";
	case TOK_BAD:
		return "?";
	default:
		return "?";
	}
}

/* "connect, connectat" from classes_suggest(), or "" */
static void suggestions(const char *name, char *buf, size_t len)
{
	const char *s[4];
	size_t n = classes_suggest(name, s, JT_ARRAY_SIZE(s)), off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && off < len; i++) {
		int w = snprintf(buf + off, len - off, "%s%s", i ? ", " : "", s[i]);

		if (w < 0)
			break;
		off += (size_t)w;
	}
}

/* ---- values ---- */

static bool looks_numeric(const char *s)
{
	return (s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '+';
}

static int parse_term(struct parser *ps, enum xlat_id hint, uint64_t *ret)
{
	const struct token *t = peek(ps);

	if (t->kind != TOK_WORD)
		return perr(ps, t->col, "expected a number or a constant, found '%s'", tok_desc(t));
	if (looks_numeric(t->text)) {
		uint64_t v = 0;

		if (t->text[0] == '-') {
			long sv = 0;

			if (jt_parse_long(t->text, INT64_MIN, 0, &sv) < 0)
				return perr(ps, t->col, "bad number '%s'", t->text);
			v = (uint64_t)sv;
		} else if (t->text[0] == '+' || jt_parse_u64(t->text, &v) < 0) {
			return perr(ps, t->col, "bad number '%s'", t->text);
		}
		*ret = v;
	} else if (!(hint != XLAT_NONE && xlat_value(hint, t->text, ret) == 0) &&
		   xlat_lookup_any(t->text, ret) < 0) {
		return perr(ps, t->col, "unknown constant '%s'", t->text);
	}
	next(ps);
	return 0;
}

static int parse_value(struct parser *ps, enum xlat_id hint, uint64_t *ret)
{
	uint64_t v = 0, term = 0;
	int r = parse_term(ps, hint, &v);

	if (r < 0)
		return r;
	while (peek(ps)->kind == TOK_PIPE) {
		next(ps);
		r = parse_term(ps, hint, &term);
		if (r < 0)
			return r;
		v |= term;
	}
	*ret = v;
	return 0;
}

static bool tok_is_op(const struct token *t, enum cond_op *ret)
{
	switch (t->kind) {
	case TOK_EQ:
		*ret = OP_EQ;
		return true;
	case TOK_NE:
		*ret = OP_NE;
		return true;
	case TOK_LT:
		*ret = OP_LT;
		return true;
	case TOK_LE:
		*ret = OP_LE;
		return true;
	case TOK_GT:
		*ret = OP_GT;
		return true;
	case TOK_GE:
		*ret = OP_GE;
		return true;
	default:
		return false;
	}
}

/* ---- checking names against the rule's targets ---- */

static int sig_arg_by_name(const struct syscall_sig *sig, const char *name)
{
	for (int i = 0; i < sig->nargs; i++)
		if (strcmp(sig->args[i].name, name) == 0)
			return i;
	return -1;
}

static void list_args(const struct syscall_sig *sig, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < sig->nargs && off < len; i++) {
		int w = snprintf(buf + off, len - off, "%s%s", i ? ", " : "", sig->args[i].name);

		if (w < 0)
			break;
		off += (size_t)w;
	}
}

/* Some target must have the argument, and every target named explicitly
 * must; *ret_hint is the xlat list of the first target that has it. */
static int check_arg(struct parser *ps, const struct token *t, enum xlat_id *ret_hint)
{
	bool any = false;

	*ret_hint = XLAT_NONE;
	for (size_t i = 0; i < syscall_table_len; i++) {
		const struct syscall_sig *sig = &syscall_table[i];
		int a;

		if (!syscall_set_has(&ps->targets, i))
			continue;
		a = sig_arg_by_name(sig, t->text);
		if (a >= 0) {
			if (!any)
				*ret_hint = sig->args[a].xlat;
			any = true;
			continue;
		}
		if (syscall_set_has(&ps->explicit, i)) {
			char valid[200];

			list_args(sig, valid, sizeof(valid));
			if (sig->nargs == 0)
				return perr(ps, t->col,
					    "unknown argument '%s' for %s (it takes none)", t->text,
					    sig->name);
			return perr(ps, t->col, "unknown argument '%s' for %s (valid: %s)", t->text,
				    sig->name, valid);
		}
	}
	if (!any)
		return perr(ps, t->col, "unknown argument '%s': no target of this rule has it",
			    t->text);
	return 0;
}

static bool sig_has_mem(const struct syscall_sig *sig, unsigned what)
{
	if (what == COND_USES_EXE)
		return strcmp(sig->name, "execve") == 0 || strcmp(sig->name, "execveat") == 0;
	if (what == COND_USES_SOCK && strcmp(sig->name, "sendmmsg") == 0)
		return true;
	if (what == COND_USES_PATH && policy_sig_path_in_sockaddr(sig))
		return true; /* a filesystem AF_UNIX address */
	for (int i = 0; i < sig->nargs; i++) {
		enum arg_type ty = sig->args[i].type;

		if (what == COND_USES_PATH && ty == ARG_PATH)
			return true;
		if (what == COND_USES_SOCK && (ty == ARG_SOCKADDR || ty == ARG_MSGHDR))
			return true;
	}
	return false;
}

static int check_mem(struct parser *ps, const struct token *t, unsigned what)
{
	static const char *const needs[] = {
		[COND_USES_PATH] = "a path argument or a socket address (bind, connect, sendto, "
				   "sendmsg, sendmmsg)",
		[COND_USES_EXE] = "execve or execveat",
		[COND_USES_SOCK] = "a socket address argument (connect, bind, sendto, sendmsg, "
				   "sendmmsg)",
	};
	bool any = false;

	for (size_t i = 0; i < syscall_table_len; i++) {
		if (!syscall_set_has(&ps->targets, i))
			continue;
		if (sig_has_mem(&syscall_table[i], what)) {
			any = true;
			continue;
		}
		if (syscall_set_has(&ps->explicit, i))
			return perr(ps, t->col, "'%s' condition needs %s, which %s has not",
				    t->text, needs[what], syscall_table[i].name);
	}
	if (!any)
		return perr(ps, t->col, "'%s' condition needs %s: no target of this rule has one",
			    t->text, needs[what]);
	return 0;
}

/* ---- conditions ---- */

static struct policy_cond *cond_new(enum cond_kind kind)
{
	struct policy_cond *c = calloc(1, sizeof(*c));

	if (c) {
		c->kind = kind;
		c->argn = -1;
	}
	return c;
}

static void cond_freep(struct policy_cond **c)
{
	policy_cond_free(*c);
}
#define cleanup_cond __attribute__((cleanup(cond_freep)))

static int parse_or(struct parser *ps, struct policy_cond **ret);

static int parse_string_arg(struct parser *ps, const char *what, const struct token **ret)
{
	const struct token *t = peek(ps);

	if (t->kind != TOK_STRING)
		return perr(ps, t->col, "expected a quoted pattern after '%s', found '%s'", what,
			    tok_desc(t));
	if (strlen(t->text) > POLICY_PATTERN_MAX)
		return perr(ps, t->col, "pattern too long (more than %d bytes)",
			    POLICY_PATTERN_MAX);
	*ret = next(ps);
	return 0;
}

static int parse_glob(struct parser *ps, struct policy_cond *c, const char *what)
{
	const struct token *s = NULL;
	size_t off = 0;
	int r = parse_string_arg(ps, what, &s);

	if (r < 0)
		return r;
	if (policy_glob_check(s->text, &off) < 0)
		return perr(ps, s->col + 1 + (unsigned)off, "bad glob \"%s\": unbalanced '['",
			    s->text);
	if (!s->text[0])
		return perr(ps, s->col, "empty pattern");
	c->pattern = strdup(s->text);
	return c->pattern ? 0 : -ENOMEM;
}

static int parse_path_atom(struct parser *ps, const struct token *kw, struct policy_cond **ret)
{
	const struct token *how = next(ps);
	cleanup_cond struct policy_cond *c = NULL;
	int r = check_mem(ps, kw, COND_USES_PATH);

	if (r < 0)
		return r;
	if (is_word(how, "glob")) {
		c = cond_new(COND_PATH_GLOB);
		if (!c)
			return -ENOMEM;
		r = parse_glob(ps, c, "glob");
		if (r < 0)
			return r;
	} else {
		const struct token *s = NULL;

		c = cond_new(COND_PATH_PREFIX);
		if (!c)
			return -ENOMEM;
		r = parse_string_arg(ps, "prefix", &s);
		if (r < 0)
			return r;
		if (s->text[0] != '/')
			return perr(ps, s->col, "path prefix must be absolute (start with /)");
		c->pattern = strdup(s->text);
		if (!c->pattern)
			return -ENOMEM;
		policy_path_normalize(c->pattern);
	}
	c->col = kw->col;
	*ret = steal_pointer(&c);
	return 0;
}

static int parse_addr_atom(struct parser *ps, const struct token *kw, struct policy_cond **ret)
{
	cleanup_cond struct policy_cond *c = cond_new(COND_ADDR_IN);
	int r = check_mem(ps, kw, COND_USES_SOCK);

	if (r < 0)
		return r;
	if (!c)
		return -ENOMEM;
	if (is_word(peek(ps), "not")) {
		c->negate = true;
		next(ps);
	}
	if (!is_word(peek(ps), "in"))
		return perr(ps, peek(ps)->col, "expected 'in' after 'addr%s', found '%s'",
			    c->negate ? " not" : "", tok_desc(peek(ps)));
	next(ps);
	while (peek(ps)->kind == TOK_WORD && !is_word(peek(ps), "and") &&
	       !is_word(peek(ps), "or")) {
		const struct token *t = next(ps);
		struct policy_cidr *n = NULL;

		if (c->n_cidrs == POLICY_CIDRS_MAX)
			return perr(ps, t->col, "too many addresses (at most %d)",
				    POLICY_CIDRS_MAX);
		n = realloc(c->cidrs, (c->n_cidrs + 1) * sizeof(*n));
		if (!n)
			return -ENOMEM;
		c->cidrs = n;
		if (policy_cidr_parse(t->text, &c->cidrs[c->n_cidrs]) < 0)
			return perr(ps, t->col, "bad CIDR '%s'", t->text);
		c->n_cidrs++;
	}
	if (c->n_cidrs == 0)
		return perr(ps, peek(ps)->col, "expected addresses or CIDRs after 'in', found '%s'",
			    tok_desc(peek(ps)));
	c->col = kw->col;
	*ret = steal_pointer(&c);
	return 0;
}

/* exe glob STR; @kw (exe) is consumed. */
static int parse_exe_atom(struct parser *ps, const struct token *kw, struct policy_cond **ret)
{
	cleanup_cond struct policy_cond *c = NULL;
	int r = 0;

	if (!is_word(peek(ps), "glob"))
		return perr(ps, peek(ps)->col, "expected 'glob' after 'exe', found '%s'",
			    tok_desc(peek(ps)));
	next(ps);
	r = check_mem(ps, kw, COND_USES_EXE);
	if (r < 0)
		return r;
	c = cond_new(COND_EXE_GLOB);
	if (!c)
		return -ENOMEM;
	c->col = kw->col;
	r = parse_glob(ps, c, "glob");
	if (r < 0)
		return r;
	*ret = steal_pointer(&c);
	return 0;
}

/* port OP VALUE | family OP VALUE: @kw and its operator @op are next. */
static int parse_sock_atom(struct parser *ps, const struct token *kw, enum cond_op op,
			   struct policy_cond **ret)
{
	bool port = is_word(kw, "port");
	cleanup_cond struct policy_cond *c = NULL;
	const struct token *v = NULL;
	int r = check_mem(ps, kw, COND_USES_SOCK);

	if (r < 0)
		return r;
	c = cond_new(port ? COND_PORT : COND_FAMILY);
	if (!c)
		return -ENOMEM;
	c->col = kw->col;
	c->op_col = peek2(ps)->col;
	next(ps);
	next(ps);
	c->op = op;
	v = peek(ps);
	c->value_col = v->col;
	if (v->kind == TOK_EOL)
		return perr(ps, v->col, "missing value after '%s'", kw->text);
	r = parse_value(ps, port ? XLAT_NONE : XLAT_ADDRESS_FAMILIES, &c->value);
	if (r < 0)
		return r;
	if (port && c->value > 65535)
		return perr(ps, v->col, "bad port %llu (0 to 65535)", (unsigned long long)c->value);
	*ret = steal_pointer(&c);
	return 0;
}

/* ARG OP VALUE | ARG & VALUE, a scalar argument by name or as argN: @t,
 * the argument, is next. */
static int parse_cmp_atom(struct parser *ps, const struct token *t, struct policy_cond **ret)
{
	cleanup_cond struct policy_cond *c = cond_new(COND_CMP);
	enum xlat_id hint = XLAT_NONE;
	enum cond_op op = OP_EQ;
	const struct token *t2 = NULL;
	unsigned vcol = 0;
	int r = 0;

	if (!c)
		return -ENOMEM;
	if (strncmp(t->text, "arg", 3) == 0 && t->text[3] >= '0' && t->text[3] <= '5' &&
	    t->text[4] == '\0') {
		c->argn = t->text[3] - '0';
	} else {
		if (looks_numeric(t->text))
			return perr(ps, t->col, "expected an argument name, found '%s'", t->text);
		r = check_arg(ps, t, &hint);
		if (r < 0)
			return r;
		c->argname = strdup(t->text);
		if (!c->argname)
			return -ENOMEM;
	}
	c->col = t->col;
	next(ps);
	t2 = peek(ps);
	c->op_col = t2->col;
	if (t2->kind == TOK_AMP) {
		c->kind = COND_MASK;
	} else if (tok_is_op(t2, &op)) {
		c->op = op;
	} else {
		return perr(ps, t2->col,
			    "expected an operator (== != < <= > >= &) after '%s', found '%s'",
			    t->text, tok_desc(t2));
	}
	next(ps);
	if (peek(ps)->kind == TOK_EOL)
		return perr(ps, peek(ps)->col, "missing value after '%s'", tok_desc(t2));
	vcol = peek(ps)->col;
	c->value_col = vcol;
	r = parse_value(ps, hint, &c->value);
	if (r < 0)
		return r;
	if (c->kind == COND_MASK && c->value == 0)
		return perr(ps, vcol, "mask is 0: the condition could never hold");
	*ret = steal_pointer(&c);
	return 0;
}

/* One ATOM: the keyword and the token after it tell which kind; a word
 * that is none of the memory keywords in their forms is an argument. */
static int parse_atom(struct parser *ps, struct policy_cond **ret)
{
	const struct token *t = peek(ps), *t2 = peek2(ps);
	enum cond_op op = OP_EQ;

	if (t->kind != TOK_WORD) {
		if (t->kind == TOK_EOL)
			return perr(ps, t->col, "incomplete condition");
		if (t->kind == TOK_RPAREN)
			return perr(ps, t->col, "empty condition");
		return perr(ps, t->col, "expected a condition, found '%s'", tok_desc(t));
	}
	if (is_word(t, "and") || is_word(t, "or") || is_word(t, "in") || is_word(t, "if"))
		return perr(ps, t->col, "expected a condition, found '%s'", t->text);

	if (is_word(t, "path") && (is_word(t2, "glob") || is_word(t2, "prefix"))) {
		next(ps);
		return parse_path_atom(ps, t, ret);
	}
	if (is_word(t, "exe") && t2->kind != TOK_AMP && !tok_is_op(t2, &op)) {
		next(ps);
		return parse_exe_atom(ps, t, ret);
	}
	if (is_word(t, "addr") && (is_word(t2, "in") || is_word(t2, "not"))) {
		next(ps);
		return parse_addr_atom(ps, t, ret);
	}
	if ((is_word(t, "port") || is_word(t, "family")) && tok_is_op(t2, &op))
		return parse_sock_atom(ps, t, op, ret);
	return parse_cmp_atom(ps, t, ret);
}

static int parse_unary(struct parser *ps, struct policy_cond **ret)
{
	const struct token *t = peek(ps);
	int r = 0;

	if (++ps->depth > POLICY_COND_DEPTH)
		return perr(ps, t->col, "condition nested too deeply (more than %d levels)",
			    POLICY_COND_DEPTH);
	if (is_word(t, "not")) {
		cleanup_cond struct policy_cond *c = cond_new(COND_NOT);

		if (!c)
			return -ENOMEM;
		c->col = t->col;
		next(ps);
		r = parse_unary(ps, &c->l);
		if (r < 0)
			return r;
		*ret = steal_pointer(&c);
	} else if (t->kind == TOK_LPAREN) {
		next(ps);
		if (peek(ps)->kind == TOK_RPAREN)
			return perr(ps, peek(ps)->col, "empty condition");
		r = parse_or(ps, ret);
		if (r < 0)
			return r;
		if (peek(ps)->kind != TOK_RPAREN) {
			policy_cond_free(*ret);
			*ret = NULL;
			if (peek(ps)->kind == TOK_EOL)
				return perr(ps, t->col,
					    "unbalanced parentheses: '(' is not closed");
			return perr(ps, peek(ps)->col, "expected ')' or 'and'/'or', found '%s'",
				    tok_desc(peek(ps)));
		}
		(*ret)->paren_col = t->col;
		next(ps);
	} else {
		r = parse_atom(ps, ret);
	}
	ps->depth--;
	return r;
}

static int parse_binary(struct parser *ps, const char *word, enum cond_kind kind,
			int (*sub)(struct parser *, struct policy_cond **),
			struct policy_cond **ret)
{
	cleanup_cond struct policy_cond *left = NULL;
	int r = sub(ps, &left);

	if (r < 0)
		return r;
	while (is_word(peek(ps), word)) {
		cleanup_cond struct policy_cond *n = cond_new(kind);

		if (!n)
			return -ENOMEM;
		n->col = left->paren_col ? left->paren_col : left->col;
		n->op_col = next(ps)->col;
		n->l = steal_pointer(&left);
		r = sub(ps, &n->r);
		if (r < 0)
			return r;
		left = steal_pointer(&n);
	}
	*ret = steal_pointer(&left);
	return 0;
}

static int parse_and(struct parser *ps, struct policy_cond **ret)
{
	return parse_binary(ps, "and", COND_AND, parse_unary, ret);
}

static int parse_or(struct parser *ps, struct policy_cond **ret)
{
	return parse_binary(ps, "or", COND_OR, parse_and, ret);
}

/* ---- lines ---- */

static int parse_action(struct parser *ps, enum policy_action *ret_a, int *ret_errno)
{
	const struct token *t = next(ps);

	*ret_errno = 0;
	if (is_word(t, "allow")) {
		*ret_a = POLICY_ALLOW;
	} else if (is_word(t, "log") || is_word(t, "trace")) {
		*ret_a = POLICY_LOG;
	} else if (is_word(t, "deny")) {
		*ret_a = POLICY_ERRNO;
		*ret_errno = EPERM;
	} else if (is_word(t, "kill")) {
		*ret_a = POLICY_KILL;
	} else if (is_word(t, "errno")) {
		const struct token *v = NULL;
		long n = 0;

		if (peek(ps)->kind != TOK_LPAREN)
			return perr(ps, peek(ps)->col, "expected '(' after 'errno', found '%s'",
				    tok_desc(peek(ps)));
		next(ps);
		v = next(ps);
		if (v->kind != TOK_WORD)
			return perr(ps, v->col, "expected an errno name or number, found '%s'",
				    tok_desc(v));
		if (looks_numeric(v->text)) {
			if (jt_parse_long(v->text, 1, 4095, &n) < 0)
				return perr(ps, v->col, "bad errno number '%s' (1 to 4095)",
					    v->text);
		} else {
			n = xlat_errno_value(v->text);
			if (n <= 0)
				return perr(ps, v->col, "unknown errno name '%s'", v->text);
		}
		if (peek(ps)->kind != TOK_RPAREN)
			return perr(ps, peek(ps)->col, "expected ')' after the errno, found '%s'",
				    tok_desc(peek(ps)));
		next(ps);
		*ret_a = POLICY_ERRNO;
		*ret_errno = (int)n;
	} else if (t->kind == TOK_EOL) {
		return perr(ps, t->col, "missing action after 'default'");
	} else {
		return perr(ps, t->col,
			    "unknown action '%s' (allow, log, trace, deny, errno(NAME), kill)",
			    tok_desc(t));
	}
	return 0;
}

static int expect_eol(struct parser *ps)
{
	const struct token *t = peek(ps);

	if (t->kind == TOK_EOL)
		return 0;
	if (t->kind == TOK_RPAREN)
		return perr(ps, t->col, "unbalanced parentheses: ')' without '('");
	return perr(ps, t->col, "trailing garbage '%s'", tok_desc(t));
}

/* The line as written, without its comment and outer blanks. */
static char *rule_text(const char *line, const struct token *eol)
{
	size_t end = eol->col - 1, start = 0;

	while (start < end && (line[start] == ' ' || line[start] == '\t'))
		start++;
	while (end > start &&
	       (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r'))
		end--;
	return strndup(line + start, end - start);
}

static int add_named(struct parser *ps, const struct token *t)
{
	struct policy_target *n = realloc(ps->named, (ps->n_named + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	ps->named = n;
	n[ps->n_named].name = strdup(t->text);
	n[ps->n_named].col = t->col;
	if (!n[ps->n_named].name)
		return -ENOMEM;
	ps->n_named++;
	return 0;
}

static void named_free(struct parser *ps)
{
	for (size_t i = 0; i < ps->n_named; i++)
		free(ps->named[i].name);
	free(ps->named);
	ps->named = NULL;
	ps->n_named = 0;
}

static int parse_rule(struct parser *ps, const char *line)
{
	struct policy_rule rule = {0};
	cleanup_cond struct policy_cond *cond = NULL;
	const struct token *t = NULL;
	struct policy_rule *rules = NULL;
	size_t n_targets = 0;
	int r = 0;

	rule.col = peek(ps)->col;
	r = parse_action(ps, &rule.action, &rule.errno_val);
	if (r < 0)
		return r;
	memset(&ps->targets, 0, sizeof(ps->targets));
	memset(&ps->explicit, 0, sizeof(ps->explicit));
	for (t = peek(ps); t->kind == TOK_WORD && !is_word(t, "if"); t = peek(ps)) {
		long idx = syscalls_index_by_name(t->text);

		r = classes_expand(t->text, &ps->targets);
		if (r == -ENOENT) {
			char sugg[200];

			suggestions(t->text, sugg, sizeof(sugg));
			if (sugg[0])
				return perr(ps, t->col, "unknown %s '%s' (did you mean %s?)",
					    t->text[0] == '@' ? "group" : "syscall", t->text, sugg);
			return perr(ps, t->col, "unknown %s '%s'",
				    t->text[0] == '@' ? "group" : "syscall or class", t->text);
		}
		if (r < 0)
			return perr(ps, t->col, "cannot expand '%s'", t->text);
		if (idx >= 0)
			syscall_set_add(&ps->explicit, (size_t)idx);
		r = add_named(ps, t);
		if (r < 0)
			return r;
		next(ps);
		n_targets++;
	}
	if (n_targets == 0)
		return perr(ps, t->col,
			    "missing target: name syscalls, classes or @groups after the action");
	if (is_word(t, "if")) {
		next(ps);
		if (peek(ps)->kind == TOK_EOL)
			return perr(ps, peek(ps)->col, "empty condition after 'if'");
		ps->depth = 0;
		r = parse_or(ps, &cond);
		if (r < 0)
			return r;
	} else if (t->kind != TOK_EOL) {
		return expect_eol(ps);
	}
	r = expect_eol(ps);
	if (r < 0)
		return r;

	rule.targets = ps->targets;
	rule.file = ps->file;
	rule.line = ps->line;
	rule.cond_reads_memory = cond && policy_cond_uses(cond) != 0;
	rule.text = rule_text(line, &ps->t[ps->n - 1]);
	if (!rule.text)
		return -ENOMEM;
	rules = realloc(ps->p->rules, (ps->p->n_rules + 1) * sizeof(*rules));
	if (!rules) {
		free(rule.text);
		return -ENOMEM;
	}
	ps->p->rules = rules;
	rule.cond = steal_pointer(&cond);
	rule.named = steal_pointer(&ps->named);
	rule.n_named = ps->n_named;
	ps->n_named = 0;
	rules[ps->p->n_rules++] = rule;
	return 0;
}

static int parse_line(struct parser *ps, const char *line)
{
	const struct token *t = peek(ps);
	int r = 0;

	if (t->kind == TOK_EOL)
		return 0;
	if (is_word(t, "include")) {
		const struct token *name = NULL;

		if (policy_load_flag(ps->st, POLICY_PARSE_NO_INCLUDE))
			return perr(ps, t->col,
				    "'include' is not allowed here: this file must stand alone");
		next(ps);
		name = next(ps);
		if (name->kind != TOK_WORD && name->kind != TOK_STRING)
			return perr(ps, name->col,
				    "expected a policy name or path after 'include'");
		r = expect_eol(ps);
		if (r < 0)
			return r;
		return policy_load_include(ps->p, ps->st, ps->file, ps->line, name->col, name->text,
					   ps->err);
	}
	if (is_word(t, "default")) {
		enum policy_action a = POLICY_ALLOW;
		unsigned acol = 0;
		int e = 0;

		next(ps);
		acol = peek(ps)->col;
		r = parse_action(ps, &a, &e);
		if (r < 0)
			return r;
		r = expect_eol(ps);
		if (r < 0)
			return r;
		ps->p->default_action = a;
		ps->p->default_errno = e;
		ps->p->default_file = ps->file;
		ps->p->default_line = ps->line;
		ps->p->default_col = acol;
		return 0;
	}
	if (is_word(t, "arch")) {
		const char *native = syscalls_arch_name(syscalls_native_arch());
		const struct token *a = NULL;

		next(ps);
		a = next(ps);
		for (size_t i = 0; i < policy_foreign_abis_len; i++) {
			if (is_word(a, policy_foreign_abis[i].name)) {
				ps->p->foreign_arches_allowed |= policy_foreign_abis[i].bit;
				return expect_eol(ps);
			}
		}
		/* The native ABI always runs: naming it changes nothing, and
		 * allowlists written before jtrace-policy read them with this
		 * parser may name it. */
		if (a->kind == TOK_WORD && native && strcmp(a->text, native) == 0)
			return expect_eol(ps);
		return perr(ps, a->col, "unknown arch '%s' (i386 or x32)", tok_desc(a));
	}
	return parse_rule(ps, line);
}

int policy_parse_text(struct policy *p, struct policy_load_state *st, const char *file,
		      const char *buf, size_t len, struct policy_error *err)
{
	cleanup_free char *line = malloc(POLICY_LINE_MAX + 1);
	const char *nul = memchr(buf, '\0', len);
	size_t off = 0;
	unsigned lineno = 0;

	if (!line)
		return -ENOMEM;
	if (nul) {
		unsigned l = 1, col = 1;

		for (const char *c = buf; c < nul; c++) {
			col++;
			if (*c == '\n')
				l++, col = 1;
		}
		return policy_set_error(err, file, l, col, "NUL byte in file");
	}
	while (off < len) {
		const char *end = memchr(buf + off, '\n', len - off);
		size_t l = end ? (size_t)(end - (buf + off)) : len - off;
		struct parser ps = {.p = p, .st = st, .file = file, .err = err};
		int r = 0;

		lineno++;
		if (l > POLICY_LINE_MAX)
			return policy_set_error(err, file, lineno, POLICY_LINE_MAX + 1,
						"line too long (more than %d bytes)",
						POLICY_LINE_MAX);
		memcpy(line, buf + off, l);
		line[l] = '\0';
		off += l + (end ? 1 : 0);

		ps.line = lineno;
		err->col = 0;
		r = policy_lex_line(line, &ps.t, &ps.n, err);
		if (r == -EINVAL) {
			char msg[sizeof(err->msg)];

			memcpy(msg, err->msg, sizeof(msg));
			return policy_set_error(err, file, lineno, err->col, "%s", msg);
		}
		if (r < 0)
			return r;
		r = parse_line(&ps, line);
		policy_tokens_free(ps.t, ps.n);
		named_free(&ps);
		if (r < 0)
			return r;
	}
	return 0;
}
