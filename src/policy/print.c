/* print: policies back as text -- `jtrace-policy check` shows the resolved
 * rules (every target expanded to syscall names, conditions fully
 * parenthesised, constants as numbers) with the file:line each came from,
 * so that what jtrace will enforce can be read without guessing how a
 * class or a precedence resolved. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>

#include <jtrace/xlat.h>
#include "policy-priv.h"

const char *policy_action_name(enum policy_action a)
{
	switch (a) {
	case POLICY_ALLOW:
		return "allow";
	case POLICY_LOG:
		return "log";
	case POLICY_ERRNO:
		return "deny";
	case POLICY_KILL:
		return "kill";
	default:
		return "?";
	}
}

static void print_action(FILE *f, enum policy_action a, int errno_val)
{
	if (a == POLICY_ERRNO) {
		const char *n = xlat_errno_name(errno_val);

		if (n)
			fprintf(f, "errno(%s)", n);
		else
			fprintf(f, "errno(%d)", errno_val);
		return;
	}
	fputs(policy_action_name(a), f);
}

static const char *op_text(enum cond_op op)
{
	switch (op) {
	case OP_EQ:
		return "==";
	case OP_NE:
		return "!=";
	case OP_LT:
		return "<";
	case OP_LE:
		return "<=";
	case OP_GT:
		return ">";
	case OP_GE:
		return ">=";
	default:
		return "?";
	}
}

static void print_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void print_value(FILE *f, uint64_t v)
{
	if (v < 10)
		fprintf(f, "%" PRIu64, v);
	else
		fprintf(f, "%#" PRIx64, v);
}

void policy_cond_print(const struct policy_cond *c, FILE *f)
{
	switch (c->kind) {
	case COND_AND:
	case COND_OR:
		fputc('(', f);
		policy_cond_print(c->l, f);
		fputs(c->kind == COND_AND ? " and " : " or ", f);
		policy_cond_print(c->r, f);
		fputc(')', f);
		break;
	case COND_NOT:
		/* "not (flags & X)": the same as without parentheses, but nobody
		 * has to remember that `not` binds tighter than `&` reads. */
		if (c->l->kind == COND_AND || c->l->kind == COND_OR || c->l->kind == COND_NOT) {
			fputs("not ", f);
			policy_cond_print(c->l, f);
		} else {
			fputs("not (", f);
			policy_cond_print(c->l, f);
			fputc(')', f);
		}
		break;
	case COND_CMP:
	case COND_MASK:
		if (c->argname)
			fputs(c->argname, f);
		else
			fprintf(f, "arg%d", c->argn);
		fprintf(f, " %s ", c->kind == COND_MASK ? "&" : op_text(c->op));
		print_value(f, c->value);
		break;
	case COND_PATH_GLOB:
	case COND_PATH_PREFIX:
	case COND_EXE_GLOB:
		fputs(c->kind == COND_PATH_GLOB	    ? "path glob "
		      : c->kind == COND_PATH_PREFIX ? "path prefix "
						    : "exe glob ",
		      f);
		print_string(f, c->pattern);
		break;
	case COND_ADDR_IN:
		fputs(c->negate ? "addr not in" : "addr in", f);
		for (size_t i = 0; i < c->n_cidrs; i++) {
			char buf[INET6_ADDRSTRLEN] = "";

			inet_ntop(c->cidrs[i].family, c->cidrs[i].addr, buf, sizeof(buf));
			fprintf(f, " %s/%u", buf, c->cidrs[i].prefix);
		}
		break;
	case COND_PORT:
	case COND_FAMILY:
		fprintf(f, "%s %s %" PRIu64, c->kind == COND_PORT ? "port" : "family",
			op_text(c->op), c->value);
		break;
	default:
		fputc('?', f);
		break;
	}
}

void policy_print(const struct policy *p, FILE *f)
{
	for (size_t i = 0; i < p->n_sources; i++)
		fprintf(f, "# source %s sha256:%s\n", p->sources[i], p->hashes[i]);
	for (size_t a = 0; a < policy_foreign_abis_len; a++)
		if (p->foreign_arches_allowed & policy_foreign_abis[a].bit)
			fprintf(f, "arch %s\n", policy_foreign_abis[a].name);
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct policy_rule *r = &p->rules[i];

		fprintf(f, "%s:%u: ", r->file, r->line);
		print_action(f, r->action, r->errno_val);
		for (size_t s = 0; s < syscall_table_len; s++)
			if (syscall_set_has(&r->targets, s))
				fprintf(f, " %s", syscall_table[s].name);
		if (r->cond) {
			fputs(" if ", f);
			policy_cond_print(r->cond, f);
		}
		fputc('\n', f);
	}
	if (p->default_file)
		fprintf(f, "%s:%u: default ", p->default_file, p->default_line);
	else
		fputs("(built-in): default ", f);
	print_action(f, p->default_action, p->default_errno);
	fputc('\n', f);
}
