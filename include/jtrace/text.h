/* text: one event as one strace-like line (--format=text).
 *
 *   [pid N] name(arg, arg) = ret ERRNO (message) <dur>
 *   [pid N] --- SIGCHLD {si_code=CLD_EXITED, ...} ---
 *   [pid N] +++ exited with 0 +++
 *
 * The line is made from the event itself (its signature entry, raw
 * registers and decoded jv values), never from the JSON record, so the
 * two formats cannot disagree about what was decoded. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "value.h"

struct text_opts {
	unsigned timestamps; /* 0 none, 1 -t, 2 -tt, 3 -ttt */
	bool durations;      /* -T */
};

/* Append @ev's line, its '\n' included, to @out; nothing for the kinds
 * strace does not print (start, end, summary, fork).  @realtime0_ns is
 * the wall clock at ts 0 (for -t).  0, or -ENOMEM: then @out is left as
 * it was before the call (its earlier lines kept, usable again). */
int emit_text_event(struct jbuf *out, const struct text_opts *o, uint64_t realtime0_ns,
		    const struct event *ev);
