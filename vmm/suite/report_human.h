/* The report for people at a terminal: environment, one verdict line per test
 * (coloured only on a terminal), failure logs, and the summary line. */
#ifndef UVMM_SUITE_REPORT_HUMAN_H
#define UVMM_SUITE_REPORT_HUMAN_H

#include <stddef.h>
#include <stdio.h>

#include "suite/result.h"

struct env_line;

struct human_style {
	int color;    /* ANSI colours (only when the output is a terminal) */
	int verbose;  /* print the log of every test that did not pass or skip */
};

void human_header(FILE *f, const struct env_line *env, size_t nenv, size_t ntests,
		  unsigned parallel);
void human_verdict(FILE *f, const struct test_result *t, const struct human_style *st);
void human_summary(FILE *f, const struct suite_report *r, const struct human_style *st);

#endif
