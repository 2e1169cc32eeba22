/* The console result protocol: what the runtime prints when no uvmm answers
 * its hypercalls (QEMU, UEFI, a real machine), one line per event, in the
 * fixed forms `uvmm qemu-test` parses (docs/guest-runtime.md, "Console result
 * protocol"). Each event also goes to the platform's recorder. */
#ifndef UVMM_RESULT_LINES_H
#define UVMM_RESULT_LINES_H

#include <stdint.h>

#include "abi.h"

enum result_kind {
	RESULT_REPORT,    /* report pass|fail|skip NAME[ REASON] */
	RESULT_ASSERT,    /* assertion failed: FILE:LINE: EXPR[ (0xL vs 0xR)] */
	RESULT_EXCEPTION, /* unhandled exception V error 0xE rip 0xR cr2 0xC */
	RESULT_SKIP,      /* skip: REASON */
	RESULT_VALUE,     /* value NAME 0xV */
};

struct result_event {
	enum result_kind kind;
	enum uvmm_result result; /* REPORT */
	const char *name;        /* REPORT, VALUE; ASSERT: the file */
	const char *text;        /* REPORT reason (may be NULL), SKIP reason; ASSERT: expression */
	uint64_t line;           /* ASSERT */
	int has_values;          /* ASSERT: lhs and rhs mean something */
	uint64_t v[4];           /* ASSERT: lhs, rhs; EXCEPTION: vector, error, rip, cr2; VALUE: v[0] */
};

/* Prints e's line on the console, then hands e and that line (without its
 * newline) to result_record. */
void result_emit(const struct result_event *e);

/* The platform's recorder: a no-op where the console is the record (uvmm,
 * QEMU -kernel); the UEFI platform keeps events for its results file. */
void result_record(const struct result_event *e, const char *line);

/* The line for e, NUL-terminated, without newline; returns its length (as
 * snprintf: the length needed). */
int result_format(const struct result_event *e, char *buf, unsigned long size);

#endif
