/* A report whose reason is formatted (printf-style, cut at
 * UVMM_HC_STRING_MAX): for tests that record what they saw in every case,
 * pass or fail (the trap-and-emulate audit, the IOMMU tests). */
#ifndef UVMM_REPORTF_H
#define UVMM_REPORTF_H

#include "abi.h"

/* test_report(name, ok ? PASS : FAIL, the formatted reason). */
long test_reportf(const char *name, int ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
