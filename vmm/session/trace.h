/* The exit trace: every exit copied into a preallocated ring (no formatting
 * on the hot path) and written out in expectation syntax when full or at end. */
#ifndef UVMM_SESSION_TRACE_H
#define UVMM_SESSION_TRACE_H

#include <stddef.h>
#include <stdio.h>

#include "event.h"

struct trace;

/* Opens path for writing; "-" means the stream dash (the CLI's stdout).
 * Returns NULL with err on failure. */
struct trace *trace_open(const char *path, FILE *dash, char *err, size_t errlen);
/* How an exit relates to the expectations. The trace writes the last two as
 * comments: replaying a trace splices run-time text in again, and the
 * checker never sees unchecked exits (debug prints, skips). */
enum trace_mark { TRACE_CHECKED, TRACE_INSERTED, TRACE_UNCHECKED };

void trace_record(struct trace *t, const struct exit_event *ev, enum trace_mark mark);
/* Writes what is left and closes. Returns 0 or -1 on a write error. */
int trace_close(struct trace *t);

#endif
