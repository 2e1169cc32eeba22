/* A small fixed suite run shared by the TAP and JUnit writer tests: one test of
 * every class, guest reports, and text that needs escaping. */
#ifndef UVMM_TEST_REPORT_FIXTURE_H
#define UVMM_TEST_REPORT_FIXTURE_H

#include "suite/host_env.h"
#include "suite/result.h"
#include "uvmm/abi.h"

static const struct session_report fixture_reports_hello[] = {
	{ UVMM_RESULT_PASS, "console", "" },
	{ UVMM_RESULT_SKIP, "x2apic", "no x2APIC" },
};

static const struct session_report fixture_reports_bad[] = {
	{ UVMM_RESULT_FAIL, "value #2", "got \"1\"\nwant 2" },
};

static const struct named_value fixture_values_bad[] = {
	{ "trap1.error", 0x8 },
	{ "cr2", 0xffff800000001000ull },
};

static const struct env_line fixture_env[] = {
	{ "kernel", "6.1.0" },
	{ "kvm_implementation", "kvm_pvm (--impl)" },
};

static const struct test_result fixture_results[] = {
	{ .name = "hello", .group = "basic", .cls = RC_PASS, .message = "", .seconds = 0.0125,
	  .nexits = 15, .code = 0, .reports = fixture_reports_hello, .nreports = 2,
	  .log_path = "logs/hello.log", .log_text = "Hello, world!\n" },
	{ .name = "bad", .group = "basic", .cls = RC_FAIL,
	  .message = "GUEST_FAIL: value #2: got \"1\"\nwant 2", .seconds = 0.02, .nexits = 7,
	  .code = 1, .reports = fixture_reports_bad, .nreports = 1, .values = fixture_values_bad,
	  .nvalues = 2, .boot_seconds = 4.25, .log_path = "logs/bad.log",
	  .log_text = "esc \033[31m & <tag> \xff\xc3\xa9\n" },
	{ .name = "vfio", .group = NULL, .cls = RC_SKIP,
	  .message = "requires /dev/vfio/vfio, which does not exist", .code = -1 },
	{ .name = "hlt", .group = "basic", .cls = RC_XFAIL,
	  .message = "known deviation: HLT differs (MISMATCH)", .seconds = 0.001, .nexits = 2,
	  .code = 2, .log_path = "logs/hlt.log" },
	{ .name = "hang", .group = "basic", .cls = RC_TIMEOUT,
	  .message = "no verdict within the time limit; last exit: #3 at rip 0x1000: hlt",
	  .seconds = 5.5, .nexits = 3, .code = 3, .last_exit = "#3 at rip 0x1000: hlt",
	  .log_path = "logs/hang.log" },
	{ .name = "crash", .group = "basic", .cls = RC_ERROR,
	  .message = "the test process was killed by signal 11 (Segmentation fault)",
	  .seconds = 0.0005, .code = -1, .log_path = "logs/crash.log" },
	{ .name = "fixed", .group = "basic", .cls = RC_XPASS,
	  .message = "passed, but listed as a known deviation: gone", .seconds = 0.003,
	  .nexits = 4, .code = 0, .log_path = "logs/fixed.log" },
};

static const struct suite_report fixture_report = {
	.env = fixture_env,
	.nenv = 2,
	.results = fixture_results,
	.n = 7,
	.seconds = 5.6,
	.timestamp = "2024-05-01T12:00:00",
	.hostname = "ci&host",
};

#endif
