/* allowlist: the model behind `jtrace-policy` (gen, merge, diff, export):
 * a default action, the architectures seen, and a sorted set of syscall
 * names, each allowed either unconditionally or when one of a set of
 * argument tuples matches (--args).
 *
 * The model is one union over architectures: the jtrace, OCI and systemd
 * formats name syscalls, not (arch, number) pairs, so keeping one set keeps
 * every format saying the same thing.
 *
 * Union laws (tests/unit/test-allowlist.c checks them): the union of A and B
 * contains both, A u A = A, A u B = B u A.  "Unconditional" absorbs any
 * tuple set, so the union is a join on a lattice and the laws hold without
 * normalisation. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#include "logread.h"

/* --- architectures --------------------------------------------------- */

struct allowlist_arch {
	const char *name;    /* as logs write it: "x86_64" */
	uint32_t audit_arch; /* AUDIT_ARCH_* (== SCMP_ARCH_*) */
	const char *oci;     /* "SCMP_ARCH_X86_64" */
	const char *systemd; /* "x86-64" */
};

extern const struct allowlist_arch allowlist_arches[];
extern const size_t allowlist_arches_len;

/* Index into allowlist_arches, or -1. */
int allowlist_arch_by_name(const char *name);

/* --- the model ------------------------------------------------------- */

enum allowlist_default {
	ALLOWLIST_DEFAULT_ERRNO, /* errno(EPERM) */
	ALLOWLIST_DEFAULT_KILL,	 /* kill the process (SIGSYS) */
	ALLOWLIST_DEFAULT_LOG,	 /* allow, but log */
};

enum allowlist_op {
	ALLOWLIST_EQ,	     /* arg == value */
	ALLOWLIST_MASKED_EQ, /* (arg & mask) == value */
};

struct allowlist_cond {
	uint8_t index; /* argument index */
	uint8_t op;    /* enum allowlist_op */
	uint64_t mask; /* MASKED_EQ only; 0 for EQ */
	uint64_t value;
};

#define ALLOWLIST_MAX_CONDS 2

/* All conditions of a tuple hold (AND). */
struct allowlist_tuple {
	uint8_t n;
	struct allowlist_cond c[ALLOWLIST_MAX_CONDS];
};

struct allowlist_call {
	char *name;
	bool any;			/* allowed whatever the arguments (tuples then empty) */
	struct allowlist_tuple *tuples; /* sorted, unique: allowed when one matches */
	size_t n_tuples, cap_tuples;
};

struct allowlist {
	enum allowlist_default def;
	uint32_t arches;	      /* bit i = allowlist_arches[i] */
	struct allowlist_call *calls; /* sorted by name, unique */
	size_t n_calls, cap_calls;
	char **sources; /* input basenames, sorted, unique */
	size_t n_sources;
};

void allowlist_init(struct allowlist *a);
void allowlist_free(struct allowlist *a);
#define cleanup_allowlist __attribute__((cleanup(allowlist_free)))

/* Allow @name unconditionally.  0 or -ENOMEM. */
int allowlist_add_any(struct allowlist *a, const char *name);
/* Allow @name when @t matches (no-op if already unconditional). */
int allowlist_add_tuple(struct allowlist *a, const char *name, const struct allowlist_tuple *t);
int allowlist_add_source(struct allowlist *a, const char *path);
/* a |= b (calls, arches, sources; the default of @a is kept). */
int allowlist_union(struct allowlist *a, const struct allowlist *b);
/* Same calls, conditions and arches (not sources, not default). */
bool allowlist_equal(const struct allowlist *a, const struct allowlist *b);
/* The entry for @name, or NULL. */
const struct allowlist_call *allowlist_find(const struct allowlist *a, const char *name);
/* Would the allowlist allow @name with raw arguments @args (NULL: unknown
 * arguments, so only an unconditional entry allows)? */
bool allowlist_allows(const struct allowlist *a, const char *name, const uint64_t *args);

/* Is argument @index of @syscall 32 bits wide in the kernel (int, fd,
 * flags, enum, ioctl request...)?  Such arguments are compared on their low
 * 32 bits, as the policy library compares them. */
bool allowlist_arg_is_32bit(const char *syscall, unsigned index);

/* Calls every program needs even when a trace does not show them: see
 * jtrace-policy(1), "ALWAYS ALLOWED". NULL-terminated. */
extern const char *const allowlist_always[];

/* Turn a decoded log argument back into its raw value: numbers, "0x..."
 * strings, symbolic names (xlat), "A|B" names, {"raw": N} flag objects.
 * 0 or -EINVAL. */
int allowlist_json_value(json_object *v, uint64_t *ret);

/* Raw arguments of a `syscall` record (table order), as far as they can be
 * recovered: *ret_known bit i set when args[i] is known. */
void allowlist_record_args(json_object *rec, uint64_t args[6], unsigned *ret_known);

/* --- gen: logs -> model ---------------------------------------------- */

struct allowlist_gen_opts {
	bool args;	    /* --args: keep argument values as tuples */
	bool accept_shared; /* --accept-shared (see logread.h) */
};

/* Add the program's calls of the log at @path to @a, plus its arch and
 * source name.  The always-needed calls are added by allowlist_add_always.
 * Returns 0, -EINVAL (bad log, narrower --filter; err set) or -errno. */
int allowlist_gen_log(struct allowlist *a, const char *path, const struct allowlist_gen_opts *opts,
		      struct logread_error *err);
int allowlist_add_always(struct allowlist *a);

/* The argument tuple --args keeps for one syscall record (false when the
 * call has none: then it is allowed unconditionally). */
bool allowlist_record_tuple(const char *name, json_object *rec, struct allowlist_tuple *ret,
			    bool *ret_any);

/* Iterate over the syscall records of a log that belong to the program:
 * those of a process from its first exec on (children of such processes
 * from their fork on), and every execve/execveat.  A log with no exec
 * record at all (attached with -p) counts every call.  Warnings go to
 * stderr.  Used by gen and diff. */
typedef int (*allowlist_call_fn)(json_object *rec, unsigned line, void *userdata,
				 struct logread_error *err);
int allowlist_program_calls(const char *path, bool check_filter, bool accept_shared,
			    allowlist_call_fn fn, void *userdata, json_object **ret_start,
			    struct logread_error *err);

/* --- the jtrace allowlist format (read back by merge, diff, export) -- */

/* Read a jtrace-format allowlist as `jtrace-policy gen` writes it, parsed
 * by the policy library (policy_parse_buffer, no `include`): `default`
 * errno(EPERM), deny, kill or log, `arch i386|x32`, `allow NAME...`,
 * `allow NAME if ATOM [and ATOM]...` with ATOM `ARG == VALUE`, `ARG & BIT`
 * or `not ARG & BITS` (VALUE: numbers and constants joined by |).
 * -EINVAL with err->msg "FILE:LINE:COL: message" for anything else: the
 * policy parser's errors, or what the language has and an allowlist not. */
int allowlist_read_jtrace(struct allowlist *a, const char *path, struct logread_error *err);
int allowlist_read_jtrace_buffer(struct allowlist *a, const char *name, const char *buf,
				 struct logread_error *err);
/* Is @path a log (its first non-blank byte is '{')?  -errno on I/O error. */
int allowlist_path_is_log(const char *path);

/* --- diff ------------------------------------------------------------- */

/* Print to @out one line per (log, pid, comm, call, arch, reason) that
 * @allow does not allow, with a count: "LOG:LINE: NAME pid=P comm=C
 * arch=A count=N".  Returns how many lines (0: nothing new) or -errno. */
int allowlist_diff(const struct allowlist *allow, char *const *logs, size_t n_logs,
		   bool accept_shared, FILE *out, struct logread_error *err);

/* --- export ------------------------------------------------------------ */

enum allowlist_format {
	ALLOWLIST_FORMAT_JTRACE,
	ALLOWLIST_FORMAT_OCI,
	ALLOWLIST_FORMAT_SYSTEMD,
	ALLOWLIST_FORMAT_BPF,
	ALLOWLIST_FORMAT_PFC,
};

/* "jtrace" -> ALLOWLIST_FORMAT_JTRACE ...; -EINVAL when unknown. */
int allowlist_format_parse(const char *s, enum allowlist_format *ret);
int allowlist_default_parse(const char *s, enum allowlist_default *ret);

/* @what: the subcommand, for the header ("gen", "merge", "export"). */
int allowlist_export(const struct allowlist *a, enum allowlist_format fmt, const char *what,
		     int fd);
int allowlist_export_jtrace(const struct allowlist *a, const char *what, FILE *f);
int allowlist_export_systemd(const struct allowlist *a, const char *what, FILE *f);
/* The OCI LinuxSeccomp object (caller owns). */
json_object *allowlist_to_oci(const struct allowlist *a);
/* bpf / pfc through libseccomp. */
int allowlist_export_seccomp(const struct allowlist *a, bool pfc, const char *what, int fd);

/* A tuple in the policy language: `ARG == V` for a whole 32-bit value,
 * else one `ARG & BIT` per bit that must be set and `not ARG & BITS` for
 * those that must be clear: "domain == AF_INET and type & SOCK_STREAM and
 * not type & 0xfff7f7fe". */
void allowlist_print_tuple(FILE *f, const char *name, const struct allowlist_tuple *t);

/* The comment lines (each starting with @prefix) that head every format
 * that allows comments. */
void allowlist_header(const struct allowlist *a, const char *what, const char *prefix, FILE *f);
