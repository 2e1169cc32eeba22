/* uvmm kut on the suite runner: the plan's tests as suite entries, the
 * verdict hook that reads each entry's log, and the JUnit view in which
 * every report line is a test case of its own. */
#ifndef UVMM_KUT_KUT_SUITE_H
#define UVMM_KUT_KUT_SUITE_H

#include <stdio.h>

#include "kut/kut_plan.h"
#include "suite/runner.h"

struct kut_suite {
	struct kut_plan *plan;
	struct suite_entry *entries;   /* parallel to plan->m.tests (calloc'd) */
	const struct deviations *dev;
	struct session_report **reports; /* each entry's subtests (owned) */
	int oom;                       /* a verdict could not be made: out of memory */
};

/* Entries for every planned test, with their run extras. Returns 0 or -1. */
int kut_suite_init(struct kut_suite *k, struct kut_plan *plan, const struct deviations *dev);
void kut_suite_free(struct kut_suite *k);

/* Wires the verdict hook into o. */
void kut_suite_hook(struct kut_suite *k, struct suite_opts *o);

/* Writes r as JUnit XML with one test case per entry and one per report
 * line (classname uvmm.ENTRY). Returns 0, or -1 when writing failed. */
int kut_junit_write(FILE *f, const struct suite_report *r);

#endif
