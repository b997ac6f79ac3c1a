/* summary: the strace -c table (see summary.h). */
#include <jtrace/emit.h>
#include <jtrace/summary.h>
#include <jtrace/util.h>

#include <string.h>

void summary_init(struct summary *s)
{
	memset(s, 0, sizeof(*s));
}

void summary_free(struct summary *s)
{
	for (size_t i = 0; i < s->len; i++)
		free(s->rows[i].name);
	free(s->rows);
	free(s->index);
	memset(s, 0, sizeof(*s));
}

/* FNV-1a: names are short; the table keeps at most half its slots used. */
static size_t summary_hash(const char *name)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	return (size_t)(h ^ (h >> 32));
}

static int summary_reindex(struct summary *s, size_t cap)
{
	size_t *idx = calloc(cap, sizeof(*idx));

	if (!idx)
		return -ENOMEM;
	for (size_t i = 0; i < s->len; i++) {
		size_t h = summary_hash(s->rows[i].name) & (cap - 1);

		while (idx[h])
			h = (h + 1) & (cap - 1);
		idx[h] = i + 1;
	}
	free(s->index);
	s->index = idx;
	s->index_cap = cap;
	return 0;
}

static uint64_t summary_sat_add(uint64_t a, uint64_t b)
{
	if (b > SUMMARY_MAX_NS)
		b = SUMMARY_MAX_NS;
	return a > SUMMARY_MAX_NS - b ? SUMMARY_MAX_NS : a + b;
}

int summary_add(struct summary *s, const char *name, uint64_t dur_ns, bool failed)
{
	struct summary_row *row = NULL;
	size_t h = 0;

	if ((s->len + 1) * 2 > s->index_cap &&
	    summary_reindex(s, s->index_cap ? 2 * s->index_cap : 128) < 0)
		return -ENOMEM;
	h = summary_hash(name) & (s->index_cap - 1);
	while (s->index[h] && strcmp(s->rows[s->index[h] - 1].name, name) != 0)
		h = (h + 1) & (s->index_cap - 1);
	if (s->index[h]) {
		row = &s->rows[s->index[h] - 1];
	} else {
		char *copy = strdup(name);

		if (!copy)
			return -ENOMEM;
		if (s->len == s->cap) {
			size_t cap = s->cap ? 2 * s->cap : 64;
			struct summary_row *nr = realloc(s->rows, cap * sizeof(*nr));

			if (!nr) {
				free(copy);
				return -ENOMEM;
			}
			s->rows = nr;
			s->cap = cap;
		}
		row = &s->rows[s->len++];
		memset(row, 0, sizeof(*row));
		row->name = copy;
		s->index[h] = s->len;
	}
	row->calls++;
	row->total_ns = summary_sat_add(row->total_ns, dur_ns);
	if (failed)
		row->errors++;
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct summary_row *x = a, *y = b;

	if (x->total_ns != y->total_ns)
		return x->total_ns > y->total_ns ? -1 : 1;
	if (x->calls != y->calls)
		return x->calls > y->calls ? -1 : 1;
	return strcmp(x->name, y->name);
}

static struct summary_row *sorted_copy(const struct summary *s)
{
	struct summary_row *rows = malloc((s->len ? s->len : 1) * sizeof(*rows));

	if (!rows)
		return NULL;
	if (s->len)
		memcpy(rows, s->rows, s->len * sizeof(*rows));
	qsort(rows, s->len, sizeof(*rows), by_time);
	return rows;
}

void summary_print(const struct summary *s, FILE *f)
{
	cleanup_free struct summary_row *rows = sorted_copy(s);
	uint64_t total_ns = 0, calls = 0, errors = 0;
	const char *rule = "------ ----------- ----------- --------- --------- ----------------\n";

	if (!rows)
		return;
	for (size_t i = 0; i < s->len; i++) {
		total_ns = summary_sat_add(total_ns, rows[i].total_ns);
		calls += rows[i].calls;
		errors += rows[i].errors;
	}
	fprintf(f, "%% time     seconds  usecs/call     calls    errors syscall\n%s", rule);
	for (size_t i = 0; i < s->len; i++) {
		const struct summary_row *r = &rows[i];
		double pct = total_ns ? 100.0 * (double)r->total_ns / (double)total_ns : 0.0;

		fprintf(f, "%6.2f %11.6f %11llu %9llu ", pct, (double)r->total_ns / 1e9,
			(unsigned long long)(r->calls ? r->total_ns / r->calls / 1000 : 0),
			(unsigned long long)r->calls);
		if (r->errors)
			fprintf(f, "%9llu ", (unsigned long long)r->errors);
		else
			fprintf(f, "%9s ", "");
		/* A name from a log is the program's to choose: no raw
		 * control characters reach the terminal. */
		emit_fputs_escaped(r->name, f);
		fputc('\n', f);
	}
	fprintf(f, "%s%6.2f %11.6f %11llu %9llu ", rule, 100.0, (double)total_ns / 1e9,
		(unsigned long long)(calls ? total_ns / calls / 1000 : 0), (unsigned long long)calls);
	if (errors)
		fprintf(f, "%9llu ", (unsigned long long)errors);
	else
		fprintf(f, "%9s ", "");
	fprintf(f, "total\n");
}

struct jv *summary_to_json(const struct summary *s)
{
	cleanup_free struct summary_row *rows = sorted_copy(s);
	struct jv *obj = jv_object();
	struct jv *arr = jv_array();
	struct jv *tot = jv_object();
	uint64_t total_ns = 0, calls = 0, errors = 0;

	for (size_t i = 0; rows && i < s->len; i++) {
		struct jv *r = jv_object();

		jv_add(r, "name", jv_str(rows[i].name));
		jv_add(r, "calls", jv_int((int64_t)rows[i].calls));
		jv_add(r, "errors", jv_int((int64_t)rows[i].errors));
		jv_add(r, "total_ns", jv_int((int64_t)rows[i].total_ns));
		jv_push(arr, r);
		total_ns = summary_sat_add(total_ns, rows[i].total_ns);
		calls += rows[i].calls;
		errors += rows[i].errors;
	}
	jv_add(obj, "syscalls", arr);
	jv_add(tot, "calls", jv_int((int64_t)calls));
	jv_add(tot, "errors", jv_int((int64_t)errors));
	jv_add(tot, "total_ns", jv_int((int64_t)total_ns));
	jv_add(obj, "total", tot);
	return obj;
}
