/* The KTAP version 1 report (the kernel's Documentation/dev-tools/ktap.rst,
 * which KernelCI reads): one result line per guest, its reports as a nested
 * KTAP block, the uvmm class as the directive (docs/runner.md). */
#ifndef UVMM_SUITE_REPORT_KTAP_H
#define UVMM_SUITE_REPORT_KTAP_H

#include <stdio.h>

#include "suite/result.h"

/* Returns 0, or -1 when writing failed. */
int ktap_write(FILE *f, const struct suite_report *r);

#endif
