/* cli: jtrace-run's command line, parsed into struct run_options.  Parsing
 * has no side effects beyond the struct (the output file is opened by the
 * caller), so it can be unit-tested. */
#pragma once

#include <stdbool.h>

#include "caps.h"
#include "cpu.h"
#include "decode.h"
#include "emit.h"
#include "ns.h"
#include "syscalls.h"
#include "tracer.h"

#define CLI_MAX_POLICIES 16
/* Default of --audit-exit: distinct from 125-127 (ours) and 128+N. */
#define CLI_DEFAULT_AUDIT_EXIT 120

struct run_options {
	struct syscall_set filter; /* calls that stop */
	const char *filter_text;   /* as given, for messages */
	const char *output;        /* -o FILE, NULL = stderr */
	enum log_format format;
	struct decode_opts decode;
	struct text_opts text;     /* -t/-tt/-ttt, -T */
	bool summary;              /* -c */
	enum status_filter status;
	struct ns_opts ns;
	struct caps_opts caps;
	bool caps_given;           /* --cap-add used: drop the rest even without --ns */
	const char *policies[CLI_MAX_POLICIES]; /* --policy, in order */
	unsigned n_policies;
	bool audit;                /* --audit: report, never deny */
	int audit_exit;            /* status when PROG succeeded but would have been denied */
	enum cpu_mode cpu;         /* --cpu */
	char **argv;               /* PROG ARGS..., NULL-terminated */
	char **self_argv;          /* jtrace-run's own argv (the init blanks it) */
};

/* Exit codes of jtrace-run's own failures (as env(1) and timeout(1)). */
enum {
	EXIT_JTRACE_FAILURE = 125,
	EXIT_CANNOT_EXECUTE = 126,
	EXIT_NOT_FOUND = 127,
};

/* Parse argv.  Returns 0 to go on, 1 when the request was fully served
 * (--help, --version, --list-filters: exit 0), or -EINVAL after printing
 * one line on stderr (exit 125). */
int cli_parse(int argc, char **argv, struct run_options *ret_opts);
