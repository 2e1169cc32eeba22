/* One run's consumer of exits: feeds the checker and the trace, acts on what
 * the guest asked for (console, exit, reports, run-time expectations) and keeps
 * the outcome from which the verdict is made. */
#ifndef UVMM_SESSION_SESSION_H
#define UVMM_SESSION_SESSION_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "devices/console.h"
#include "event.h"
#include "check/expect.h"
#include "session/trace.h"
#include "util/logcap.h"
#include "util/value_line.h"

enum session_end {
	END_NONE,          /* still running */
	END_GUEST_EXIT,    /* debug-exit port or exit hypercall; status in exit_status */
	END_SHUTDOWN,      /* triple fault */
	END_FAIL_ENTRY,
	END_INTERNAL_ERROR,
	END_UNHANDLED,     /* an exit reason uvmm does not service */
	END_MISMATCH,      /* stopped at the first exit that broke expectations */
	END_TIMEOUT,
	END_HOST_ERROR,
	END_BAD_EXPECT,    /* run-time expectation text did not parse */
	END_KILLED,        /* gdb killed the run (no verdict) */
	END_HUPCALL,       /* the guest's exit hyperupcall returned a fail verdict */
};

#define SESSION_MAX_REPORTS 256
#define SESSION_NAME_MAX 128
#define SESSION_MAX_VALUES 64
#define SESSION_DETAIL_MAX 256

struct session_report {
	int result; /* enum uvmm_result */
	char name[SESSION_NAME_MAX];
	char reason[SESSION_NAME_MAX];
};

struct exit_clock; /* bench_exit_clock.h */

/* Names a guest address for failure reports ("guest_main+0x12
 * (guest/tests/x.c:9)"); the run wires it to the image's symbols. */
struct addr_namer {
	size_t (*name)(void *ctx, uint64_t addr, char *buf, size_t size);
	void *ctx;
};

struct session {
	pthread_mutex_t lock;     /* vCPUs offer exits one at a time, in arrival order */
	struct expect_checker *checker; /* NULL: --no-check */
	struct trace *trace;      /* NULL: no --trace */
	struct exit_clock *exit_clock; /* NULL unless uvmm bench times exits (1 vCPU) */
	struct console *console;
	FILE *log;                /* uvmm's own messages (stderr) */
	struct addr_namer namer;  /* name == NULL: addresses stay numbers */
	struct logcap *glog;      /* messages the guest can repeat: bounded (same log) */

	enum session_end end;
	uint64_t exit_status;
	uint64_t nexits;
	uint64_t first_exit_ns;   /* CLOCK_MONOTONIC at exit #0 (start-up and bench timing) */
	int guest_failed;         /* failed assertion or report */
	int skipped;              /* the guest called guest_skip() */
	int kut_status;           /* exit status as kvm-unit-tests means it: 38 is SKIP, not 77 */
	int abi_violations;       /* rejected hypercalls */
	uint64_t hupcall_verdict; /* END_HUPCALL: the exit program's fail code (r0) */
	struct exit_event last;   /* the last exit (fields only; no pointers) */
	int have_last;
	unsigned nreports, reports_dropped;
	struct session_report reports[SESSION_MAX_REPORTS];
	/* "value NAME 0xV" lines of the guest's DEBUG text (report_value):
	 * what it observed, for `uvmm diff`; the last value of a name counts. */
	unsigned nvalues, values_dropped;
	struct named_value values[SESSION_MAX_VALUES];
	char fail_detail[SESSION_DETAIL_MAX]; /* the first failed assertion, "" if none */
};

void session_init(struct session *s, struct expect_checker *checker, struct trace *trace,
		  struct console *console, FILE *log, struct logcap *glog);
void session_destroy(struct session *s);

/* Offers one exit (with ev->index assigned here). Returns 1 when the run must
 * stop (the reason is in s->end), 0 to continue. */
int session_on_exit(struct session *s, struct exit_event *ev);

/* Ends the run for a reason the run loop found (timeout, host error); the
 * first reason set wins. */
void session_end(struct session *s, enum session_end why);

/* Ends the run because a device saw the guest ask for it (debug-exit port)
 * with status; the first reason set wins. */
void session_end_guest(struct session *s, uint64_t status);

/* "#PF" for 14, "?" for a vector without a name. */
const char *session_vector_name(uint64_t vector);

/* addr as the namer writes it, or "0x..." without one. Returns buf. */
const char *session_name_addr(const struct session *s, uint64_t addr, char *buf, size_t size);

/* The exit code for the run (see exitcode.h); runs expect_finish on a run
 * that ended normally and prints the failure report to s->log. */
int session_verdict(struct session *s);

#endif
