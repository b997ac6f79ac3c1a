/* logread: reads a jtrace-run JSON Lines log back, one record at a time,
 * with line numbers, the schema-version check and the handling of a
 * truncated last line (a log cut short by a crash or a full disk).
 *
 * Rules (docs: jtrace-policy(1), "BAD LOGS"):
 *   - every line is one JSON object with "v" == LOGREAD_SCHEMA_VERSION;
 *   - a last line with no newline that is not valid JSON was cut short: it
 *     is skipped and reported (ret->truncated_line), never dropped silently;
 *   - any other line that is not a JSON object is an error, with its number;
 *   - a log with no record at all is an error.
 * Errors come back as -EINVAL (-EIO etc. for I/O) with @err->msg set to
 * "LOG:N: message", ready for jt_error(). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <json-c/json.h>

#define LOGREAD_SCHEMA_VERSION 1

struct logread_error {
	char msg[512];
};

struct logread_stats {
	unsigned records;	 /* records handed to the callback */
	unsigned truncated_line; /* line number of a skipped truncated last line, or 0 */
};

/* Called for each record, in log order; @line is 1-based.  The object is
 * owned by the reader (take a reference to keep it).  A negative return
 * stops the reading and is returned by logread_*; the callback then fills
 * @err itself. */
typedef int (*logread_fn)(json_object *rec, unsigned line, void *userdata,
			  struct logread_error *err);

/* Read the log at @path (name used in messages: @path as given). */
int logread_file(const char *path, logread_fn fn, void *userdata, struct logread_stats *ret_stats,
		 struct logread_error *err);
/* Read from an open stream; @name is used in messages. */
int logread_stream(FILE *f, const char *name, logread_fn fn, void *userdata,
		   struct logread_stats *ret_stats, struct logread_error *err);

/* printf into err->msg; always returns -EINVAL so callbacks can
 * `return logread_fail(err, ...)`. */
int logread_fail(struct logread_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Field helpers on a record: NULL / false when absent or of another type. */
const char *logread_str(json_object *rec, const char *key);
bool logread_i64(json_object *rec, const char *key, int64_t *ret);
