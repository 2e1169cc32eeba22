/* Process exit codes of `uvmm run` (documented in docs/uvmm.md and --help).
 * When several apply, the lowest entry of the priority list in docs wins. */
#ifndef UVMM_SESSION_EXITCODE_H
#define UVMM_SESSION_EXITCODE_H

enum uvmm_exit_code {
	UVMM_EXIT_PASS = 0,        /* guest reported success and every exit matched */
	UVMM_EXIT_GUEST_FAIL = 1,  /* guest reported failure (status, assert, failed report) */
	UVMM_EXIT_MISMATCH = 2,    /* an exit differed from the declared expectations */
	UVMM_EXIT_TIMEOUT = 3,     /* --timeout elapsed before the guest finished */
	UVMM_EXIT_BAD_IMAGE = 4,   /* guest image malformed or unreadable */
	UVMM_EXIT_BAD_EXPECT = 5,  /* expectation text has a syntax error */
	UVMM_EXIT_HOST_ERROR = 6,  /* /dev/kvm or another host facility failed */
	UVMM_EXIT_USAGE = 7,       /* bad command line */
	UVMM_EXIT_GUEST_CRASH = 8, /* guest ended without a verdict (triple fault, bad ABI use, ...) */
	UVMM_EXIT_SKIP = 77,       /* guest reported that the test does not apply */
};

/* kvm-unit-tests' statuses through the debug-exit port (its lib/report.c,
 * lib/abort.c): report_summary() gives 0 (pass), 1 (a failure) or 38 (every
 * test skipped, 77 >> 1); abort() gives 63. */
#define KUT_STATUS_PASS 0
#define KUT_STATUS_FAIL 1
#define KUT_STATUS_SKIP 38
#define KUT_STATUS_ABORT 63

const char *uvmm_exit_code_name(int code);

#endif
