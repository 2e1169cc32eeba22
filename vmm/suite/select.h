/* Which manifest tests a run takes: names, shell globs and group:GLOB
 * patterns, in manifest order, each pattern required to match something. */
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

#endif
