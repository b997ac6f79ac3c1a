/* allowlist/diff: every call in logs that an allowlist would not allow,
 * grouped by (process, program, call, arch, reason) with a count, in the
 * order of first appearance.  The CI check that a job did nothing new. */
#include <jtrace/allowlist.h>
#include <jtrace/emit.h>
#include <jtrace/util.h>

#include <inttypes.h>
#include <string.h>

struct diff_hit {
	int64_t pid;
	char comm[32];
	char name[64];
	char arch[16];
	bool args; /* the name is allowed, these arguments are not */
	uint64_t count;
	size_t log;    /* index in the logs given */
	unsigned line; /* first occurrence */
};

/* Hits in order of first appearance, found through a hash index: the
 * names in a log are the program's to choose, so the lookup must not be
 * linear in how many it made up. */
struct diff_ctx {
	const struct allowlist *allow;
	const char *path;
	size_t log;
	struct diff_hit *hits;
	size_t n, cap;
	size_t *index; /* open addressing: hit + 1, 0 free */
	size_t index_cap;
};

static uint64_t diff_fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

static size_t diff_hash(const struct diff_hit *k)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = diff_fnv(h, &k->pid, sizeof(k->pid));
	h = diff_fnv(h, k->comm, strlen(k->comm) + 1);
	h = diff_fnv(h, k->name, strlen(k->name) + 1);
	h = diff_fnv(h, k->arch, strlen(k->arch) + 1);
	h = diff_fnv(h, &k->args, sizeof(k->args));
	h = diff_fnv(h, &k->log, sizeof(k->log));
	return (size_t)(h ^ (h >> 29));
}

static bool diff_same(const struct diff_hit *a, const struct diff_hit *b)
{
	return a->pid == b->pid && a->args == b->args && a->log == b->log &&
	       strcmp(a->comm, b->comm) == 0 && strcmp(a->name, b->name) == 0 &&
	       strcmp(a->arch, b->arch) == 0;
}

static int diff_reindex(struct diff_ctx *d, size_t cap)
{
	size_t *idx = calloc(cap, sizeof(*idx));

	if (!idx)
		return -ENOMEM;
	for (size_t i = 0; i < d->n; i++) {
		size_t h = diff_hash(&d->hits[i]) & (cap - 1);

		while (idx[h])
			h = (h + 1) & (cap - 1);
		idx[h] = i + 1;
	}
	free(d->index);
	d->index = idx;
	d->index_cap = cap;
	return 0;
}

static int diff_record(json_object *rec, unsigned line, void *userdata, struct logread_error *err)
{
	struct diff_ctx *d = userdata;
	const char *name = logread_str(rec, "name");
	const char *comm = logread_str(rec, "comm");
	const char *arch = logread_str(rec, "arch");
	int ai = arch ? allowlist_arch_by_name(arch) : -1;
	uint64_t args[6];
	unsigned known = 0;
	int64_t pid = 0;
	bool arch_ok = ai >= 0 && (d->allow->arches & (1u << ai));
	bool name_ok = allowlist_find(d->allow, name) != NULL;
	struct diff_hit key = {0};
	size_t h = 0;

	allowlist_record_args(rec, args, &known);
	if (arch_ok && allowlist_allows(d->allow, name, args))
		return 0;
	logread_i64(rec, "pid", &pid);
	key.pid = pid;
	snprintf(key.comm, sizeof(key.comm), "%s", comm ? comm : "?");
	snprintf(key.name, sizeof(key.name), "%s", name);
	snprintf(key.arch, sizeof(key.arch), "%s", arch ? arch : "?");
	key.args = arch_ok && name_ok;
	key.log = d->log;
	if ((d->n + 1) * 2 > d->index_cap &&
	    diff_reindex(d, d->index_cap ? 2 * d->index_cap : 64) < 0)
		return logread_fail(err, "%s: out of memory", d->path);
	h = diff_hash(&key) & (d->index_cap - 1);
	while (d->index[h] && !diff_same(&d->hits[d->index[h] - 1], &key))
		h = (h + 1) & (d->index_cap - 1);
	if (d->index[h]) {
		d->hits[d->index[h] - 1].count++;
		return 0;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct diff_hit *nh = realloc(d->hits, cap * sizeof(*nh));

		if (!nh)
			return logread_fail(err, "%s: out of memory", d->path);
		d->hits = nh;
		d->cap = cap;
	}
	key.count = 1;
	key.line = line;
	d->hits[d->n++] = key;
	d->index[h] = d->n;
	return 0;
}

int allowlist_diff(const struct allowlist *allow, char *const *logs, size_t n_logs,
		   bool accept_shared, FILE *out, struct logread_error *err)
{
	struct diff_ctx d = {.allow = allow};
	int r = 0;

	for (size_t i = 0; i < n_logs; i++) {
		d.path = logs[i];
		d.log = i;
		r = allowlist_program_calls(logs[i], false, accept_shared, diff_record, &d, NULL,
					    err);
		if (r < 0) {
			free(d.hits);
			free(d.index);
			return r;
		}
	}
	for (size_t i = 0; i < d.n; i++) {
		const struct diff_hit *h = &d.hits[i];
		cleanup_free char *log = emit_escape_dup(logs[h->log]);
		cleanup_free char *name = emit_escape_dup(h->name);
		cleanup_free char *comm = emit_escape_dup(h->comm);
		cleanup_free char *arch = emit_escape_dup(h->arch);

		/* Names and comm are the program's: escaped for the terminal. */
		fprintf(out, "%s:%u: %s%s pid=%" PRId64 " comm=%s arch=%s count=%" PRIu64 "\n",
			log ? log : "?", h->line, name ? name : "?",
			h->args ? " (arguments not allowed)" : "", h->pid, comm ? comm : "?",
			arch ? arch : "?", h->count);
	}
	free(d.hits);
	free(d.index);
	return (int)(d.n > INT32_MAX ? INT32_MAX : d.n);
}
