/* classes: resolution of names used in --filter lists and policies ("all",
 * strace-style classes, systemd-style @groups, syscall names) into sets of
 * syscall table entries; "did you mean" suggestions; --list-filters output.
 *
 * The classes and groups themselves are data (src/data/classes.in and
 * src/data/groups.in, generated into class_table and group_table); the
 * generator has already checked that every group member is known and that
 * groups do not form cycles, so expansion here only guards against depth. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jtrace/classes.h>
#include <jtrace/util.h>

/* Deeper than any chain in groups.in; a guard, not a limit anyone meets. */
#define GROUP_DEPTH_MAX 16

static const struct class_info *class_find(const char *name)
{
	for (size_t i = 0; i < class_table_len; i++)
		if (strcmp(class_table[i].name, name) == 0)
			return &class_table[i];
	return NULL;
}

static int cmp_name_group(const void *key, const void *elem)
{
	const struct group_info *g = elem;

	return strcmp(key, g->name);
}

static const struct group_info *group_find(const char *name)
{
	return bsearch(name, group_table, group_table_len, sizeof(group_table[0]), cmp_name_group);
}

static int expand(const char *name, struct syscall_set *set, unsigned depth)
{
	const struct class_info *c;
	long idx;

	if (!name || !*name)
		return -EINVAL;

	if (strcmp(name, "all") == 0) {
		for (size_t i = 0; i < syscall_table_len; i++)
			syscall_set_add(set, i);
		return 0;
	}

	if (name[0] == '@') {
		const struct group_info *g = group_find(name);

		if (!g)
			return -ENOENT;
		if (depth >= GROUP_DEPTH_MAX)
			return -ELOOP;
		for (const char *const *m = g->members; *m; m++) {
			int r = expand(*m, set, depth + 1);

			if (r < 0)
				return r;
		}
		return 0;
	}

	c = class_find(name);
	if (c) {
		for (size_t i = 0; i < syscall_table_len; i++)
			if (syscall_table[i].classes & c->bit)
				syscall_set_add(set, i);
		return 0;
	}

	idx = syscalls_index_by_name(name);
	if (idx < 0)
		return -ENOENT;
	syscall_set_add(set, (size_t)idx);
	return 0;
}

int classes_expand(const char *name, struct syscall_set *set)
{
	return expand(name, set, 0);
}

/* Strip leading and trailing white space in place. */
static char *strip(char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

int classes_parse_filter(const char *list, struct syscall_set *ret_set, char **ret_bad)
{
	cleanup_free char *copy = NULL;
	struct syscall_set set = {{0}};
	char *next;

	if (ret_bad)
		*ret_bad = NULL;
	if (!list)
		return -EINVAL;
	copy = strdup(list);
	if (!copy)
		return -ENOMEM;

	for (char *item = copy; item; item = next) {
		struct syscall_set one = {{0}};
		bool negate = false;
		int r;

		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		item = strip(item);
		if (*item == '!') {
			negate = true;
			item = strip(item + 1);
		}
		if (!*item)
			return -EINVAL;

		r = classes_expand(item, &one);
		if (r == -ENOENT && ret_bad) {
			*ret_bad = strdup(item);
			if (!*ret_bad)
				return -ENOMEM;
		}
		if (r < 0)
			return r;
		for (size_t w = 0; w < SYSCALL_SET_WORDS; w++) {
			if (negate)
				set.bits[w] &= ~one.bits[w];
			else
				set.bits[w] |= one.bits[w];
		}
	}

	*ret_set = set;
	return 0;
}

struct candidate {
	const char *name;
	unsigned score;
};

static int cmp_candidate(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* A candidate is worth suggesting when it is a few edits away (about one in
 * three characters) or starts with what was typed ("sock" -> socket...). */
static void consider(struct candidate *c, size_t *n, const char *name, size_t len, const char *cand)
{
	unsigned limit = len / 3 > 2 ? (unsigned)(len / 3) : 2;
	unsigned d = jt_edit_distance(name, cand);
	bool prefix = len >= 2 && strncmp(cand, name, len) == 0;

	if (d > limit && !prefix)
		return;
	c[*n].name = cand;
	c[*n].score = d > limit ? limit : d;
	(*n)++;
}

size_t classes_suggest(const char *name, const char **out, size_t max)
{
	cleanup_free struct candidate *c = NULL;
	size_t n = 0, len;

	if (!name || !*name || max == 0)
		return 0;
	len = strlen(name);
	c = calloc(1 + class_table_len + group_table_len + syscall_table_len, sizeof(*c));
	if (!c)
		return 0;

	consider(c, &n, name, len, "all");
	for (size_t i = 0; i < class_table_len; i++)
		consider(c, &n, name, len, class_table[i].name);
	for (size_t i = 0; i < group_table_len; i++)
		consider(c, &n, name, len, group_table[i].name);
	for (size_t i = 0; i < syscall_table_len; i++)
		consider(c, &n, name, len, syscall_table[i].name);

	qsort(c, n, sizeof(*c), cmp_candidate);
	if (n > max)
		n = max;
	for (size_t i = 0; i < n; i++)
		out[i] = c[i].name;
	return n;
}

#define PRINT_WIDTH  78
#define PRINT_INDENT "    "

/* Write @words as indented lines no wider than PRINT_WIDTH. */
static void print_wrapped(FILE *f, const char *const *words, size_t n)
{
	size_t col = 0;

	for (size_t i = 0; i < n; i++) {
		size_t w = strlen(words[i]);

		if (col > 0 && col + 1 + w > PRINT_WIDTH) {
			fputc('\n', f);
			col = 0;
		}
		if (col == 0) {
			fputs(PRINT_INDENT, f);
			col = strlen(PRINT_INDENT);
		} else {
			fputc(' ', f);
			col++;
		}
		fputs(words[i], f);
		col += w;
	}
	if (col > 0)
		fputc('\n', f);
}

void classes_print_all(FILE *f)
{
	cleanup_free const char **words = NULL;

	words = calloc(syscall_table_len, sizeof(*words));
	if (!words)
		return;

	fputs("Filter names: \"all\", a class, an @group or a syscall name; \"!NAME\" removes.\n"
	      "\nClasses:\n",
	      f);
	for (size_t i = 0; i < class_table_len; i++) {
		size_t n = 0;

		for (size_t j = 0; j < syscall_table_len; j++)
			if (syscall_table[j].classes & class_table[i].bit)
				words[n++] = syscall_table[j].name;
		fprintf(f, "\n%s - %s\n", class_table[i].name, class_table[i].help);
		print_wrapped(f, words, n);
	}

	fputs("\nGroups:\n", f);
	for (size_t i = 0; i < group_table_len; i++) {
		size_t n = 0;

		while (group_table[i].members[n])
			n++;
		fprintf(f, "\n%s - %s\n", group_table[i].name, group_table[i].help);
		print_wrapped(f, group_table[i].members, n);
	}
}
