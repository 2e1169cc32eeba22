/* Runs suite tests in child processes, several at a time: each child runs one
 * guest and sends its run_result back over a pipe; the parent enforces a hard
 * time limit and turns crashes into outcomes instead of dying with them. */
#ifndef UVMM_SUITE_EXEC_H
#define UVMM_SUITE_EXEC_H

#include <stddef.h>

#include "suite/result.h"
#include "run/run_guest.h"

struct exec_job {
	/* in */
	const char *name;
	struct run_request req;   /* console and log are set to the log file in the child */
	const char *log_path;
	double hard_limit;        /* seconds before SIGKILL; <= 0: none */
	/* out */
	struct exec_outcome outcome;
	struct run_result *run;   /* what the child sent (malloc'd; owned by the job) */
	double seconds;
	char detail[256];         /* outcome.detail points here */
};

/* Test hooks, for the runner's own tests: when the environment variable names
 * (fnmatch) a test, its child misbehaves on purpose before running the guest. */
#define SUITE_HOOK_CRASH "UVMM_TEST_CRASH"   /* raise SIGSEGV */
#define SUITE_HOOK_WEDGE "UVMM_TEST_WEDGE"   /* hang until killed */
#define SUITE_HOOK_SILENT "UVMM_TEST_SILENT" /* exit 0 without a result */
#define SUITE_HOOK_STRAY "UVMM_TEST_STRAY"   /* write to stdout and stderr, then run */

/* Runs every job with at most `parallel` children at a time; on_done is called
 * in the parent as each job ends (completion order). */
void suite_exec_run(struct exec_job *jobs, size_t n, unsigned parallel,
		    void (*on_done)(struct exec_job *job, void *arg), void *arg);

void suite_exec_free(struct exec_job *jobs, size_t n);

#endif
