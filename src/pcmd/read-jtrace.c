/* allowlist/read-jtrace: reads back the jtrace-format allowlists that
 * export-jtrace.c writes (merge, diff --allow and export take them).  This
 * is deliberately not the policy language: it accepts exactly the subset an
 * allowlist uses and says so, with file:line:col, for anything else. */
#include <jtrace/allowlist.h>
#include <jtrace/syscalls.h>
#include <jtrace/util.h>
#include <jtrace/xlat.h>

#include <ctype.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#define READ_MAX_TOKENS 64
/* Far above any allowlist of every syscall with --args tuples. */
#define ALLOWLIST_FILE_MAX (16 << 20)

struct read_tok {
	const char *s; /* not NUL-terminated */
	size_t len;
	unsigned col;
};

static bool read_is(const struct read_tok *t, const char *word)
{
	return t->len == strlen(word) && memcmp(t->s, word, t->len) == 0;
}

static bool read_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '@' || c == '-' || c == '.' ||
	       c == '|';
}

/* Split @line into words (constants joined by | are one word) and the
 * operators ( ) & ==; '#' ends the line. */
static int read_lex(const char *line, struct read_tok *toks, size_t *ret_n, unsigned *ret_badcol)
{
	size_t n = 0;
	const char *p = line;

	while (*p && *p != '#' && *p != '\n') {
		struct read_tok t = {.s = p, .col = (unsigned)(p - line) + 1};

		if (*p == ' ' || *p == '\t' || *p == '\r') {
			p++;
			continue;
		}
		if (*p == '(' || *p == ')' || *p == '&') {
			t.len = 1;
		} else if (p[0] == '=' && p[1] == '=') {
			t.len = 2;
		} else if (read_word_char(*p)) {
			while (read_word_char(p[t.len]))
				t.len++;
		} else {
			*ret_badcol = t.col;
			return -EINVAL;
		}
		if (n == READ_MAX_TOKENS) {
			*ret_badcol = t.col;
			return -E2BIG;
		}
		toks[n++] = t;
		p += t.len;
	}
	*ret_n = n;
	return 0;
}

/* NUMBER or CONSTANT, or several joined by | (ORed). */
static int read_value(const struct read_tok *t, uint64_t *ret)
{
	char buf[256];
	char *save = NULL;
	uint64_t acc = 0;

	if (t->len >= sizeof(buf) || !t->len)
		return -EINVAL;
	memcpy(buf, t->s, t->len);
	buf[t->len] = '\0';
	for (char *w = strtok_r(buf, "|", &save); w; w = strtok_r(NULL, "|", &save)) {
		uint64_t v = 0;

		if (jt_parse_u64(w, &v) < 0 && xlat_lookup_any(w, &v) < 0)
			return -EINVAL;
		acc |= v;
	}
	*ret = acc;
	return 0;
}

struct read_ctx {
	const char *name;
	unsigned line;
	struct logread_error *err;
};

static int read_fail(struct read_ctx *rc, unsigned col, const char *what, const struct read_tok *t)
{
	if (t)
		return logread_fail(rc->err, "%s:%u:%u: %s \"%.*s\"", rc->name, rc->line, col, what,
				    (int)t->len, t->s);
	return logread_fail(rc->err, "%s:%u:%u: %s", rc->name, rc->line, col, what);
}

/* ATOM [and ATOM]...: `ARG == VALUE`, `ARG & BIT`, `not ARG & BITS`, as
 * allowlist_print_tuple writes them; folded back into one condition per
 * argument, in argument order. */
static int read_conds(struct read_ctx *rc, const struct syscall_sig *sig, const struct read_tok *t,
		      size_t n, struct allowlist_tuple *ret)
{
	struct {
		bool used, eq;
		uint64_t value, req, forbidden;
	} arg[SYSCALL_MAX_ARGS];
	size_t i = 0;

	memset(arg, 0, sizeof(arg));
	memset(ret, 0, sizeof(*ret));
	if (!n)
		return read_fail(rc, t[-1].col, "empty condition", NULL);
	while (i < n) {
		bool neg = read_is(&t[i], "not");
		const struct read_tok *name = NULL, *op = NULL, *val = NULL;
		uint64_t v = 0;
		long idx = -1;

		i += neg;
		if (i + 3 > n)
			return read_fail(rc, t[i < n ? i : n - 1].col,
					 "expected ARG == VALUE, ARG & BIT or not ARG & BITS",
					 NULL);
		name = &t[i];
		op = &t[i + 1];
		val = &t[i + 2];
		for (unsigned k = 0; k < sig->nargs; k++)
			if (read_is(name, sig->args[k].name))
				idx = k;
		if (idx < 0)
			return read_fail(rc, name->col, "no such argument", name);
		if (read_value(val, &v) < 0)
			return read_fail(rc, val->col, "unknown value", val);
		/* The kernel reads a 32-bit argument's low half only: a value
		 * above it could never match, and written back it would change. */
		if (allowlist_arg_is_32bit(sig->name, (unsigned)idx) && (v >> 32))
			return read_fail(rc, val->col, "value wider than this 32-bit argument",
					 val);
		if (read_is(op, "==") && !neg && !arg[idx].used) {
			arg[idx].eq = true;
			arg[idx].value = v;
		} else if (read_is(op, "&") && !arg[idx].eq) {
			if (!neg && (!v || (v & (v - 1))))
				return read_fail(rc, val->col,
						 "an allowlist tests one bit at a time with `&`",
						 val);
			/* `not ARG & 0` holds always: written back it would
			 * vanish, and the model with it. */
			if (neg && !v)
				return read_fail(rc, val->col, "`not ARG & 0` tests no bit", val);
			if ((neg ? arg[idx].req : arg[idx].forbidden) & v)
				return read_fail(rc, val->col,
						 "a bit both required and forbidden", val);
			if (neg)
				arg[idx].forbidden |= v;
			else
				arg[idx].req |= v;
		} else {
			return read_fail(rc, op->col, "not an allowlist condition", NULL);
		}
		arg[idx].used = true;
		i += 3;
		if (i < n) {
			if (!read_is(&t[i], "and") || i + 1 == n)
				return read_fail(rc, t[i].col, "expected `and` and a condition",
						 NULL);
			i++;
		}
	}
	for (unsigned k = 0; k < SYSCALL_MAX_ARGS; k++) {
		struct allowlist_cond *c = NULL;

		if (!arg[k].used)
			continue;
		if (ret->n == ALLOWLIST_MAX_CONDS)
			return read_fail(rc, t[0].col, "conditions on more than 2 arguments", NULL);
		c = &ret->c[ret->n++];
		c->index = (uint8_t)k;
		if (arg[k].eq && allowlist_arg_is_32bit(sig->name, k)) {
			/* 32-bit arguments compare on their low half. */
			c->op = ALLOWLIST_MASKED_EQ;
			c->mask = 0xffffffffu;
			c->value = arg[k].value & 0xffffffffu;
		} else if (arg[k].eq) {
			c->op = ALLOWLIST_EQ;
			c->value = arg[k].value;
		} else {
			c->op = ALLOWLIST_MASKED_EQ;
			c->mask = arg[k].req | arg[k].forbidden;
			c->value = arg[k].req;
		}
	}
	return 0;
}

static int read_line(struct allowlist *a, struct read_ctx *rc, const char *line)
{
	struct read_tok t[READ_MAX_TOKENS];
	size_t n = 0;
	unsigned badcol = 0;
	char name[64];
	int r = read_lex(line, t, &n, &badcol);

	if (r < 0)
		return read_fail(rc, badcol,
				 r == -E2BIG ? "line too long for an allowlist"
					     : "unexpected character",
				 NULL);
	if (n == 0)
		return 0;
	if (read_is(&t[0], "default")) {
		if (n == 2 && (read_is(&t[1], "kill")))
			a->def = ALLOWLIST_DEFAULT_KILL;
		else if (n == 2 && (read_is(&t[1], "log") || read_is(&t[1], "trace")))
			a->def = ALLOWLIST_DEFAULT_LOG;
		else if (n == 2 && read_is(&t[1], "deny"))
			a->def = ALLOWLIST_DEFAULT_ERRNO;
		else if (n == 5 && read_is(&t[1], "errno") && read_is(&t[2], "(") &&
			 read_is(&t[3], "EPERM") && read_is(&t[4], ")"))
			a->def = ALLOWLIST_DEFAULT_ERRNO;
		else
			return read_fail(
				rc, n > 1 ? t[1].col : t[0].col,
				"an allowlist's default is errno(EPERM), deny, kill or log", NULL);
		return 0;
	}
	if (read_is(&t[0], "arch")) {
		for (size_t i = 1; i < n; i++) {
			int ai = -1;

			snprintf(name, sizeof(name), "%.*s", (int)t[i].len, t[i].s);
			ai = allowlist_arch_by_name(name);
			if (ai < 0)
				return read_fail(rc, t[i].col, "unknown arch", &t[i]);
			a->arches |= 1u << ai;
		}
		return 0;
	}
	if (!read_is(&t[0], "allow"))
		return read_fail(rc, t[0].col,
				 "not an allowlist line (jtrace-policy reads `default`, `arch` and "
				 "`allow` lines; use a policy file with jtrace-run --policy)",
				 NULL);
	for (size_t i = 1; i < n; i++) {
		struct allowlist_tuple tup;
		const struct syscall_sig *sig = NULL;

		if (read_is(&t[i], "if"))
			return read_fail(rc, t[i].col, "`if` must follow exactly one syscall name",
					 NULL);
		if (t[i].len >= sizeof(name) || !read_word_char(t[i].s[0]))
			return read_fail(rc, t[i].col, "expected a syscall name", &t[i]);
		snprintf(name, sizeof(name), "%.*s", (int)t[i].len, t[i].s);
		sig = syscalls_by_name(name);
		if (!sig)
			return read_fail(rc, t[i].col, "unknown syscall", &t[i]);
		if (i + 1 < n && read_is(&t[i + 1], "if")) {
			if (i != 1)
				return read_fail(rc, t[i + 1].col,
						 "`if` must follow exactly one syscall name", NULL);
			r = read_conds(rc, sig, &t[i + 2], n - i - 2, &tup);
			if (r < 0)
				return r;
			r = allowlist_add_tuple(a, name, &tup);
			return r < 0 ? logread_fail(rc->err, "%s: out of memory", rc->name) : 0;
		}
		r = allowlist_add_any(a, name);
		if (r < 0)
			return logread_fail(rc->err, "%s: out of memory", rc->name);
	}
	return 0;
}

int allowlist_read_jtrace_buffer(struct allowlist *a, const char *name, const char *buf,
				 struct logread_error *err)
{
	struct read_ctx rc = {.name = name, .err = err};
	const char *p = buf;
	int r = 0;

	/* The native arch is implied: only foreign ones have `arch` lines. */
	for (size_t i = 0; i < allowlist_arches_len; i++)
		if (allowlist_arches[i].audit_arch == syscalls_native_arch())
			a->arches |= 1u << i;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		cleanup_free char *line = strndup(p, len);

		if (!line)
			return logread_fail(err, "%s: out of memory", name);
		rc.line++;
		r = read_line(a, &rc, line);
		if (r < 0)
			return r;
		p += len + (nl ? 1 : 0);
	}
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
