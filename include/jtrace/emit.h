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

enum sink_format { SINK_JSON, SINK_TEXT };

/* SipHash-2-4 state over a byte stream. */
struct sink_mac {
	uint64_t v[4];
	uint64_t tail; /* bytes of an incomplete word, little-endian */
	unsigned ntail;
	uint64_t total; /* bytes hashed */
};

struct sink {
	int fd;
	bool own_fd;
	const char *path; /* for messages; "stderr" */
	const char *kind; /* "file", "pipe", "tty", "device", "socket", "other" */
	bool shared;	  /* the program can write into the same stream */
	bool pending;	  /* -o FILE: held in memory until sink_commit */
	bool create;	  /* ... and FILE is created then (did not exist) */
	bool verify;	  /* a regular file we own: checked by sink_verify */
	dev_t dev;	  /* the committed file, to see it replaced */
	ino_t ino;
	struct sink_mac mac, mac_start;
	enum sink_format format;
	struct text_opts text;
	char *buf;
	size_t len, cap;
	uint64_t records; /* records accepted */
	uint64_t lost;    /* records that could not be written */
	int error;        /* first write error (-errno), 0 if none */
	uint64_t start_realtime_ns; /* wall clock at ts 0, for -t */
};

/* Open @path (NULL = stderr, "-" = stdout) for writing: O_NOFOLLOW refuses symlinks.
 * A regular FILE is neither created nor truncated yet (see sink_commit).
 * Returns 0 or -errno (-ELOOP for a symlink). */
int sink_open(struct sink *s, const char *path, enum sink_format format);
/* Before the program is started: set s->shared.  0 or -errno. */
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
/* Flush, close; returns the first error seen (0 if none). */
int sink_close(struct sink *s);

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
