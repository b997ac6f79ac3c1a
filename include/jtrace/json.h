/* json: events as the JSON lines of the log (src/emit/json.c). */
#pragma once

#include "event.h"
#include "value.h"

#define JSON_SCHEMA_VERSION 1
#define JSON_SCHEMA_VERSION_STR "1"

/* The per-run token: 16 lowercase hex digits from getrandom(2), written as
 * "run" in every record once set, so that a reader can tell jtrace-run's
 * lines from lines the program wrote into a stream it shares with the log
 * (see docs/cli-and-log.md, "Who can write the log").  0 or -errno. */
int json_init_token(void);

/* Append @ev as one JSON object (no newline) to @b. */
void json_write_event(struct jbuf *b, const struct event *ev);
