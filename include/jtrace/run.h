/* run: one jtrace-run session, from parsed options to the exit status:
 * open the log, resolve the program, build the filter, launch, write the
 * start record, trace, write the end record. */
#pragma once

#include "cli.h"

/* Returns the status jtrace-run exits with. */
int run_session(const struct run_options *opts, int argc, char **argv);
