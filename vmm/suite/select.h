/* Which manifest tests a run takes: names, shell globs and group:GLOB
 * patterns, in manifest order, each pattern required to match something;
 * and the shard of them that one of N machines runs. */
#ifndef UVMM_SUITE_SELECT_H
#define UVMM_SUITE_SELECT_H

#include <stddef.h>

#include "suite/manifest.h"

/* 1 when pattern (NAME, GLOB or group:GLOB) selects t. */
int suite_pattern_matches(const char *pattern, const struct manifest_test *t);

/* Fills out[0..*nout) with the tests of m that any pattern selects (all of
 * them when npatterns is 0), in manifest order; out has room for m->ntests.
 * Returns 0, or -1 with a reason naming a pattern that matches nothing. */
int suite_select(const struct manifest *m, char *const *patterns, int npatterns,
		 const struct manifest_test **out, size_t *nout, char *err, size_t errlen);

/* --shard K/N: 1 <= K <= N <= SUITE_MAX_SHARDS. */
#define SUITE_MAX_SHARDS 1000

/* Parses "K/N". Returns 0, or -1 with a reason naming the accepted range. */
int suite_shard_parse(const char *text, unsigned *k, unsigned *n, char *err, size_t errlen);

/* The shard (1..n) a test name belongs to: a hash of the name alone, so a
 * test stays in its shard however the manifest is reordered or grows. */
unsigned suite_shard_of(const char *name, unsigned n);

/* Keeps the tests of tests[0..*count) in shard k of n, in their order. */
void suite_shard_filter(const struct manifest_test **tests, size_t *count, unsigned k, unsigned n);

#endif
