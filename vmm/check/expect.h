/* The expectation language: parse a guest's declared exits into a program,
 * then match the actual exits against it one at a time, strictly and in order. */
#ifndef UVMM_CHECK_EXPECT_H
#define UVMM_CHECK_EXPECT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"

/* A syntax error: where and what. */
struct expect_error {
	char source[64]; /* file name, "<note>", "<hypercall>" */
	unsigned line;   /* 1-based */
	unsigned col;    /* 1-based */
	char msg[160];
};

struct expect_prog; /* opaque: compiled expectations + ignore rules */

struct expect_prog *expect_prog_new(void);
void expect_prog_free(struct expect_prog *p);

/* Appends the expectations in text[0..len) to the end of p. Returns 0, or -1
 * with *err filled (nothing of text is appended then); -2 when the host ran
 * out of memory (not the text's fault). */
int expect_parse(struct expect_prog *p, const char *text, size_t len,
		 const char *source, struct expect_error *err);

/* Number of top-level items (0: nothing declared). */
size_t expect_prog_items(const struct expect_prog *p);

enum expect_result {
	EXPECT_MATCH,    /* the exit is the next expected one */
	EXPECT_IGNORED,  /* not expected here, but in an ignored class */
	EXPECT_MISMATCH, /* wrong exit or wrong value; checker is now failed */
};

struct expect_checker; /* opaque: cursor into a program */

struct expect_checker *expect_checker_new(struct expect_prog *p);
void expect_checker_free(struct expect_checker *c);

/* Offers one exit. Constant time per exit (no backtracking: repetitions are
 * greedy with one exit of lookahead). After the first mismatch every later
 * exit returns EXPECT_MISMATCH without new reports. */
enum expect_result expect_match_exit(struct expect_checker *c, const struct exit_event *ev);

/* What run-time insertions may add to a checker in one run, compiled. */
#define EXPECT_INSERT_MAX_BYTES (16u << 20)

/* Splices text in right after the current position (the runtime EXPECT
 * hypercall). Returns 0, -1 with *err (syntax, or EXPECT_INSERT_MAX_BYTES
 * reached), or -2 with *err when the host ran out of memory. */
int expect_insert(struct expect_checker *c, const char *text, size_t len,
		  const char *source, struct expect_error *err);

/* 1 when the exit last matched was matched by text spliced in at run time
 * (the trace writes such exits as comments, so a trace replays as is). */
int expect_last_match_inserted(const struct expect_checker *c);

/* Called once when the run ends. Returns 0 when every expected exit came
 * (remaining items all allow zero repetitions), -1 otherwise. */
int expect_finish(struct expect_checker *c);

/* 1 once a mismatch or a missing exit has been found. */
int expect_failed(const struct expect_checker *c);

/* Writes the failure (expected vs actual, exit index, RIP; plus the
 * expectation source line) as human-readable lines. Nothing when not failed. */
void expect_report(const struct expect_checker *c, FILE *out);

/* Formats ev in expectation syntax (one line, no newline) into buf. Returns
 * the length it needed (like snprintf). Used by the trace and reports. */
size_t expect_format_event(const struct exit_event *ev, char *buf, size_t size);

#endif
