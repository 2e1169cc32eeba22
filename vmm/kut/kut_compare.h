/* Two uvmm kut results (TAP files it wrote, e.g. this machine's and the
 * nested job's) side by side: the entries whose verdicts differ, and
 * whether each known deviation of the first is backed by a pass in the
 * second. */
#ifndef UVMM_KUT_KUT_COMPARE_H
#define UVMM_KUT_KUT_COMPARE_H

#include <stddef.h>
#include <stdio.h>

#include "suite/deviations.h"

struct kut_subresult {
	char *key;                /* ENTRY:SUBTEST (kut_subtest_key) */
	int ok;                   /* "ok" without a directive */
};

struct kut_result_entry {
	char *name;
	char cls[16];             /* PASS, FAIL, SKIP, XFAIL, XPASS, TIMEOUT, ERROR */
	char *message;
	struct kut_subresult *sub;
	size_t nsub;
};

struct kut_results {
	char impl[64];            /* from "# kvm_implementation:" ("unknown" when absent) */
	struct kut_result_entry *e;
	size_t n;
};

/* Reads a TAP report of uvmm kut (or uvmm test). Returns 0, or -1 with
 * "FILE:LINE: reason" (not TAP, a test point without its class, ...). */
int kut_results_load(struct kut_results *r, const char *path, char *err, size_t errlen);
void kut_results_free(struct kut_results *r);

/* Prints the table of entries whose class differs (or that only one side
 * has) and, when dev is given, one line per deviation of a's implementation
 * saying whether b passes it. Returns the number of deviations b does not
 * back (0 when dev is NULL). */
size_t kut_compare_print(FILE *out, const struct kut_results *a, const struct kut_results *b,
			 const struct deviations *dev, size_t *ndiffer);

#endif
