/* pcmd: the subcommands of jtrace-policy (argument parsing, help texts and
 * exit statuses); src/pcmd/jtrace-policy.c only dispatches to them.
 *
 * Exit statuses, the same for every subcommand (jtrace-policy(1)):
 *   0  success (diff: nothing new; check: the policy is valid)
 *   1  diff found calls the allowlist does not allow; check found an error
 *   2  usage error, unreadable or bad input (a bad log), I/O error
 *   3  a log shared its stream with the traced program (start.log.shared)
 *      and --accept-shared was not given */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include <json-c/json.h>

#include "value.h"

enum {
	PCMD_EXIT_OK = 0,
	PCMD_EXIT_FOUND = 1,
	PCMD_EXIT_FAIL = 2,
	PCMD_EXIT_SHARED = 3,
};

/* Each takes the subcommand's own argv (argv[0] is the subcommand name)
 * and returns the exit status. */
/* The --accept-shared line of the help of every command that reads logs. */
#define PCMD_HELP_ACCEPT_SHARED                                                                    \
	"      --accept-shared  read a log that shared its stream with the program\n"              \
	"                       (start.log.shared: the default stderr, -o -): only\n"               \
	"                       the run's own records count, other lines are skipped\n"             \
	"                       and counted\n"

int pcmd_gen(int argc, char **argv);
int pcmd_merge(int argc, char **argv);
int pcmd_diff(int argc, char **argv);
int pcmd_export(int argc, char **argv);
int pcmd_check(int argc, char **argv);
int pcmd_summary(int argc, char **argv);

/* "jtrace-policy SUB: message (see jtrace-policy SUB --help)" on stderr;
 * returns PCMD_EXIT_FAIL. */
int pcmd_usage_error(const char *sub, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The message for getopt's '?' / ':' returns (opterr is 0). */
int pcmd_getopt_error(const char *sub, int c, char **argv);

/* A failed log read: its one line on stderr, and the exit status
 * (PCMD_EXIT_SHARED for LOGREAD_ESHARED, else PCMD_EXIT_FAIL). */
int pcmd_log_error(int r, const char *msg);

/* Open -o FILE for writing (or stdout for NULL/"-"); -errno. */
int pcmd_open_output(const char *path);
/* A jtrace value (summary_to_json's) as json-c's, for printing it pretty. */
json_object *pcmd_jv_to_json(const struct jv *v);
