/* allowlist/diff: every call in logs that an allowlist would not allow,
 * grouped by (process, program, call, arch, reason) with a count, in the
 * order of first appearance.  The CI check that a job did nothing new. */
#include <jtrace/allowlist.h>
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
	char log[256];
	unsigned line; /* first occurrence */
};

struct diff_ctx {
	const struct allowlist *allow;
	const char *path;
	struct diff_hit *hits;
	size_t n, cap;
};

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

	allowlist_record_args(rec, args, &known);
	if (arch_ok && allowlist_allows(d->allow, name, args))
		return 0;
	logread_i64(rec, "pid", &pid);
	key.pid = pid;
	snprintf(key.comm, sizeof(key.comm), "%s", comm ? comm : "?");
	snprintf(key.name, sizeof(key.name), "%s", name);
	snprintf(key.arch, sizeof(key.arch), "%s", arch ? arch : "?");
	key.args = arch_ok && name_ok;
	for (size_t i = 0; i < d->n; i++) {
		struct diff_hit *h = &d->hits[i];

		if (h->pid == key.pid && strcmp(h->comm, key.comm) == 0 &&
		    strcmp(h->name, key.name) == 0 && strcmp(h->arch, key.arch) == 0 &&
		    h->args == key.args && strcmp(h->log, d->path) == 0) {
			h->count++;
			return 0;
		}
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
	snprintf(key.log, sizeof(key.log), "%s", d->path);
	d->hits[d->n++] = key;
	return 0;
}

int allowlist_diff(const struct allowlist *allow, char *const *logs, size_t n_logs, FILE *out,
		   struct logread_error *err)
{
	struct diff_ctx d = {.allow = allow};
	int r = 0;

	for (size_t i = 0; i < n_logs; i++) {
		d.path = logs[i];
		r = allowlist_program_calls(logs[i], false, diff_record, &d, NULL, err);
		if (r < 0) {
			free(d.hits);
			return r;
		}
	}
	for (size_t i = 0; i < d.n; i++) {
		const struct diff_hit *h = &d.hits[i];

		fprintf(out, "%s:%u: %s%s pid=%" PRId64 " comm=%s arch=%s count=%" PRIu64 "\n",
			h->log, h->line, h->name, h->args ? " (arguments not allowed)" : "", h->pid,
			h->comm, h->arch, h->count);
	}
	free(d.hits);
	return (int)(d.n > INT32_MAX ? INT32_MAX : d.n);
}
