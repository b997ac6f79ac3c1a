/* compile: the policy as libseccomp rules of the kernel pre-filter.
 *
 * The filter only has to stop every call whose verdict might not be allow;
 * policy_decide() then decides exactly at the stop.  So each step below may
 * widen the set of stopped calls (conservative, always correct) and must
 * never narrow it (that would let a denied call run):
 *
 *   For each syscall not already stopped by --filter, walk its rules in
 *   order, up to the first unconditional one or the default.  A non-allow
 *   rule decides when its condition holds and no earlier conditional allow
 *   matched, so the call must stop on
 *       OR over non-allow rules k of (C_k AND NOT A_j for allow rules j < k)
 *   (C_k is true for an unconditional rule or a non-allow default; earlier
 *   non-allow rules are left out of each term, which only widens).  That
 *   formula is put in negation normal form and expanded into a disjunction
 *   of conjunctions (DNF) of libseccomp comparisons, one
 *   seccomp_rule_add_array() per conjunction.  Only one of libseccomp's
 *   operators is used, MASKED_EQ, whose 64-bit code compares each word for
 *   equality: its LT/LE/GT/GE split a 64-bit order into word compares that
 *   2.5.4 merges wrongly across rules (issue 19 item 17), and its NE, mixed
 *   with other compares of the same call, can keep it busy for minutes.
 *   A 32-bit argument (int, fd, flags...) is compared on its low word, as
 *   the kernel reads it, signed when its C type is:
 *     ARG == V   -> MASKED_EQ(all bits of the width, V)
 *     ARG != V   -> one MASKED_EQ(bit, bit of ~V) per bit of the width
 *     ARG < etc. -> orders as masked equalities (order_dnf): x < c is one
 *                   MASKED_EQ per bit set in c; signed orders flip bit 31
 *     ARG & M    -> one conjunction per bit b of M: MASKED_EQ(b, b);
 *                   negated: MASKED_EQ(M, 0)
 *     memory atoms (path, addr...) and their negations -> true (widening;
 *     an unreadable argument is decided as the worst case, see cond.c)
 *     an argument the call lacks -> false (the evaluator agrees)
 *   A call's conjunctions go to libseccomp only in the shapes its rule
 *   tree compiles as an OR (tree_safe): one conjunction, or one comparison
 *   each on a single argument; otherwise the call always stops.
 *   Two comparisons on one argument in a conjunction: the second is dropped
 *   (widening; libseccomp refuses two comparisons on one argument).  More
 *   than DNF_MAX conjunctions, more than CALL_LITS_MAX comparisons for one
 *   call or the budgets of the whole compile spent (WORK_MAX, LITS_MAX):
 *   the call always stops; too many in the allow guard: the guard is
 *   forgotten (widening).
 *
 * tests/fuzz/fuzz-prefilter.c checks the result against policy_decide()
 * on random policies and arguments, through tests/fuzz/bpfsim.c.
 *
 * The resulting program is a tree of syscall-number compares with argument
 * compares below some leaves; calls that the policy can only allow never
 * reach a TRACE. */
#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include <jtrace/util.h>
#include "policy-priv.h"

#define DNF_MAX	       128
#define UNKNOWN_NR_MAX 512
/* Conjunctions built while expanding the whole policy, and comparisons
 * handed to libseccomp for one call and for the whole filter.  Past these
 * the calls left stop unconditionally: libseccomp's time grows faster than
 * the number of comparisons it merges into one call's tree (a policy of a
 * hundred bytes kept `--filter=net` compiling for seconds), the expansion
 * itself is a product, and the program must stay within BPF_MAXINSNS: a
 * 64-bit MASKED_EQ is at most 6 instructions, 512 of them about 3,000,
 * which leaves room for the syscall-number tree.  (The shipped policies
 * use fewer than 100.)  So compiling costs at most a fixed amount of work
 * plus one pass over the rules per call. */
#define WORK_MAX      (1u << 18)
#define CALL_LITS_MAX 128
#define LITS_MAX      512

struct budget {
	size_t work; /* conjunctions the expansion may still build */
	size_t lits; /* comparisons libseccomp may still take */
};

struct lit {
	unsigned arg;
	enum scmp_compare op;
	uint64_t a, b; /* datum_a, datum_b as libseccomp takes them */
};

struct conj {
	unsigned n;
	struct lit l[SYSCALL_MAX_ARGS];
};

struct dnf {
	size_t n;
	bool overflow; /* too many terms, or a comparison we cannot express */
	struct conj c[DNF_MAX];
};

static void dnf_true(struct dnf *d)
{
	d->n = 1;
	d->c[0].n = 0;
}

/* Add @c unless it is there already: ANDing two expansions on one argument
 * drops the second comparison, which makes many equal conjunctions. */
static void dnf_push(struct budget *bg, struct dnf *d, const struct conj *c)
{
	if (bg->work == 0) {
		d->overflow = true;
		return;
	}
	bg->work--;
	for (size_t i = 0; i < d->n; i++)
		if (d->c[i].n == c->n && memcmp(d->c[i].l, c->l, c->n * sizeof(c->l[0])) == 0)
			return;
	if (d->n == DNF_MAX) {
		d->overflow = true;
		return;
	}
	d->c[d->n++] = *c;
}

static void lit_dnf(struct budget *bg, struct dnf *d, unsigned arg, enum scmp_compare op,
		    uint64_t a, uint64_t b)
{
	struct conj c = {.n = 1, .l = {{.arg = arg, .op = op, .a = a, .b = b}}};

	dnf_push(bg, d, &c);
}

static enum cond_op negate_op(enum cond_op op)
{
	switch (op) {
	case OP_EQ:
		return OP_NE;
	case OP_NE:
		return OP_EQ;
	case OP_LT:
		return OP_GE;
	case OP_LE:
		return OP_GT;
	case OP_GT:
		return OP_LE;
	case OP_GE:
		return OP_LT;
	default:
		return op;
	}
}

/* The bits of @w-bit values at and above bit @b. */
static uint64_t bits_from(unsigned b, uint64_t wmask)
{
	return b >= 64 ? 0 : (~0ull << b) & wmask;
}

/* x < c or x >= c (unsigned, on the low @wmask bits, after flipping @flip
 * in both, which turns a signed order into the unsigned one), as masked
 * equalities only:
 *   x < c   iff for some bit b set in c, x agrees with c above b and has b
 *            clear: MASKED_EQ(bits >= b, c's bits above b);
 *   x >= c  iff x == c, or for some bit b clear in c, x agrees with c above
 *            b and has b set.
 * libseccomp 2.5.4 splits a 64-bit LT/LE/GT/GE into separate compares of
 * the high and low words and, when several such rules share a syscall,
 * merges them into a tree that decides some values wrongly (issue 19 item
 * 17: two `length <` rules let a 512 MiB mmap through).  Masked equality
 * has no such split: each word is masked and compared for equality. */
static void order_dnf(struct budget *bg, struct dnf *d, unsigned arg, bool ge, uint64_t c,
		      uint64_t wmask, uint64_t flip)
{
	unsigned width = (unsigned)__builtin_popcountll(wmask);

	if (ge)
		lit_dnf(bg, d, arg, SCMP_CMP_MASKED_EQ, wmask, c ^ flip);
	for (unsigned b = 0; b < width && !d->overflow; b++) {
		uint64_t m = bits_from(b, wmask), bit = 1ull << b;

		if (((c & bit) != 0) == ge)
			continue;
		lit_dnf(bg, d, arg, SCMP_CMP_MASKED_EQ, m,
			((c & bits_from(b + 1, wmask)) | (ge ? bit : 0)) ^ (flip & m));
	}
}

static void atom_dnf(struct budget *bg, const struct policy_cond *c, bool neg,
		     const struct syscall_sig *sig, struct dnf *d)
{
	int argi = policy_cond_arg_index(c, sig);
	bool is32 = policy_arg_is_32bit(sig, argi);
	uint64_t wmask = syscalls_arg_mask(sig, argi); /* umode_t: 16 bits */
	uint64_t flip = is32 && policy_arg_is_signed(sig, argi) ? 0x80000000u : 0;
	uint64_t v = c->value & wmask, cv = 0;
	enum cond_op op = neg ? negate_op(c->op) : c->op;

	d->n = 0;
	if (argi < 0) {
		/* The atom is false for this call. */
		if (neg)
			dnf_true(d);
		return;
	}
	if (c->kind == COND_MASK) {
		if (v == 0) {
			if (neg)
				dnf_true(d);
			return;
		}
		if (neg) {
			lit_dnf(bg, d, (unsigned)argi, SCMP_CMP_MASKED_EQ, v, 0);
			return;
		}
		for (unsigned bit = 0; bit < 64; bit++)
			if (v & (1ull << bit))
				lit_dnf(bg, d, (unsigned)argi, SCMP_CMP_MASKED_EQ, 1ull << bit,
					1ull << bit);
		return;
	}
	/* Orders are decided on cv = v ^ flip, unsigned, within wmask. */
	cv = v ^ flip;
	switch (op) {
	case OP_EQ:
		lit_dnf(bg, d, (unsigned)argi, SCMP_CMP_MASKED_EQ, wmask, v);
		return;
	case OP_NE:
		/* Some bit of the width differs: one MASKED_EQ per bit.
		 * libseccomp's own NE, merged with other rules of the call,
		 * can keep seccomp_rule_add_array() busy for minutes. */
		for (unsigned b = 0; b < (unsigned)__builtin_popcountll(wmask); b++)
			lit_dnf(bg, d, (unsigned)argi, SCMP_CMP_MASKED_EQ, 1ull << b,
				~v & (1ull << b));
		return;
	case OP_LT:
		if (cv != 0)
			order_dnf(bg, d, (unsigned)argi, false, cv, wmask, flip);
		return;
	case OP_LE:
		if (cv == wmask)
			dnf_true(d);
		else
			order_dnf(bg, d, (unsigned)argi, false, cv + 1, wmask, flip);
		return;
	case OP_GT:
		if (cv != wmask)
			order_dnf(bg, d, (unsigned)argi, true, cv + 1, wmask, flip);
		return;
	case OP_GE:
		if (cv == 0)
			dnf_true(d);
		else
			order_dnf(bg, d, (unsigned)argi, true, cv, wmask, flip);
		return;
	default:
		dnf_true(d);
		return;
	}
}

/* @d = @a AND @b (cross product). */
static void dnf_and(struct budget *bg, struct dnf *d, const struct dnf *a, const struct dnf *b)
{
	d->n = 0;
	d->overflow = a->overflow || b->overflow;
	for (size_t i = 0; i < a->n && !d->overflow; i++) {
		for (size_t j = 0; j < b->n && !d->overflow; j++) {
			struct conj c = a->c[i];

			for (unsigned k = 0; k < b->c[j].n; k++) {
				const struct lit *l = &b->c[j].l[k];
				bool dup = false;

				for (unsigned m = 0; m < c.n; m++)
					dup |= c.l[m].arg == l->arg;
				if (!dup) /* a dropped comparison only widens */
					c.l[c.n++] = *l;
			}
			dnf_push(bg, d, &c);
		}
	}
}

static void dnf_or(struct budget *bg, struct dnf *d, const struct dnf *b)
{
	d->overflow |= b->overflow;
	for (size_t j = 0; j < b->n && !d->overflow; j++)
		dnf_push(bg, d, &b->c[j]);
}

/* The DNF of @c (negated when @neg) for @sig; heap-allocated (a struct dnf
 * is a few KiB and the recursion is as deep as the condition). */
static struct dnf *cond_dnf(struct budget *bg, const struct policy_cond *c, bool neg,
			    const struct syscall_sig *sig)
{
	struct dnf *d = calloc(1, sizeof(*d));
	cleanup_free struct dnf *l = NULL;
	cleanup_free struct dnf *r = NULL;
	bool conj = false;

	if (!d)
		return NULL;
	switch (c->kind) {
	case COND_NOT:
		free(d);
		return cond_dnf(bg, c->l, !neg, sig);
	case COND_AND:
	case COND_OR:
		l = cond_dnf(bg, c->l, neg, sig);
		r = cond_dnf(bg, c->r, neg, sig);
		if (!l || !r) {
			free(d);
			return NULL;
		}
		conj = (c->kind == COND_AND) != neg;
		if (conj) {
			dnf_and(bg, d, l, r);
		} else {
			*d = *l;
			dnf_or(bg, d, r);
		}
		return d;
	case COND_CMP:
	case COND_MASK:
		atom_dnf(bg, c, neg, sig, d);
		return d;
	default:
		/* Memory, either polarity: assume it holds. */
		dnf_true(d);
		return d;
	}
}

static int add_rule(scmp_filter_ctx ctx, uint32_t action, long nr, const struct conj *c)
{
	struct scmp_arg_cmp cmps[SYSCALL_MAX_ARGS];
	int r = 0;

	for (unsigned i = 0; c && i < c->n; i++)
		cmps[i] = (struct scmp_arg_cmp){
			.arg = c->l[i].arg,
			.op = c->l[i].op,
			.datum_a = c->l[i].a,
			.datum_b = c->l[i].b,
		};
	r = seccomp_rule_add_array(ctx, action, (int)nr, c ? c->n : 0, cmps);
	return r == -EEXIST ? 0 : r;
}

/* Whether libseccomp 2.5.4 compiles @d as the OR it is.  It merges a
 * call's rules into a tree of word compares (high word, then low word, of
 * each argument) where the nodes of one level are tried in turn, but a
 * node whose compare holds and whose subtree then fails ends the walk: the
 * later nodes of its level are not tried.  That is an OR only when the
 * nodes of a level exclude each other or are leaves.  Two shapes
 * guarantee it, and only they are handed over:
 *   - one conjunction: a chain, no level has two nodes;
 *   - one comparison per conjunction, all on one argument with one mask
 *     on the high word: their high-word nodes are equal (merged) or
 *     compare different values under the same mask (exclusive), and the
 *     low-word nodes below are leaves.
 * Anything else (found by fuzz-prefilter: 'fd <= 0x10000000' or
 * 'arg1 <= 0x7fffffff or arg2 < 0x80000000 and arg1 == 0x7fffffff' let
 * calls through) stops unconditionally. */
static bool tree_safe(const struct dnf *d)
{
	if (d->n <= 1)
		return true;
	for (size_t i = 0; i < d->n; i++) {
		const struct lit *l = &d->c[i].l[0], *f = &d->c[0].l[0];

		if (d->c[i].n != 1 || l->op != SCMP_CMP_MASKED_EQ || l->arg != f->arg ||
		    l->a >> 32 != f->a >> 32)
			return false;
	}
	return true;
}

/* Whether some rule or the default may give a non-allow verdict for call
 * @idx: the rules up to the first unconditional allow. */
static bool may_refuse(const struct policy *p, size_t idx)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct policy_rule *rule = &p->rules[i];

		if (!syscall_set_has(&rule->targets, idx))
			continue;
		if (rule->action != POLICY_ALLOW)
			return true;
		if (!rule->cond)
			return false;
	}
	return p->default_action != POLICY_ALLOW;
}

/* The pre-filter rules for syscall @idx (number @nr).  @guard is what the
 * arguments must satisfy to get past the conditional allow rules seen so
 * far (the AND of their negations); a non-allow rule can only decide when
 * its own condition and the guard hold. */
static int compile_one(struct budget *bg, const struct policy *p, scmp_filter_ctx ctx, size_t idx,
		       long nr, uint32_t action)
{
	const struct syscall_sig *sig = &syscall_table[idx];
	cleanup_free struct dnf *all = NULL;
	cleanup_free struct dnf *guard = NULL;
	cleanup_free struct dnf *tmp = NULL;
	bool always = false, ended = false;
	size_t lits = 0;
	int r = 0;

	if (!may_refuse(p, idx))
		return 0;
	if (bg->work == 0 || bg->lits == 0)
		return add_rule(ctx, action, nr, NULL);
	all = calloc(1, sizeof(*all));
	guard = calloc(1, sizeof(*guard));
	tmp = calloc(1, sizeof(*tmp));
	if (!all || !guard || !tmp)
		return -ENOMEM;
	dnf_true(guard);
	for (size_t i = 0; i < p->n_rules && !ended && !all->overflow; i++) {
		const struct policy_rule *rule = &p->rules[i];
		cleanup_free struct dnf *d = NULL;

		if (!syscall_set_has(&rule->targets, idx))
			continue;
		if (rule->action == POLICY_ALLOW) {
			if (!rule->cond) {
				ended = true;
				continue;
			}
			d = cond_dnf(bg, rule->cond, true, sig);
			if (!d)
				return -ENOMEM;
			dnf_and(bg, tmp, guard, d);
			if (tmp->overflow)
				dnf_true(guard); /* forgetting the allow only widens */
			else
				*guard = *tmp;
			continue;
		}
		if (!rule->cond) {
			/* Decides whenever the guard holds: the walk ends here. */
			dnf_or(bg, all, guard);
			ended = true;
			break;
		}
		d = cond_dnf(bg, rule->cond, false, sig);
		if (!d)
			return -ENOMEM;
		dnf_and(bg, tmp, d, guard);
		dnf_or(bg, all, tmp);
	}
	if (!ended && p->default_action != POLICY_ALLOW)
		dnf_or(bg, all, guard);
	always = all->overflow;
	for (size_t i = 0; i < all->n && !always; i++) {
		always = all->c[i].n == 0;
		lits += all->c[i].n;
	}
	if (always || lits > CALL_LITS_MAX || lits > bg->lits || !tree_safe(all))
		return add_rule(ctx, action, nr, NULL);
	bg->lits -= lits;
	for (size_t i = 0; i < all->n; i++) {
		r = add_rule(ctx, action, nr, &all->c[i]);
		if (r < 0)
			/* Whatever libseccomp refused, stopping the call always is
			 * correct. */
			return add_rule(ctx, action, nr, NULL);
	}
	return 0;
}

int policy_compile(const struct policy *p, void *ctx, const struct syscall_set *selected,
		   uint16_t trace_data)
{
	uint32_t native = syscalls_native_arch();
	uint32_t action = SCMP_ACT_TRACE(trace_data);
	struct budget bg = {.work = WORK_MAX, .lits = LITS_MAX};
	int r = syscalls_init();

	if (r < 0)
		return r;
	for (size_t i = 0; i < syscall_table_len; i++) {
		long nr = 0;

		if (selected && syscall_set_has(selected, i))
			continue;
		nr = syscalls_nr(i, native);
		if (nr < 0)
			continue;
		r = compile_one(&bg, p, ctx, i, nr, action);
		if (r < 0)
			return r;
	}
	if (p->default_action == POLICY_ALLOW)
		return 0;
	/* Calls the table does not know (newer kernels) get the default too. */
	for (long nr = 0; nr < UNKNOWN_NR_MAX; nr++) {
		if (syscalls_by_nr(native, nr))
			continue;
		r = add_rule(ctx, action, nr, NULL);
		if (r < 0)
			return r;
	}
	return 0;
}
