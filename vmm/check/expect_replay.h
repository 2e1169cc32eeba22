/* Traces read back: the text `uvmm run --trace` writes (the expectation
 * language, concrete exits only) turned into the exit events it records. */
#ifndef UVMM_CHECK_EXPECT_REPLAY_H
#define UVMM_CHECK_EXPECT_REPLAY_H

#include <stddef.h>

#include "check/expect.h"
#include "event.h"

struct expect_trace; /* opaque: the exits of one trace, in order */

/* Parses a trace. Lines the trace writes as comments because run-time text
 * matched them (`# (expected at run time) ITEM`) are exits too; `# (never
 * checked)` lines and other comments are not. Every item must be one exit
 * with nothing left open: no repeat, ignore, `any` or `*` (except the `= *`
 * data of string I/O, which the trace writes for data it did not keep).
 * Returns the trace, or NULL with *err (source, line, column, reason). */
struct expect_trace *expect_trace_parse(const char *text, size_t len, const char *source,
					struct expect_error *err);
void expect_trace_free(struct expect_trace *t);

/* Number of exits in the trace. */
size_t expect_trace_count(const struct expect_trace *t);

/* Fills *ev with exit i (its pointers stay valid while t lives); *line is
 * the trace line it came from. */
void expect_trace_event(const struct expect_trace *t, size_t i, struct exit_event *ev,
			unsigned *line);

#endif
