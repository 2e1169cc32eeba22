/* Checks a parsed results file against docs/results-schema.md: the keys a
 * reader relies on must be there with their types; unknown keys are allowed
 * (the schema grows by adding keys), and so is any schema version >= 1. */
#ifndef UVMM_SUITE_RESULTS_CHECK_H
#define UVMM_SUITE_RESULTS_CHECK_H

#include <stddef.h>

#include "util/json_parse.h"

#define RESULTS_NAME_MAX 256  /* platform ids, suite and test names (bytes) */

/* Returns 0, or -1 with "PATH: reason", PATH as in "platforms[0].tests[3].class". */
int results_check(const struct json_value *root, char *err, size_t errlen);

/* 1 when class is one this uvmm knows (PASS ... ERROR). A newer uvmm may add
 * classes: results_check accepts any [A-Z_]{1,16}. */
int results_class_known(const char *cls);

#endif
