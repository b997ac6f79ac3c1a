/* util: ownership helpers (cleanup attributes), checked number parsing,
 * clocks and the one error-reporting idiom shared by every jtrace program.
 *
 * Error idiom: functions return int, 0 or a positive count on success and a
 * negative errno on failure.  The message is printed once, by the caller that
 * has the context, through jt_error(). */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define JT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline void jt_freep(void *p)
{
	free(*(void **)p);
}

static inline void jt_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
}

static inline void jt_fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

#define cleanup_free __attribute__((cleanup(jt_freep)))
#define cleanup_fd __attribute__((cleanup(jt_closep)))
#define cleanup_file __attribute__((cleanup(jt_fclosep)))

/* Hand an owned pointer or fd to someone else: the cleanup then sees NULL / -1. */
static inline void *jt_steal_pointer(void *pp)
{
	void **p = pp;
	void *v = *p;
	*p = NULL;
	return v;
}
#define steal_pointer(pp) ((__typeof__(*(pp)))jt_steal_pointer(pp))

static inline int steal_fd(int *fd)
{
	int v = *fd;
	*fd = -1;
	return v;
}

/* The name used as the prefix of every diagnostic ("jtrace-run"). */
extern const char *jt_progname;

/* One line on stderr: "PROG: message".  Never more than one line. */
void jt_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* As jt_error with ": strerror(-err)" appended. */
void jt_error_errno(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parse a whole string as a number in [min, max]; -EINVAL for anything that
 * is not entirely a number, -ERANGE outside the range. */
int jt_parse_long(const char *s, long min, long max, long *ret); /* 0x.., 0.. as C */
int jt_parse_long_base(const char *s, int base, long min, long max, long *ret);
int jt_parse_u64(const char *s, uint64_t *ret);

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t jt_now_ns(void);

/* Write all of buf; returns 0 or -errno. */
int jt_write_all(int fd, const void *buf, size_t len);

/* Read a whole small file (e.g. under /proc) into a NUL-terminated buffer. */
int jt_read_file(const char *path, char **ret_buf, size_t *ret_len);

/* Read a regular file of at most @max bytes into a NUL-terminated buffer.
 * Opened O_NONBLOCK, so a FIFO is refused by fstat instead of hanging the
 * open; -EISDIR for a directory, -EINVAL for anything else not regular
 * (a FIFO, /dev/zero), -EFBIG past @max (also when it grows while read). */
int jt_read_regular_file(const char *path, size_t max, char **ret_buf, size_t *ret_len);

/* Levenshtein distance, for "did you mean" suggestions. */
unsigned jt_edit_distance(const char *a, const char *b);
