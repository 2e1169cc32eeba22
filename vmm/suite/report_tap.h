/* The TAP version 14 report: one test point per guest, its own reports as an
 * indented subtest, a YAML diagnostic block per test (docs/runner.md). */
#ifndef UVMM_SUITE_REPORT_TAP_H
#define UVMM_SUITE_REPORT_TAP_H

#include <stdio.h>

#include "suite/result.h"

/* Returns 0, or -1 when writing failed. */
int tap_write(FILE *f, const struct suite_report *r);

#endif
