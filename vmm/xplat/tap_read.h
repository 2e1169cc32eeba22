/* Reads a TAP 14 report back: the environment header ("# key: value" lines
 * before the first test point) and each top-level test point with what its
 * YAML block says in uvmm's form (class, message, values; docs/runner.md).
 * Reports from elsewhere work too: without YAML the class comes from ok/not
 * ok and the SKIP/TODO directive. Pure: text in, structure out. */
#ifndef UVMM_XPLAT_TAP_READ_H
#define UVMM_XPLAT_TAP_READ_H

#include <stddef.h>

#include "util/value_line.h"

#define TAP_MAX_VALUES 64
#define TAP_MAX_ENV 64

struct tap_point {
	char name[128];
	char cls[16];         /* PASS FAIL SKIP XFAIL XPASS TIMEOUT ERROR */
	char message[512];
	unsigned nvalues;
	struct named_value values[TAP_MAX_VALUES];
};

struct tap_env {
	char key[48], value[256];
};

struct tap_doc {
	struct tap_env env[TAP_MAX_ENV];
	unsigned nenv;
	struct tap_point *points;
	size_t n;
};

/* Parses text[0..len); source names it in errors. Returns 0, or -1 with
 * "SOURCE:LINE: reason" (not TAP 14, a test point line that does not parse,
 * a YAML string that does not end). *doc must be freed either way. */
int tap_parse(struct tap_doc *doc, const char *text, size_t len, const char *source, char *err,
	      size_t errlen);
int tap_load(struct tap_doc *doc, const char *path, char *err, size_t errlen);
void tap_free(struct tap_doc *doc);

const struct tap_point *tap_find(const struct tap_doc *doc, const char *name);
/* The value of env key, or NULL. */
const char *tap_env(const struct tap_doc *doc, const char *key);

#endif
