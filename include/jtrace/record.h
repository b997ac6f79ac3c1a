/* record: builds the log records of schema version 1 (docs/cli-and-log.md,
 * tests/schema/log.schema.json) as json_objects for the sink. */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "proctab.h"

#define RECORD_SCHEMA_VERSION 1

/* {"v":1,"type":TYPE,"ts":TS} */
json_object *record_new(const char *type, uint64_t ts);
/* Adds pid, tid, nspid of @t. */
void record_add_proc(json_object *rec, const struct tracee *t);

/* @argv: the program's (PROG ARGS...); @command: jtrace-run's own. */
json_object *record_start(uint64_t ts, char **command, char **argv,
			  const char *const *filter_names, size_t n_filter, pid_t program);
