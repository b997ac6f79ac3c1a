/* load: policy files -- finding them (path, or a shipped policy's bare name
 * on the search path), reading them with size limits, `include` with cycle
 * and depth checks, the SHA-256 of every source, and the properties computed
 * over the whole rule list once it is complete (restricts_file_or_net).
 *
 * File-level errors (not found, too big, unreadable) carry line 0 and print
 * as "file: message"; everything inside a file is "file:line:col: message". */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jtrace/util.h>

#include "config.h"
#include "policy-priv.h"

struct policy_load_state {
	unsigned flags; /* POLICY_PARSE_* */
	unsigned depth;
	char *stack[POLICY_INCLUDE_MAX + 2]; /* canonical names being loaded */
};

void policy_init(struct policy *p)
{
	*p = (struct policy){.default_action = POLICY_ALLOW};
}

void policy_free(struct policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_rules; i++) {
		policy_cond_free(p->rules[i].cond);
		free(p->rules[i].text);
		for (size_t k = 0; k < p->rules[i].n_named; k++)
			free(p->rules[i].named[k].name);
		free(p->rules[i].named);
	}
	free(p->rules);
	for (size_t i = 0; i < p->n_sources; i++) {
		free(p->sources[i]);
		free(p->hashes[i]);
	}
	free(p->sources);
	free(p->hashes);
	policy_init(p);
}

void policy_error_format(const struct policy_error *err, char *buf, size_t len)
{
	if (err->line == 0)
		snprintf(buf, len, "%s: %s", err->file, err->msg);
	else
		snprintf(buf, len, "%s:%u:%u: %s", err->file, err->line, err->col, err->msg);
}

/* Record a source; returns its stored name (stable for the policy's life). */
static const char *add_source(struct policy *p, const char *name, const char *buf, size_t len)
{
	cleanup_free char *n = strdup(name);
	cleanup_free char *h = malloc(65);
	char **s = NULL, **hs = NULL;

	if (!n || !h)
		return NULL;
	policy_sha256_hex(buf, len, h);
	s = realloc(p->sources, (p->n_sources + 1) * sizeof(*s));
	if (!s)
		return NULL;
	p->sources = s;
	hs = realloc(p->hashes, (p->n_sources + 1) * sizeof(*hs));
	if (!hs)
		return NULL;
	p->hashes = hs;
	p->sources[p->n_sources] = steal_pointer(&n);
	p->hashes[p->n_sources] = steal_pointer(&h);
	return p->sources[p->n_sources++];
}

static void recompute(struct policy *p)
{
	struct syscall_set fn = {{0}};

	for (size_t i = 0; i < syscall_table_len; i++)
		if (syscall_table[i].classes & (CLASS_FILE | CLASS_NET))
			syscall_set_add(&fn, i);
	p->restricts_file_or_net =
		p->default_action == POLICY_ERRNO || p->default_action == POLICY_KILL;
	for (size_t i = 0; i < p->n_rules && !p->restricts_file_or_net; i++) {
		const struct policy_rule *r = &p->rules[i];

		if (r->action != POLICY_ERRNO && r->action != POLICY_KILL)
			continue;
		for (size_t w = 0; w < SYSCALL_SET_WORDS; w++)
			if (r->targets.bits[w] & fn.bits[w])
				p->restricts_file_or_net = true;
	}
}

bool policy_denies_io_uring(const struct policy *p)
{
	long idx = syscalls_index_by_name("io_uring_setup");

	if (!p->restricts_file_or_net)
		return false;
	if (idx < 0)
		return true;
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct policy_rule *r = &p->rules[i];

		if (syscall_set_has(&r->targets, (size_t)idx))
			return !(r->action == POLICY_ALLOW && !r->cond);
	}
	return true;
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A shipped policy by bare name: NAME.policy (or NAME) in each directory of
 * the search path.  0 with *ret set, or -ENOENT. */
static int find_shipped(const char *name, char **ret)
{
	const char *env = getenv("JTRACE_POLICY_PATH");
	cleanup_free char *dirs = NULL;
	char *save = NULL;

	if (!*name || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -ENOENT;
	if (asprintf(&dirs, "%s:%s/policies:%s", env ? env : "", JTRACE_DATADIR,
		     JTRACE_SRC_POLICYDIR) < 0)
		return -ENOMEM;
	for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		char *cand = NULL;

		if (asprintf(&cand, "%s/%s%s", d, name,
			     ends_with(name, ".policy") ? "" : ".policy") < 0)
			return -ENOMEM;
		if (is_file(cand)) {
			*ret = cand;
			return 0;
		}
		free(cand);
	}
	return -ENOENT;
}

static int load_text(struct policy *p, struct policy_load_state *st, const char *path,
		     const char *buf, size_t len, struct policy_error *err)
{
	cleanup_free char *canon = realpath(path, NULL);
	const char *key = canon ? canon : path;
	const char *stored = NULL;
	int r = 0;

	for (unsigned i = 0; i < st->depth; i++)
		if (strcmp(st->stack[i], key) == 0)
			return -ELOOP;
	stored = add_source(p, path, buf, len);
	if (!stored)
		return -ENOMEM;
	st->stack[st->depth++] = (char *)key;
	r = policy_parse_text(p, st, stored, buf, len, err);
	st->depth--;
	return r;
}

int policy_load_include(struct policy *p, struct policy_load_state *st, const char *from_file,
			unsigned line, unsigned col, const char *name, struct policy_error *err)
{
	cleanup_free char *dir = strdup(from_file);
	cleanup_free char *path = NULL;
	cleanup_free char *buf = NULL;
	char *slash = NULL;
	size_t len = 0;
	int r = 0;

	if (!dir)
		return -ENOMEM;
	if (!*name)
		return policy_set_error(err, from_file, line, col, "empty include name");
	if (st->depth > POLICY_INCLUDE_MAX)
		return policy_set_error(err, from_file, line, col,
					"includes nested too deeply (more than %d levels)",
					POLICY_INCLUDE_MAX);
	slash = strrchr(dir, '/');
	if (slash)
		slash[1] = '\0';
	if (name[0] == '/')
		path = strdup(name);
	else if (asprintf(&path, "%s%s", slash ? dir : "", name) < 0)
		path = NULL;
	if (!path)
		return -ENOMEM;
	if (!is_file(path)) {
		free(path);
		path = NULL;
		r = find_shipped(name, &path);
		if (r == -ENOMEM)
			return r;
		if (r < 0)
			return policy_set_error(err, from_file, line, col,
						"include '%s' not found (neither next to this file "
						"nor a shipped policy)",
						name);
	}
	r = jt_read_regular_file(path, POLICY_FILE_MAX, &buf, &len);
	if (r == -ENOMEM)
		return r;
	if (r == -EFBIG)
		return policy_set_error(err, from_file, line, col,
					"include '%s': file too big (more than %d bytes)", name,
					POLICY_FILE_MAX);
	if (r < 0)
		return policy_set_error(err, from_file, line, col, "include '%s': %s", name,
					strerror(-r));
	r = load_text(p, st, path, buf, len, err);
	if (r == -ELOOP)
		return policy_set_error(err, from_file, line, col,
					"include cycle: '%s' is already being loaded", name);
	return r;
}

bool policy_load_flag(const struct policy_load_state *st, unsigned flag)
{
	return (st->flags & flag) != 0;
}

int policy_parse_buffer(struct policy *p, const char *name, const char *buf, size_t len,
			unsigned flags, struct policy_error *err)
{
	struct policy_load_state st = {.flags = flags};
	int r = 0;

	*err = (struct policy_error){0};
	r = syscalls_init();
	if (r < 0)
		return r;
	r = load_text(p, &st, name, buf, len, err);
	if (r == -ELOOP)
		r = policy_set_error(err, name, 0, 0, "include cycle");
	recompute(p);
	return r;
}

int policy_load_buffer(struct policy *p, const char *name, const char *buf, size_t len,
		       struct policy_error *err)
{
	*err = (struct policy_error){0};
	/* Files are read with this limit (policy_load, include); a buffer
	 * from elsewhere gets the same one. */
	if (len > POLICY_FILE_MAX)
		return policy_set_error(err, name, 0, 0, "file too big (more than %d bytes)",
					POLICY_FILE_MAX);
	return policy_parse_buffer(p, name, buf, len, 0, err);
}

int policy_load(struct policy *p, const char *name_or_path, struct policy_error *err)
{
	cleanup_free char *path = NULL;
	cleanup_free char *buf = NULL;
	size_t len = 0;
	int r = 0;

	*err = (struct policy_error){0};
	/* A bare name (no '/', no .policy suffix) is a shipped policy first. */
	if (!strchr(name_or_path, '/') && !ends_with(name_or_path, ".policy")) {
		r = find_shipped(name_or_path, &path);
		if (r == -ENOMEM)
			return r;
	}
	if (!path) {
		path = strdup(name_or_path);
		if (!path)
			return -ENOMEM;
	}
	r = jt_read_regular_file(path, POLICY_FILE_MAX, &buf, &len);
	if (r < 0) {
		if (r == -ENOENT && !strchr(name_or_path, '/'))
			policy_set_error(err, name_or_path, 0, 0,
					 "no such file, and no shipped policy of that name");
		else if (r == -EFBIG)
			policy_set_error(err, path, 0, 0, "file too big (more than %d bytes)",
					 POLICY_FILE_MAX);
		else if (r == -EINVAL)
			policy_set_error(err, path, 0, 0, "not a regular file");
		else
			policy_set_error(err, path, 0, 0, "%s", strerror(-r));
		return r;
	}
	return policy_load_buffer(p, path, buf, len, err);
}
