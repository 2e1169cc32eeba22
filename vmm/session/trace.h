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
/* inserted: the checker matched ev against run-time (hcall expect) text; the
 * trace then writes it as a comment, because replaying the trace splices
 * that text in again. */
void trace_record(struct trace *t, const struct exit_event *ev, int inserted);
/* Writes what is left and closes. Returns 0 or -1 on a write error. */
int trace_close(struct trace *t);

#endif
