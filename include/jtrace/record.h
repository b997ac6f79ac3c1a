/* record: builds the log records of schema version 1 (docs/cli-and-log.md,
 * tests/schema/log.schema.json) as json_objects for the sink. */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "proctab.h"

#define RECORD_SCHEMA_VERSION 1

/* The per-run token: 16 lowercase hex digits from getrandom(2), written as
 * "run" in every record once set, so that a reader can tell jtrace-run's
 * lines from lines the program wrote into a stream it shares with the log
 * (see docs/cli-and-log.md, "Who can write the log").  0 or -errno. */
int record_init_token(void);
/* The token ("" before record_init_token). */
const char *record_token(void);

/* {"v":1,"type":TYPE,"ts":TS} */
json_object *record_new(const char *type, uint64_t ts);
/* Adds pid, tid, nspid of @t. */
void record_add_proc(json_object *rec, const struct tracee *t);

/* @argv: the program's (PROG ARGS...); @command: jtrace-run's own. */
json_object *record_start(uint64_t ts, char **command, char **argv,
			  const char *const *filter_names, size_t n_filter, pid_t program);
