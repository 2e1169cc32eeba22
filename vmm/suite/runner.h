/* One conformance-suite run: requirement checks, a forked child per test
 * (suite/exec.c), classification against the deviations, and the verdict
 * lines printed in manifest order as tests finish. */
#ifndef UVMM_SUITE_RUNNER_H
#define UVMM_SUITE_RUNNER_H

#include <stdio.h>

#include "run/run_guest.h"
#include "suite/deviations.h"
#include "suite/host_env.h"
#include "suite/manifest.h"
#include "suite/report_human.h"
#include "suite/result.h"

#define SUITE_MAX_ENV_LINES 64

struct suite_opts {
	const char *guest_dir;   /* images and expectation files */
	const char *log_dir;     /* one NAME.log per test */
	const char *kvm;         /* KVM device (NULL: /dev/kvm) */
	const char *impl;        /* implementation name instead of detecting it (NULL) */
	const char *timeout;     /* --timeout: replaces every test's limit (NULL) */
	unsigned jobs;           /* tests at a time */
	int no_sandbox;
	const char *gdb_on_fail; /* run failed tests again under the gdb stub here (NULL: no) */
	FILE *out;               /* verdict lines and the summary */
	struct human_style style;
};

/* One selected test through the run. */
struct suite_entry {
	const struct manifest_test *test;
	struct test_result result;
	char *image, *expect, *log_path;
	char timeout_override[64];
	int done;
};

/* What a finished run leaves for the report writers. */
struct suite_run {
	struct host_env host;
	struct env_line env[SUITE_MAX_ENV_LINES];
	struct test_result *results;
	char stamp[32], hostname[256];
	struct suite_report report;
};

/* Runs entries[0..n) (their test fields set) and fills *run. Returns 0, or
 * -1 with a one-line reason when the run could not start. */
int suite_run(const struct suite_opts *o, const struct manifest *m, const struct deviations *dev,
	      struct suite_entry *entries, size_t n, struct suite_run *run, char *err, size_t errlen);
void suite_run_free(struct suite_run *run);
void suite_entries_free(struct suite_entry *e, size_t n);

#endif
