/* Result classes of the conformance runner and the classification of one test
 * run (run_guest code, child fate, requirements, known deviations). */
#ifndef UVMM_SUITE_RESULT_H
#define UVMM_SUITE_RESULT_H

#include <stddef.h>

#include "suite/deviations.h"
#include <stdint.h>

#include "run/run_guest.h"

enum result_class { RC_PASS, RC_FAIL, RC_SKIP, RC_XFAIL, RC_XPASS, RC_TIMEOUT, RC_ERROR, RC_COUNT };

/* What happened to the test process. */
enum exec_status {
	EXEC_RAN,           /* the child sent back a run_result */
	EXEC_UNMET,         /* a requirement is not met: never launched */
	EXEC_UNCHECKABLE,   /* a requirement could not be checked: never launched */
	EXEC_SIGNALED,      /* the child died of a signal */
	EXEC_NO_RESULT,     /* the child exited without sending a result */
	EXEC_KILLED,        /* the runner's hard limit killed the child */
	EXEC_LAUNCH_FAILED, /* pipe, fork or the log file failed */
};

struct exec_outcome {
	enum exec_status status;
	const struct run_result *run; /* EXEC_RAN */
	int signo;                    /* EXEC_SIGNALED */
	int exit_status;              /* EXEC_NO_RESULT */
	double limit;                 /* EXEC_KILLED: the hard limit in seconds */
	const char *detail;           /* EXEC_UNMET, EXEC_UNCHECKABLE, EXEC_LAUNCH_FAILED */
	const char *log_hint;         /* EXEC_RAN: uvmm's first message in the log, or NULL */
};

/* One test as the reports show it. */
struct test_result {
	const char *name;
	const char *group;            /* first group, NULL when none */
	enum result_class cls;
	char message[512];
	double seconds;
	uint64_t nexits;
	int code;                     /* run_guest's code; -1 when it never ran */
	char last_exit[256];          /* TIMEOUT: the last exit and its RIP */
	const struct session_report *reports;
	unsigned nreports;
	const struct named_value *values; /* report_value(): what the guest observed */
	unsigned nvalues;
	double boot_seconds;          /* other platforms: firmware boot (0: none) */
	const char *log_path;         /* NULL: no log */
	const char *log_text;         /* the log's contents, NULL when not read */
	const char *const *groups;    /* every group (groups[0] is group); ngroups of them */
	unsigned ngroups;
	const struct deviation *deviation; /* the test's entry for this implementation, or NULL */
};

/* Classifies an outcome; dev is this test's entry for the current
 * implementation (NULL if none). Writes a one-line message. */
/* Results of a test's own reports beyond the guest ABI's pass, fail and skip
 * (enum uvmm_result), for test sources that have more (uvmm kut): TODO is
 * not a failure (kvm-unit-tests' XFAIL and KFAIL lines, a known deviation
 * of one subtest), XPASS is (an XPASS line, a deviation that passed). */
#define REPORT_TODO 16
#define REPORT_XPASS 17

/* "PASS", "FAIL", "SKIP", "TODO" or "XPASS". */
const char *result_report_label(int result);
/* 1 when a report with this result is a failure (FAIL, XPASS). */
int result_report_failed(int result);

enum result_class result_classify(const struct exec_outcome *o, const struct deviation *dev,
				  char *msg, size_t msglen);

/* The deviation rules on a class that ran: FAIL (and TIMEOUT for an entry
 * that says TIMEOUT) becomes XFAIL, PASS becomes XPASS; why is the run's own
 * message. Writes the verdict's message. */
enum result_class result_apply_deviation(enum result_class cls, const struct deviation *dev,
					 const char *why, char *msg, size_t msglen);

const char *result_class_name(enum result_class c);
/* FAIL, XPASS, TIMEOUT and ERROR make the suite fail. */
int result_class_fails_suite(enum result_class c);

/* Why a run ended before every selected test had a result (a signal). */
struct suite_interruption {
	int signo;
	const char *after;            /* the test that finished last, NULL when none did */
	size_t done, total;           /* tests with a result, tests selected */
	const char *const *running;   /* tests stopped while they ran */
	size_t nrunning;
};

/* Everything a report writer needs about one suite run. */
struct env_line;
struct host_env;
struct suite_report {
	const struct env_line *env;   /* the environment header */
	size_t nenv;
	const struct test_result *results; /* in manifest order */
	size_t n;
	double seconds;               /* the whole run */
	const char *timestamp;        /* start, ISO 8601 local time without zone */
	const char *hostname;
	/* What the results file adds (suite/report_json.c); all optional. */
	const char *suite;            /* which runner: NULL means "uvmm" (uvmm test) */
	const struct host_env *host;  /* the probed host, NULL: env lines only */
	const char *platform;         /* the platform's name, NULL: from host (report_json.h) */
	const char *deviations_file;
	unsigned jobs;
	unsigned shard, nshards;      /* --shard K/N; 0 and 0 when not sharded */
	const struct suite_interruption *interrupted; /* NULL: the run was not interrupted */
};

/* The name of signal signo ("SIGINT"), or "signal N". */
const char *result_signal_name(int signo, char *buf, size_t len);
/* One line: "interrupted by SIGTERM after test 'pio' (12 of 83 tests done;
 * stopped while running: a, b)". */
void result_interruption_line(const struct suite_interruption *i, char *buf, size_t len);

struct result_counts {
	unsigned n[RC_COUNT];
};

void result_count(struct result_counts *c, const struct test_result *r, size_t n);
/* "N passed, N failed, N skipped, N xfail, N xpass, N timeout, N error" */
void result_summary_line(const struct result_counts *c, char *buf, size_t len);
/* 1 when a class that fails the suite occurred, else 0. */
int result_exit_code(const struct result_counts *c);

#endif
