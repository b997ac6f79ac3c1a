/* logread: reads a jtrace-run JSON Lines log back, one record at a time,
 * with line numbers, the schema-version check and the handling of a
 * truncated last line (a log cut short by a crash or a full disk).
 *
 * Rules (docs: jtrace-policy(1), "BAD LOGS"):
 *   - every line is one JSON object with "v" == LOGREAD_SCHEMA_VERSION;
 *   - a last line with no newline that is not valid JSON was cut short: it
 *     is skipped and reported (ret->truncated_line), never dropped silently;
 *   - any other line that is not a JSON object is an error, with its number;
 *   - a log with no record at all is an error;
 *   - no line may be longer than LOGREAD_MAX_LINE (an endless input is
 *     refused, not read into memory), and a path must name a regular file
 *     or a pipe (a pipe only when the log is read once);
 *   - the start record's "run" token marks jtrace-run's own records: a
 *     record with another token (or none) is foreign.  In a log whose
 *     start record says the program shared the stream (log.shared), the
 *     program could have written any line: such a log is refused
 *     (LOGREAD_ESHARED) unless opts->accept_shared, and then every
 *     foreign line (not JSON, not an object, another token) is skipped
 *     and counted (ret->foreign).  In an unshared log a foreign record is
 *     an error, as is an end record that says the file was modified
 *     (end.log_modified).  Logs of jtrace-run before the token have none
 *     of these fields and are read as before.
 * Errors come back as -EINVAL (-EIO etc. for I/O) with @err->msg set to
 * "LOG:N: message", ready for jt_error(). */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <json-c/json.h>

#define LOGREAD_SCHEMA_VERSION 1

/* Longer than any record jtrace-run writes (-s is at most 1 MiB). */
#define LOGREAD_MAX_LINE (64u << 20)

struct logread_error {
	char msg[512];
};

/* The return of a read refused because the log shares a stream with the
 * program (jtrace-policy exits PCMD_EXIT_SHARED for it). */
#define LOGREAD_ESHARED (-EPERM)

struct logread_opts {
	bool accept_shared; /* --accept-shared: read a shared log's own records */
	bool need_regular;  /* read twice: a regular file, not a pipe */
};

struct logread_stats {
	unsigned records;	 /* records handed to the callback */
	unsigned truncated_line; /* line number of a skipped truncated last line, or 0 */
	unsigned foreign;	 /* lines of a shared log skipped as not jtrace-run's */
	bool shared;		 /* the start record says the stream was shared */
};

/* Called for each record, in log order; @line is 1-based.  The object is
 * owned by the reader (take a reference to keep it).  A negative return
 * stops the reading and is returned by logread_*; the callback then fills
 * @err itself. */
typedef int (*logread_fn)(json_object *rec, unsigned line, void *userdata,
			  struct logread_error *err);

/* Read the log at @path (name used in messages: @path as given); @opts
 * may be NULL (all false). */
int logread_file_opts(const char *path, const struct logread_opts *opts, logread_fn fn,
		      void *userdata, struct logread_stats *ret_stats, struct logread_error *err);
/* Read from an open stream; @name is used in messages. */
int logread_stream_opts(FILE *f, const char *name, const struct logread_opts *opts, logread_fn fn,
			void *userdata, struct logread_stats *ret_stats, struct logread_error *err);
/* The same with every option off. */
int logread_file(const char *path, logread_fn fn, void *userdata, struct logread_stats *ret_stats,
		 struct logread_error *err);
int logread_stream(FILE *f, const char *name, logread_fn fn, void *userdata,
		   struct logread_stats *ret_stats, struct logread_error *err);
/* The warnings a read leaves (truncated last line, foreign lines skipped),
 * one line each on stderr. */
void logread_warn(const char *name, const struct logread_stats *st);

/* printf into err->msg; always returns -EINVAL so callbacks can
 * `return logread_fail(err, ...)`. */
int logread_fail(struct logread_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Field helpers on a record: NULL / false when absent or of another type. */
const char *logread_str(json_object *rec, const char *key);
bool logread_i64(json_object *rec, const char *key, int64_t *ret);
