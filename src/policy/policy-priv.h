/* policy-priv: what the policy modules share and nobody else sees: the
 * condition tree, the lexer's tokens, the parser's entry point, the memory
 * helpers (glob, path normalisation, CIDR) and SHA-256.
 *
 * A condition names arguments, not registers: the same rule may target
 * calls whose argument of that name sits in a different register (open's
 * flags are arg 1, openat's arg 2), so atoms are resolved against the call's
 * signature each time they are evaluated or compiled. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jtrace/policy.h>

#define POLICY_LINE_MAX	   4096
#define POLICY_FILE_MAX	   (1024 * 1024)
#define POLICY_INCLUDE_MAX 8
#define POLICY_PATTERN_MAX 1024
#define POLICY_CIDRS_MAX   64
#define POLICY_COND_DEPTH  64

enum cond_kind {
	COND_AND,
	COND_OR,
	COND_NOT,
	COND_CMP,	  /* ARG OP VALUE */
	COND_MASK,	  /* ARG & MASK: some bit of MASK is set */
	COND_PATH_GLOB,	  /* path glob "PATTERN" */
	COND_PATH_PREFIX, /* path prefix "/dir" */
	COND_EXE_GLOB,	  /* exe glob "PATTERN" (execve, execveat) */
	COND_ADDR_IN,	  /* addr [not] in CIDR... */
	COND_PORT,	  /* port OP N */
	COND_FAMILY,	  /* family OP N */
};

enum cond_op {
	OP_EQ,
	OP_NE,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
};

struct policy_cidr {
	int family; /* AF_INET or AF_INET6 */
	uint8_t addr[16];
	unsigned prefix; /* bits */
};

struct policy_cond {
	enum cond_kind kind;
	enum cond_op op;
	bool negate;		   /* COND_ADDR_IN: "not in" */
	struct policy_cond *l, *r; /* AND, OR (l, r); NOT (l) */
	char *argname;		   /* COND_CMP, COND_MASK: by name ... */
	int argn;		   /* ... or argN (then argname is NULL) */
	uint64_t value;		   /* CMP, MASK, PORT, FAMILY */
	char *pattern;		   /* globs; PATH_PREFIX: normalised prefix */
	struct policy_cidr *cidrs;
	size_t n_cidrs;
	/* Where it was written (policy_cond_view says which is which). */
	unsigned col, op_col, value_col, paren_col;
};

/* Which memory the condition reads (bits). */
#define COND_USES_PATH 1u
#define COND_USES_EXE  2u
#define COND_USES_SOCK 4u
unsigned policy_cond_uses(const struct policy_cond *c);
/* @sig names its path in a socket address, not in a path argument: bind,
 * connect, sendto, sendmsg, sendmmsg (a filesystem AF_UNIX sun_path). */
bool policy_sig_path_in_sockaddr(const struct syscall_sig *sig);
void policy_cond_free(struct policy_cond *c);

/* Register index of @c's argument in @sig, or -1 when the call has none. */
int policy_cond_arg_index(const struct policy_cond *c, const struct syscall_sig *sig);
/* True when the argument is 32 bits wide in the kernel (int, fd, flags...). */
bool policy_arg_is_32bit(const struct syscall_sig *sig, int argi);
bool policy_arg_is_signed(const struct syscall_sig *sig, int argi);

/* Side-effect-free helpers (match.c), unit-tested directly;
 * policy_path_normalize is in policy.h. */
/* 0, or -EINVAL with *ret_off (0-based offset in @pat) of the problem. */
int policy_glob_check(const char *pat, size_t *ret_off);
bool policy_glob_match(const char *pat, const char *str);
/* @path (normalised) is @prefix or below it, component by component:
 * /tmp covers /tmp/x, not /tmpx; / covers every absolute path. */
bool policy_path_has_prefix(const char *path, const char *prefix);
int policy_cidr_parse(const char *s, struct policy_cidr *ret);
bool policy_cidr_match(const struct policy_cidr *c, int family, const uint8_t *addr);

/* Lexer. */
enum tok_kind {
	TOK_EOL,
	TOK_WORD,   /* identifiers, numbers, names, CIDRs: [A-Za-z0-9_@.:/+-]+ */
	TOK_STRING, /* "..." with \" and \\ */
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_AMP,  /* & */
	TOK_PIPE, /* | */
	TOK_EQ,	  /* == */
	TOK_NE,	  /* != */
	TOK_LT,
	TOK_LE,
	TOK_GT,
	TOK_GE,
	TOK_BAD, /* a character no token starts with */
};

struct token {
	enum tok_kind kind;
	unsigned col; /* 1-based */
	char *text;   /* WORD, STRING (unescaped), BAD (the character) */
};

/* Split one line (no newline, NUL-free) into tokens; a '#' outside a
 * string starts a comment.  0, or -EINVAL with @err's col and msg set, or
 * -ENOMEM.  The array ends with a TOK_EOL. */
int policy_lex_line(const char *line, struct token **ret_toks, size_t *ret_n,
		    struct policy_error *err);
void policy_tokens_free(struct token *toks, size_t n);

/* Parser: one file's text, whose name is @file (owned by the policy). */
struct policy_load_state;
int policy_parse_text(struct policy *p, struct policy_load_state *st, const char *file,
		      const char *buf, size_t len, struct policy_error *err);
/* Is POLICY_PARSE_* @flag set for this load? */
bool policy_load_flag(const struct policy_load_state *st, unsigned flag);
/* Loader, called by the parser for `include` at @line:@col of @from_file.
 * Returns 0, -EINVAL with @err filled (here or inside the included file),
 * or -ENOMEM. */
int policy_load_include(struct policy *p, struct policy_load_state *st, const char *from_file,
			unsigned line, unsigned col, const char *name, struct policy_error *err);

/* Print a condition in the language's own syntax. */
void policy_cond_print(const struct policy_cond *c, FILE *f);

/* Set @err (file, line, col, formatted message); returns -EINVAL. */
int policy_set_error(struct policy_error *err, const char *file, unsigned line, unsigned col,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* SHA-256 of @len bytes into 64 hex digits and a NUL. */
void policy_sha256_hex(const void *data, size_t len, char out[65]);
