/* Runs suite tests in child processes, several at a time: each child runs one
 * guest and sends its run_result back over a pipe; the parent enforces a hard
 * time limit and turns crashes into outcomes instead of dying with them. */
#ifndef UVMM_SUITE_EXEC_H
#define UVMM_SUITE_EXEC_H

#include <stddef.h>
#include <stdio.h>

#include "suite/result.h"
#include "run/run_guest.h"

struct exec_job;
/* Runs one test in the child and fills res: run_guest on this machine's KVM
 * when NULL, another platform's runner otherwise (xplat/qemu_backend.c). */
typedef void (*exec_run_fn)(const struct exec_job *job, FILE *log, struct run_result *res);
enum exec_job_state {
	EXEC_JOB_PENDING,   /* not launched */
	EXEC_JOB_RUNNING,
	EXEC_JOB_DONE,      /* outcome set, on_done called */
	EXEC_JOB_STOPPED,   /* killed because the run was interrupted: no outcome */
};

struct exec_job {
	/* in */
	const char *name;
	struct run_request req;   /* console and log are set to the log file in the child */
	const char *log_path;
	double hard_limit;        /* seconds before SIGKILL; <= 0: none */
	exec_run_fn run_fn;       /* NULL: run_guest(&req) */
	const void *run_arg;      /* for run_fn */
	unsigned worker;          /* set at launch: which of the parallel workers runs it */
	/* out */
	struct exec_outcome outcome;
	struct run_result *run;   /* what the child sent (malloc'd; owned by the job) */
	double seconds;
	char detail[256];         /* outcome.detail points here */
	enum exec_job_state state;
};

/* Test hooks, for the runner's own tests: when the environment variable names
 * (fnmatch) a test, its child misbehaves on purpose before running the guest. */
#define SUITE_HOOK_CRASH "UVMM_TEST_CRASH"   /* raise SIGSEGV */
#define SUITE_HOOK_WEDGE "UVMM_TEST_WEDGE"   /* hang until killed */
#define SUITE_HOOK_SILENT "UVMM_TEST_SILENT" /* exit 0 without a result */
#define SUITE_HOOK_STRAY "UVMM_TEST_STRAY"   /* write to stdout and stderr, then run */

/* What the caller hears while jobs run (each hook may be NULL). */
struct exec_hooks {
	void (*on_start)(struct exec_job *job, void *arg);
	void (*on_done)(struct exec_job *job, void *arg);  /* completion order */
	void (*on_tick)(void *arg);  /* at least every tick_ms while children run */
	unsigned tick_ms;
	void *arg;
};

/* Seconds a stopped child gets to end on SIGTERM (a VFIO test restores the
 * host device's driver binding in its handler) before SIGKILL. */
#define EXEC_STOP_GRACE 2.0

/* Runs every job with at most `parallel` children at a time. Each child leads
 * its own process group and dies with the runner (PR_SET_PDEATHSIG). When a
 * signal interrupts the run (suite/interrupt.h), no more jobs start, every
 * running child's group gets SIGTERM, then SIGKILL after EXEC_STOP_GRACE,
 * every child is reaped, and those jobs end EXEC_JOB_STOPPED. Returns 0, or
 * 1 when the run was interrupted. */
int suite_exec_run_hooks(struct exec_job *jobs, size_t n, unsigned parallel,
			 const struct exec_hooks *hooks);

/* The same with only on_done. */
void suite_exec_run(struct exec_job *jobs, size_t n, unsigned parallel,
		    void (*on_done)(struct exec_job *job, void *arg), void *arg);

void suite_exec_free(struct exec_job *jobs, size_t n);

#endif
