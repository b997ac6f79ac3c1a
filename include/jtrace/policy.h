/* policy: the policy language (lexer, parser, evaluator) and its compilation
 * into the seccomp pre-filter.
 *
 * A policy is an ordered list of rules; the first rule whose targets contain
 * the call and whose condition holds decides; otherwise the default action.
 *
 * Who decides what:
 *   - The kernel filter is a conservative pre-filter: for each syscall it
 *     returns TRACE whenever some non-allow outcome is possible (scalar
 *     conditions are compiled into libseccomp comparisons so that calls
 *     that can only be allowed never stop), ALLOW otherwise.
 *   - The tracer makes the exact decision at the stop with policy_decide(),
 *     which evaluates every rule in order, scalar and memory conditions
 *     alike.  So the kernel filter only has to be a superset of the stops.
 * Memory conditions (path, addr, port, family, exe) are read from tracee
 * memory at the seccomp stop; another thread of the tracee can change that
 * memory before the kernel reads it (TOCTOU).  This is documented, never
 * hidden. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "syscalls.h"

enum policy_action {
	POLICY_ALLOW,
	POLICY_LOG,   /* stop, record, allow ("trace" is a synonym) */
	POLICY_ERRNO, /* fail with errno (deny = errno(EPERM)) */
	POLICY_KILL,  /* kill the process */
};

struct policy_cond; /* opaque expression tree */

/* A target as the rule wrote it. */
struct policy_target {
	char *name;   /* syscall, class or @group */
	unsigned col; /* 1-based */
};

struct policy_rule {
	enum policy_action action;
	int errno_val;               /* POLICY_ERRNO */
	struct syscall_set targets;  /* table indices */
	struct policy_cond *cond;    /* NULL = unconditional */
	bool cond_reads_memory;      /* some atom needs the tracer */
	const char *file;            /* for "rule": "file:line" */
	unsigned line, col;          /* col: the action's */
	char *text;                  /* the rule as written, for `check` */
	struct policy_target *named; /* the targets as written, in order */
	size_t n_named;
};

/* The foreign ABIs that `arch` lets run, and their bits in
 * policy.foreign_arches_allowed. */
enum { POLICY_ABI_I386 = 1u << 0, POLICY_ABI_X32 = 1u << 1 };

struct policy_abi {
	uint32_t bit;
	uint32_t audit_arch; /* as syscalls.h takes it (x32: SCMP_ARCH_X32) */
	const char *name;    /* as written after `arch` */
};

extern const struct policy_abi policy_foreign_abis[];
extern const size_t policy_foreign_abis_len;

/* The POLICY_ABI_* bit of the ABI called @name, or 0. */
uint32_t policy_foreign_abi_bit(const char *name);

struct policy {
	enum policy_action default_action;
	int default_errno;
	const char *default_file; /* where `default` was set (NULL: built-in allow) */
	unsigned default_line, default_col; /* default_col: the action's */
	struct policy_rule *rules;
	size_t n_rules;
	uint32_t foreign_arches_allowed; /* POLICY_ABI_* bits (`arch i386`) */
	bool restricts_file_or_net;      /* some rule denies/kills a file or net call */
	char **sources;                  /* loaded files, in order (owned) */
	char **hashes;                   /* their SHA-256 hex (owned) */
	size_t n_sources;
};

struct policy_error {
	char file[256];
	unsigned line, col;
	char msg[256];
};

/* Where shipped policies are looked up by bare name: $JTRACE_POLICY_PATH
 * (colon-separated), then the install dir, then the source tree's
 * policies/ (so a build dir works before `meson install`). */

void policy_init(struct policy *p);
/* Load NAME (a path, or a shipped policy's bare name) and add its rules
 * after those already in @p (so several --policy add up).  Returns 0, or
 * -EINVAL with @err filled (file:line:col: message), or -errno for I/O. */
int policy_load(struct policy *p, const char *name_or_path, struct policy_error *err);
/* Parse from memory (tests, fuzzer); @name is used in messages. */
int policy_load_buffer(struct policy *p, const char *name, const char *buf, size_t len,
		       struct policy_error *err);

/* Flags of policy_parse_buffer. */
enum {
	/* `include` is an error: the text must stand alone (an allowlist
	 * that jtrace-policy reads back names no other file). */
	POLICY_PARSE_NO_INCLUDE = 1u << 0,
};

/* policy_load_buffer with @flags and without its size limit: the caller
 * has bounded @len (jtrace-policy reads allowlists far larger than any
 * hand-written policy). */
int policy_parse_buffer(struct policy *p, const char *name, const char *buf, size_t len,
			unsigned flags, struct policy_error *err);
void policy_free(struct policy *p);

/* "file:line:col: message" */
void policy_error_format(const struct policy_error *err, char *buf, size_t len);

/* One node of a parsed condition, read-only and with where it was written:
 * for readers that take only part of the language and must say where the
 * rest is (jtrace-policy reads allowlists back this way). */
enum policy_cond_type {
	POLICY_COND_AND,
	POLICY_COND_OR,
	POLICY_COND_NOT,
	POLICY_COND_CMP,    /* ARG OP VALUE */
	POLICY_COND_MASK,   /* ARG & VALUE */
	POLICY_COND_MEMORY, /* path, exe, addr, port, family */
};

enum policy_cmp {
	POLICY_CMP_EQ,
	POLICY_CMP_NE,
	POLICY_CMP_LT,
	POLICY_CMP_LE,
	POLICY_CMP_GT,
	POLICY_CMP_GE,
};

struct policy_cond_view {
	enum policy_cond_type type;
	const struct policy_cond *l, *r; /* AND, OR: both; NOT: l */
	const char *argname;		 /* CMP, MASK: by name, or NULL ... */
	int argn;			 /* ... as argN */
	enum policy_cmp cmp;		 /* CMP */
	uint64_t value;			 /* CMP, MASK */
	unsigned col;			 /* the node's first token (`not`, ARG, path...) */
	unsigned op_col;		 /* AND, OR: the `and`/`or`; CMP, MASK: the operator */
	unsigned value_col;		 /* CMP, MASK */
	unsigned paren_col;		 /* the '(' it was written in, or 0 */
};

void policy_cond_view(const struct policy_cond *c, struct policy_cond_view *ret);

/* Reads tracee memory for memory conditions; provided by the tracer. */
struct policy_mem {
	pid_t pid;
	/* Optional: the path the kernel will use for @path, absolute and
	 * normalised (policy_path_normalize) in the caller's view: against
	 * dirfd (AT_FDCWD = cwd) and the tracee's root.  NULL to use the path
	 * as given.  A negative errno when it cannot be told. */
	int (*abspath)(pid_t pid, int dirfd, const char *path, char *out, size_t outlen);
};

/* Lexical normalisation of a path: "." and empty components dropped, ".."
 * takes the previous component away, "/.." is "/" (as the kernel's walk at
 * a root).  Symlinks are not resolved. */
void policy_path_normalize(char *path);

struct policy_verdict {
	enum policy_action action;
	int errno_val;
	const struct policy_rule *rule; /* NULL when the default decided */
	/* A memory argument a condition needed could not be read (EFAULT,
	 * partial, too long, unresolvable): decided as the worst case, and
	 * the record should say so. */
	bool unreadable;
};

/* The exact decision for one call (table entry @sig, raw @args).  @sig
 * NULL: a call the table does not know, which gets the default. */
void policy_decide(const struct policy *p, const struct syscall_sig *sig, const uint64_t *args,
		   const struct policy_mem *mem, struct policy_verdict *ret);

/* Add the pre-filter rules to @ctx, a libseccomp context whose default
 * action is ALLOW: TRACE(@trace_data) for every (syscall, scalar condition)
 * that may lead to a non-allow verdict; @selected are the calls --filter
 * stops anyway (already added by the caller: skip them).  When the policy's
 * default is not allow, the native numbers below 512 that the syscall table
 * does not know get an unconditional TRACE too (policy_decide gives them the
 * default).  Returns 0 or a negative errno from libseccomp.
 * @ctx is an scmp_filter_ctx, which is a void * itself: spelled so, this
 * header needs no <seccomp.h> and the callers keep their type. */
int policy_compile(const struct policy *p, void *ctx, const struct syscall_set *selected,
		   uint16_t trace_data);

/* The io_uring part of the security floor.  io_uring performs file and
 * network operations without any syscall that seccomp sees, so when this
 * returns true the tracer denies io_uring_setup/enter/register.  True when
 * the policy restricts file or network calls (its default denies or kills,
 * or some rule denies or kills a file or network call) and io_uring_setup
 * is not explicitly allowed: the first rule whose targets include it is not
 * an unconditional allow, or no rule names it at all. */
bool policy_denies_io_uring(const struct policy *p);

/* Print the resolved rules (jtrace-policy check). */
void policy_print(const struct policy *p, FILE *f);

/* Action names as the log writes them: allow, log, deny, kill. */
const char *policy_action_name(enum policy_action a);
