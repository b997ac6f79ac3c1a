/* emit: the event sink.  Records are events (event.h) filled by the
 * tracer; the sink turns each into one line (JSON Lines by emit/json.c, or
 * strace-like text by emit/text.c, each reading the event itself) and
 * writes whole lines only, so a tracer killed at any moment leaves a log
 * that is valid up to its last line.  Lines are buffered and flushed when
 * the buffer fills or the tracer is about to block (sink_flush), so an
 * idle tracee's log is always current on disk.
 *
 * A write failure never passes silently: the first error is kept in
 * sink->error and every record that could not be written is counted in
 * sink->lost; the caller reports both in one line when the run ends.
 *
 * Who else can write the log (docs/cli-and-log.md, "Who can write the
 * log"): the sink says whether the program shares the stream
 * (sink_check_shared: it inherits an fd on the same file, as with the
 * default stderr or -o -, or the log is a pipe, terminal or device named
 * by -o, which the program can open as well).  A regular -o FILE is
 * written only once the program has exec'd (sink_commit: an existing log
 * survives a run that fails before; a new one is then written whole at
 * sink_close), and everything written to it is
 * hashed with a key only the tracer knows, so that sink_verify can tell
 * at the end whether the program truncated, rewrote, grew or replaced
 * it. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "event.h"
#include "value.h"

#include "text.h" /* struct text_opts */

/* The log's format (-o's content, --format). */
enum log_format { LOG_FORMAT_JSON, LOG_FORMAT_TEXT };

/* The sink is opaque: its state (buffer, file identity, hash) is sink.c's. */
struct sink;

/* Open @path (NULL = stderr, "-" = stdout) for writing: O_NOFOLLOW refuses symlinks.
 * A regular FILE is neither created nor truncated yet (see sink_commit).
 * @text: the text format's options (copied).  Returns 0 and *@ret, or
 * -errno (-ELOOP for a symlink) and nothing to free. */
int sink_open(struct sink **ret, const char *path, enum log_format format,
	      const struct text_opts *text);
/* Before the program is started: find out whether the program shares the
 * stream (sink_describe says so).  0 or -errno. */
int sink_check_shared(struct sink *s);
/* The program has exec'd: create or truncate -o FILE and write what was
 * held.  Called at the exec stop, before the new image runs.  No-op for
 * other logs and after the first call.  0 or -errno (kept in s->error). */
int sink_commit(struct sink *s);
/* At the end, after the last tracee is gone: flush, then 0 when the
 * regular file on disk is byte for byte what was written (or the log is
 * not one jtrace can check), 1 when it was modified, -errno on error. */
int sink_verify(struct sink *s);
/* Append bytes as they are (the -c table of the text format). */
int sink_write_raw(struct sink *s, const char *text, size_t n);
/* Append one record.  A record that cannot be written whole is counted
 * in s->lost and nothing of it is kept.  Returns 0 or -errno. */
int sink_emit(struct sink *s, const struct event *ev);
int sink_flush(struct sink *s);
/* Flush, close; returns the first error seen (0 if none).  @s stays
 * readable (sink_error, sink_lost) until sink_free. */
int sink_close(struct sink *s);
void sink_free(struct sink *s);

/* For messages: the log's path, or "stderr"/"stdout". */
const char *sink_path(const struct sink *s);
enum log_format sink_log_format(const struct sink *s);
/* The first write error (-errno), or 0; records that could not be written. */
int sink_error(const struct sink *s);
uint64_t sink_lost(const struct sink *s);
/* Whether lines wait in the buffer (the tracer flushes them when idle). */
bool sink_pending_bytes(const struct sink *s);
/* Whether sink_verify checks the file on disk (end.log_modified). */
bool sink_checked(const struct sink *s);
/* The start record's "log": {path | fd, kind, shared}, in the arena in use. */
struct jv *sink_describe(const struct sink *s);

/* The strace-like line of @ev appended to @out (nothing for the kinds
 * strace does not print).  0 or -ENOMEM. */
int emit_text_event(struct jbuf *out, const struct text_opts *o, uint64_t realtime0_ns,
		    const struct event *ev);

/* For human-readable output of text that came from a log or the program
 * (names, comm): @s with every control character (C0, DEL, C1), every
 * byte that is not valid UTF-8 and the backslash written as \xNN (the
 * backslash as \\), so that nothing a traced program chose reaches a
 * terminal as an escape sequence.  emit_escape_dup returns a malloc'd copy
 * (NULL: out of memory). */
char *emit_escape_dup(const char *s);
void emit_fputs_escaped(const char *s, FILE *f);
