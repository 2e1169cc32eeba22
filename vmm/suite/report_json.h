/* The results file (docs/results-schema.md): one platform's environment,
 * run and every test as versioned JSON, the input of `uvmm report`. */
#ifndef UVMM_SUITE_REPORT_JSON_H
#define UVMM_SUITE_REPORT_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "suite/result.h"

#define RESULTS_FORMAT "uvmm-results"
#define RESULTS_SCHEMA 1  /* grows only by adding keys: docs/results-schema.md */

struct host_env;

/* The default platform name: "IMPLEMENTATION/KERNEL", e.g. "kvm_pvm/6.18.44". */
void results_platform_id(const struct host_env *h, char *buf, size_t len);

/* key: {"program": "uvmm", "version", "git"[, "command"]}: which uvmm
 * wrote a file or ran a run (command NULL: none). */
struct json_writer;
void results_write_uvmm(struct json_writer *w, const char *key, const char *command);

/* Writes r as a results file with one platform and one run. Any runner can
 * call it (uvmm test, uvmm kut): r->suite names it. Returns 0, or -1 when
 * writing failed. */
int json_report_write(FILE *f, const struct suite_report *r);

#endif
