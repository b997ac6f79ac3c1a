/* allowlist/model: the allowlist model (sorted syscall names with optional
 * argument tuples, arches, sources), its union and comparison, and turning
 * decoded log arguments back into raw values. */
#include <jtrace/allowlist.h>
#include <jtrace/syscalls.h>
#include <jtrace/util.h>
#include <jtrace/xlat.h>

#include <limits.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <string.h>

const struct allowlist_arch allowlist_arches[] = {
	{"x86_64", AUDIT_ARCH_X86_64, "SCMP_ARCH_X86_64", "x86-64"},
	{"i386", AUDIT_ARCH_I386, "SCMP_ARCH_X86", "x86"},
	{"x32", SCMP_ARCH_X32, "SCMP_ARCH_X32", "x32"},
	{"aarch64", AUDIT_ARCH_AARCH64, "SCMP_ARCH_AARCH64", "arm64"},
};
const size_t allowlist_arches_len = JT_ARRAY_SIZE(allowlist_arches);

/* Why each is here: jtrace-policy(1), "ALWAYS ALLOWED". */
const char *const allowlist_always[] = {
	"clock_getres", "clock_gettime",   "exit",	   "exit_group", "getcpu",
	"gettimeofday", "restart_syscall", "rt_sigreturn", "time",	 NULL,
};

int allowlist_arch_by_name(const char *name)
{
	for (size_t i = 0; i < allowlist_arches_len; i++)
		if (strcmp(allowlist_arches[i].name, name) == 0)
			return (int)i;
	return -1;
}

void allowlist_init(struct allowlist *a)
{
	memset(a, 0, sizeof(*a));
	a->def = ALLOWLIST_DEFAULT_ERRNO;
}

static void allowlist_call_clear_tuples(struct allowlist_call *c)
{
	free(c->tuples);
	c->tuples = NULL;
	c->n_tuples = c->cap_tuples = 0;
}

void allowlist_free(struct allowlist *a)
{
	for (size_t i = 0; i < a->n_calls; i++) {
		free(a->calls[i].name);
		allowlist_call_clear_tuples(&a->calls[i]);
	}
	free(a->calls);
	for (size_t i = 0; i < a->n_sources; i++)
		free(a->sources[i]);
	free(a->sources);
	memset(a, 0, sizeof(*a));
}

/* Index of @name, or where it would go (*ret_found false). */
static size_t allowlist_search(const struct allowlist *a, const char *name, bool *ret_found)
{
	size_t lo = 0, hi = a->n_calls;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(a->calls[mid].name, name);

		if (c == 0) {
			*ret_found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*ret_found = false;
	return lo;
}

const struct allowlist_call *allowlist_find(const struct allowlist *a, const char *name)
{
	bool found = false;
	size_t i = allowlist_search(a, name, &found);

	return found ? &a->calls[i] : NULL;
}

/* The entry for @name, created (with no permission yet) if missing. */
static struct allowlist_call *allowlist_get(struct allowlist *a, const char *name)
{
	bool found = false;
	size_t i = allowlist_search(a, name, &found);
	cleanup_free char *copy = NULL;

	if (found)
		return &a->calls[i];
	copy = strdup(name);
	if (!copy)
		return NULL;
	if (a->n_calls == a->cap_calls) {
		size_t cap = a->cap_calls ? 2 * a->cap_calls : 64;
		struct allowlist_call *n = realloc(a->calls, cap * sizeof(*n));

		if (!n)
			return NULL;
		a->calls = n;
		a->cap_calls = cap;
	}
	memmove(&a->calls[i + 1], &a->calls[i], (a->n_calls - i) * sizeof(a->calls[0]));
	a->n_calls++;
	a->calls[i] = (struct allowlist_call){.name = steal_pointer(&copy)};
	return &a->calls[i];
}

int allowlist_add_any(struct allowlist *a, const char *name)
{
	struct allowlist_call *c = allowlist_get(a, name);

	if (!c)
		return -ENOMEM;
	c->any = true;
	allowlist_call_clear_tuples(c);
	return 0;
}

static int allowlist_cond_cmp(const struct allowlist_cond *x, const struct allowlist_cond *y)
{
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	if (x->op != y->op)
		return x->op < y->op ? -1 : 1;
	if (x->mask != y->mask)
		return x->mask < y->mask ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return 0;
}

static int allowlist_tuple_cmp(const struct allowlist_tuple *x, const struct allowlist_tuple *y)
{
	for (unsigned i = 0; i < x->n && i < y->n; i++) {
		int c = allowlist_cond_cmp(&x->c[i], &y->c[i]);

		if (c)
			return c;
	}
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return 0;
}

int allowlist_add_tuple(struct allowlist *a, const char *name, const struct allowlist_tuple *t)
{
	struct allowlist_call *c = allowlist_get(a, name);
	size_t lo = 0, hi = 0;

	if (!c)
		return -ENOMEM;
	if (c->any)
		return 0;
	hi = c->n_tuples;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = allowlist_tuple_cmp(&c->tuples[mid], t);

		if (r == 0)
			return 0;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (c->n_tuples == c->cap_tuples) {
		size_t cap = c->cap_tuples ? 2 * c->cap_tuples : 4;
		struct allowlist_tuple *n = realloc(c->tuples, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		c->tuples = n;
		c->cap_tuples = cap;
	}
	memmove(&c->tuples[lo + 1], &c->tuples[lo], (c->n_tuples - lo) * sizeof(*t));
	c->tuples[lo] = *t;
	/* Unused slots zeroed, so that tuples compare and print the same
	 * however they were built. */
	for (unsigned k = t->n; k < ALLOWLIST_MAX_CONDS; k++)
		c->tuples[lo].c[k] = (struct allowlist_cond){0};
	c->n_tuples++;
	return 0;
}

int allowlist_add_source(struct allowlist *a, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t i = 0;
	char **n = NULL;
	char *copy = NULL;

	base = base ? base + 1 : path;
	for (i = 0; i < a->n_sources; i++) {
		int c = strcmp(a->sources[i], base);

		if (c == 0)
			return 0;
		if (c > 0)
			break;
	}
	n = realloc(a->sources, (a->n_sources + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	a->sources = n;
	copy = strdup(base);
	if (!copy)
		return -ENOMEM;
	memmove(&a->sources[i + 1], &a->sources[i], (a->n_sources - i) * sizeof(*n));
	a->sources[i] = copy;
	a->n_sources++;
	return 0;
}

int allowlist_union(struct allowlist *a, const struct allowlist *b)
{
	int r = 0;

	a->arches |= b->arches;
	for (size_t i = 0; i < b->n_calls; i++) {
		const struct allowlist_call *c = &b->calls[i];

		if (c->any) {
			r = allowlist_add_any(a, c->name);
			if (r < 0)
				return r;
			continue;
		}
		for (size_t k = 0; k < c->n_tuples; k++) {
			r = allowlist_add_tuple(a, c->name, &c->tuples[k]);
			if (r < 0)
				return r;
		}
	}
	for (size_t i = 0; i < b->n_sources; i++) {
		r = allowlist_add_source(a, b->sources[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

bool allowlist_equal(const struct allowlist *a, const struct allowlist *b)
{
	if (a->arches != b->arches || a->n_calls != b->n_calls)
		return false;
	for (size_t i = 0; i < a->n_calls; i++) {
		const struct allowlist_call *x = &a->calls[i], *y = &b->calls[i];

		if (strcmp(x->name, y->name) != 0 || x->any != y->any || x->n_tuples != y->n_tuples)
			return false;
		for (size_t k = 0; k < x->n_tuples; k++)
			if (allowlist_tuple_cmp(&x->tuples[k], &y->tuples[k]) != 0)
				return false;
	}
	return true;
}

static bool allowlist_tuple_matches(const struct allowlist_tuple *t, const uint64_t *args)
{
	for (unsigned i = 0; i < t->n; i++) {
		const struct allowlist_cond *c = &t->c[i];
		uint64_t v = args[c->index];

		if (c->op == ALLOWLIST_MASKED_EQ)
			v &= c->mask;
		if (v != c->value)
			return false;
	}
	return true;
}

bool allowlist_allows(const struct allowlist *a, const char *name, const uint64_t *args)
{
	const struct allowlist_call *c = allowlist_find(a, name);

	if (!c)
		return false;
	if (c->any)
		return true;
	if (!args)
		return false;
	for (size_t k = 0; k < c->n_tuples; k++)
		if (allowlist_tuple_matches(&c->tuples[k], args))
			return true;
	return false;
}

/* One symbolic name or number: "AF_INET", "0x10", "42". */
static int allowlist_word_value(const char *s, size_t len, uint64_t *ret)
{
	char buf[128];
	long l = 0;

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (jt_parse_u64(buf, ret) == 0)
		return 0;
	if (jt_parse_long(buf, LONG_MIN, LONG_MAX, &l) == 0) {
		*ret = (uint64_t)l;
		return 0;
	}
	return xlat_lookup_any(buf, ret) == 0 ? 0 : -EINVAL;
}

int allowlist_json_value(json_object *v, uint64_t *ret)
{
	json_object *raw = NULL;
	const char *s = NULL;
	uint64_t acc = 0;

	switch (json_object_get_type(v)) {
	case json_type_int:
		*ret = (uint64_t)json_object_get_int64(v);
		if (json_object_get_int64(v) == INT64_MAX)
			*ret = json_object_get_uint64(v);
		return 0;
	case json_type_boolean:
		*ret = json_object_get_boolean(v) ? 1 : 0;
		return 0;
	case json_type_null:
		*ret = 0;
		return 0;
	case json_type_object:
		if (json_object_object_get_ex(v, "raw", &raw))
			return allowlist_json_value(raw, ret);
		return -EINVAL;
	case json_type_string:
		/* "SOCK_STREAM|SOCK_CLOEXEC": OR of the parts. */
		s = json_object_get_string(v);
		while (*s) {
			const char *bar = strchr(s, '|');
			size_t len = bar ? (size_t)(bar - s) : strlen(s);
			uint64_t part = 0;

			if (allowlist_word_value(s, len, &part) < 0)
				return -EINVAL;
			acc |= part;
			s += len;
			if (*s == '|')
				s++;
		}
		*ret = acc;
		return 0;
	case json_type_double:
	case json_type_array:
	default:
		return -EINVAL;
	}
}

void allowlist_record_args(json_object *rec, uint64_t args[6], unsigned *ret_known)
{
	const char *name = logread_str(rec, "name");
	const struct syscall_sig *sig = name ? syscalls_by_name(name) : NULL;
	json_object *obj = NULL;

	*ret_known = 0;
	memset(args, 0, 6 * sizeof(args[0]));
	if (!sig || !json_object_object_get_ex(rec, "args", &obj) ||
	    !json_object_is_type(obj, json_type_object))
		return;
	for (unsigned i = 0; i < sig->nargs && i < 6; i++) {
		json_object *v = NULL;

		if (!json_object_object_get_ex(obj, sig->args[i].name, &v))
			continue;
		if (allowlist_json_value(v, &args[i]) == 0)
			*ret_known |= 1u << i;
	}
}

bool allowlist_arg_is_32bit(const char *syscall, unsigned index)
{
	const struct syscall_sig *sig = syscalls_by_name(syscall);

	return syscalls_arg_is_32bit(sig, (int)index);
}
