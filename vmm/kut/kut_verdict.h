/* The verdict of one kvm-unit-tests entry that ran: KUT's exit status
 * convention (0 pass, 1 fail, 38 all skipped, 63 abort), its report lines
 * as subtests, the SUMMARY checked against them, and known deviations of
 * the entry or of single subtests (TEST:SUBTEST). */
#ifndef UVMM_KUT_KUT_VERDICT_H
#define UVMM_KUT_KUT_VERDICT_H

#include <stddef.h>

#include "kut/kut_log.h"
#include "suite/deviations.h"
#include "suite/result.h"

/* The subtest's name in a deviations table: ENTRY:TEXT with every run of
 * characters other than letters, digits, '_', '.' and '-' in the report's
 * text written as one '_' ("apic: CR8: f" -> "apic_CR8_f"). */
void kut_subtest_key(const char *entry, const char *text, char *key, size_t size);

struct kut_verdict {
	enum result_class cls;
	char message[512];
	struct session_report *reports;  /* one per report line (malloc'd) */
	unsigned nreports;
};

/* Judges an entry from its run (code and guest status as run_guest gave
 * them, the default class and message of the suite's classification) and
 * its log. dev is the entry's deviation on impl, devs the whole table for
 * its subtests. Returns 0, or -1 when out of memory. */
int kut_judge(const char *entry, const struct run_result *run, enum result_class dflt,
	      const char *dflt_message, const char *log, const struct deviation *dev,
	      const struct deviations *devs, const char *impl, struct kut_verdict *v);

#endif
