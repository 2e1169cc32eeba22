/* One conformance-suite run: requirement checks, a forked child per test
 * (suite/exec.c), classification against the deviations, and the verdict
 * lines printed in manifest order as tests finish. */
#ifndef UVMM_SUITE_RUNNER_H
#define UVMM_SUITE_RUNNER_H

#include <stdio.h>

#include "run/run_guest.h"
#include "suite/exec.h"
#include "suite/deviations.h"
#include "suite/exec.h"
#include "suite/host_env.h"
#include "suite/manifest.h"
#include "suite/report_human.h"
#include "suite/result.h"

#define SUITE_MAX_ENV_LINES 64

struct suite_entry;
#define SUITE_MAX_JOBS 1024

/* Another platform to run the suite on (uvmm test --on): its runner
 * replaces run_guest in each test's child, its environment lines the host
 * probe, and KVM requirements are not checked (they are this KVM's). */
struct suite_backend {
	const char *impl;   /* implementation name: deviations and the header */
	exec_run_fn run;
	const void *arg;    /* the job's run_arg */
	size_t (*env)(const void *arg, struct env_line *out, size_t max);
};

struct suite_opts {
	const char *guest_dir;   /* images and expectation files */
	const char *log_dir;     /* one NAME.log per test */
	const char *kvm;         /* KVM device (NULL: /dev/kvm) */
	const char *impl;        /* implementation name instead of detecting it (NULL) */
	const char *timeout;     /* --timeout: replaces every test's limit (NULL) */
	const char *vfio_api;    /* --vfio-api: vfio_api= for every test (NULL) */
	unsigned jobs;           /* tests at a time */
	int no_sandbox;
	int vfio_rebind;         /* --vfio-rebind for every test */
	const struct suite_backend *backend; /* NULL: uvmm on this machine's KVM */
	FILE *out;               /* verdict lines and the summary */
	struct human_style style;
	/* out is a terminal: one live status line (suite/progress.h) instead of a
	 * verdict line per test; only the verdicts that fail the suite are printed. */
	int live;
	unsigned columns;        /* its width */
	/* A test source with its own verdict rules (uvmm kut) re-classifies each
	 * finished test here, after the default classification (NULL: none);
	 * dev is the test's deviation on impl, the implementation detected. */
	void (*classify)(void *arg, struct suite_entry *e, const struct exec_outcome *oc,
			 const struct deviation *dev, const char *impl);
	void *classify_arg;
};

/* What a test source other than the manifest adds to a test's run request. */
struct suite_extra {
	const char *cmdline;     /* boot command line (NULL: none) */
	const char *initrd_text; /* multiboot module bytes (NULL: none) */
	size_t initrd_len;
	int no_check;            /* no expectations: the guest's status decides */
	const char *skip;        /* not launched, SKIP with this reason (NULL: run it) */
};

/* One selected test through the run. */
struct suite_entry {
	const struct manifest_test *test;
	struct suite_extra extra;
	struct test_result result;
	char *image, *expect, *log_path;
	char timeout_override[64];
	char api_override[32];
	int done;
};

/* What a finished run leaves for the report writers. */
struct suite_run {
	struct host_env host;
	struct env_line env[SUITE_MAX_ENV_LINES];
	struct test_result *results;
	char stamp[32], hostname[256];
	struct suite_report report;
	/* A signal stopped the run (report.interrupted points here). */
	struct suite_interruption interruption;
	const char **stopped;    /* names of the tests stopped while running */
	/* The children's run_results: the results' guest reports point into them. */
	struct exec_job *jobs;
	size_t njobs;
};

/* Runs entries[0..n) (their test fields set) and fills *run. Returns 0, or
 * -1 with a one-line reason when the run could not start. A signal
 * (suite/interrupt.h) ends the run early: then run->report.interrupted is
 * set and run->report.results holds only the tests that finished. */
int suite_run(const struct suite_opts *o, const struct manifest *m, const struct deviations *dev,
	      struct suite_entry *entries, size_t n, struct suite_run *run, char *err, size_t errlen);
void suite_run_free(struct suite_run *run);
void suite_entries_free(struct suite_entry *e, size_t n);

#endif
