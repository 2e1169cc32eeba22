/* A small fixed suite run shared by the report writer tests: one test of
 * every class, guest reports, and text that needs escaping; and the helpers
 * that render and compare (include after cmocka.h). */
#ifndef UVMM_TEST_REPORT_FIXTURE_H
#define UVMM_TEST_REPORT_FIXTURE_H

#include <stdio.h>

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

/* The text a writer makes of r (malloc'd); fails the test if writing fails. */
/* noinline: inlined, GCC 12 takes the memstream's buffer for a dangling local. */
__attribute__((noinline, unused))
static char *fixture_render(int (*write)(FILE *f, const struct suite_report *r),
			    const struct suite_report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(write(f, r), 0);
	fclose(f);
	return buf;
}

/* Reports the first differing line, which is far easier to read than two blobs. */
static inline void assert_same_text(const char *got, const char *want)
{
	unsigned line = 1;
	size_t i = 0;

	while (got[i] && got[i] == want[i]) {
		if (got[i] == '\n')
			line++;
		i++;
	}
	if (got[i] || want[i])
		fail_msg("output differs at line %u:\n got: %.70s\nwant: %.70s", line, got + i,
			 want + i);
}

#endif
