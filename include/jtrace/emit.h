/* emit: the event sink.  Records are json_objects built by record.c; the
 * sink turns each into one line (JSON Lines, or strace-like text) and
 * writes whole lines only, so a tracer killed at any moment leaves a log
 * that is valid up to its last line.  Lines are buffered and flushed when
 * the buffer fills or the tracer is about to block (sink_flush), so an
 * idle tracee's log is always current on disk.
 *
 * A write failure never passes silently: the first error is kept in
 * sink->error and every record that could not be written is counted in
 * sink->lost; the caller reports both in one line when the run ends. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

enum sink_format { SINK_JSON, SINK_TEXT };

struct text_opts {
	unsigned timestamps; /* 0 none, 1 -t, 2 -tt, 3 -ttt */
	bool durations;      /* -T */
};

struct sink {
	int fd;
	bool own_fd;
	const char *path; /* for messages; "stderr" */
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
 * Returns 0 or -errno (-ELOOP for a symlink). */
int sink_open(struct sink *s, const char *path, enum sink_format format);
/* Append one record (not consumed). Returns 0 or -errno. */
int sink_emit(struct sink *s, json_object *rec);
int sink_flush(struct sink *s);
/* Flush, close; returns the first error seen (0 if none). */
int sink_close(struct sink *s);

/* The text formatting, exposed for tests: one line in @out (malloc'd). */
int emit_text_line(const struct text_opts *o, uint64_t realtime0_ns, json_object *rec, char **out,
		   size_t *len);
