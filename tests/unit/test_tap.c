/* Unit tests for the TAP 14 writer: the exact text for a fixed result set of
 * every class, with subtests, directives, YAML blocks and escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_fixture.h"
#include "suite/report_tap.h"

static const char expected[] =
	"TAP version 14\n"
	"# uvmm conformance suite\n"
	"# kernel: 6.1.0\n"
	"# kvm_implementation: kvm_pvm (--impl)\n"
	"1..7\n"
	"# Subtest: hello\n"
	"    1..2\n"
	"    ok 1 - console\n"
	"    ok 2 - x2apic # SKIP no x2APIC\n"
	"ok 1 - hello\n"
	"  ---\n"
	"  class: PASS\n"
	"  code: PASS\n"
	"  duration_ms: 12.500\n"
	"  exits: 15\n"
	"  message: \"\"\n"
	"  log: \"logs/hello.log\"\n"
	"  ...\n"
	"# Subtest: bad\n"
	"    1..1\n"
	"    not ok 1 - value \\#2\n"
	"      ---\n"
	"      message: \"got \\\"1\\\"\\nwant 2\"\n"
	"      ...\n"
	"not ok 2 - bad\n"
	"  ---\n"
	"  class: FAIL\n"
	"  code: GUEST_FAIL\n"
	"  duration_ms: 20.000\n"
	"  exits: 7\n"
	"  boot_ms: 4250.000\n"
	"  message: \"GUEST_FAIL: value #2: got \\\"1\\\"\\nwant 2\"\n"
	"  values:\n"
	"    trap1.error: \"0x8\"\n"
	"    cr2: \"0xffff800000001000\"\n"
	"  log: \"logs/bad.log\"\n"
	"  ...\n"
	"ok 3 - vfio # SKIP requires /dev/vfio/vfio, which does not exist\n"
	"  ---\n"
	"  class: SKIP\n"
	"  duration_ms: 0.000\n"
	"  exits: 0\n"
	"  message: \"requires /dev/vfio/vfio, which does not exist\"\n"
	"  ...\n"
	"not ok 4 - hlt # TODO known deviation: HLT differs (MISMATCH)\n"
	"  ---\n"
	"  class: XFAIL\n"
	"  code: MISMATCH\n"
	"  duration_ms: 1.000\n"
	"  exits: 2\n"
	"  message: \"known deviation: HLT differs (MISMATCH)\"\n"
	"  log: \"logs/hlt.log\"\n"
	"  ...\n"
	"not ok 5 - hang\n"
	"  ---\n"
	"  class: TIMEOUT\n"
	"  code: TIMEOUT\n"
	"  duration_ms: 5500.000\n"
	"  exits: 3\n"
	"  message: \"no verdict within the time limit; last exit: #3 at rip 0x1000: hlt\"\n"
	"  last_exit: \"#3 at rip 0x1000: hlt\"\n"
	"  log: \"logs/hang.log\"\n"
	"  ...\n"
	"not ok 6 - crash\n"
	"  ---\n"
	"  class: ERROR\n"
	"  duration_ms: 0.500\n"
	"  exits: 0\n"
	"  message: \"the test process was killed by signal 11 (Segmentation fault)\"\n"
	"  log: \"logs/crash.log\"\n"
	"  ...\n"
	"not ok 7 - fixed\n"
	"  ---\n"
	"  class: XPASS\n"
	"  code: PASS\n"
	"  duration_ms: 3.000\n"
	"  exits: 4\n"
	"  message: \"passed, but listed as a known deviation: gone\"\n"
	"  log: \"logs/fixed.log\"\n"
	"  ...\n"
	"# 1 passed, 1 failed, 1 skipped, 1 xfail, 1 xpass, 1 timeout, 1 error\n";

static char *render(const struct suite_report *r)
{
	return fixture_render(tap_write, r);
}

static void writes_the_exact_report(void **state)
{
	char *text = render(&fixture_report);

	(void)state;
	assert_same_text(text, expected);
	free(text);
}

static void empty_run_is_a_valid_plan(void **state)
{
	struct suite_report r = { .results = NULL, .n = 0 };
	char *text = render(&r);

	(void)state;
	assert_same_text(text, "TAP version 14\n# uvmm conformance suite\n1..0\n"
			 "# 0 passed, 0 failed, 0 skipped, 0 xfail, 0 xpass, 0 timeout, 0 error\n");
	free(text);
}

/* Guest-supplied text must not be able to forge test points or directives. */
static void guest_text_cannot_break_the_stream(void **state)
{
	static const struct session_report reps[] = {
		{ UVMM_RESULT_FAIL, "x\nok 9 - forged # SKIP", "line1\nnot ok 10\x01\xc3" },
		{ UVMM_RESULT_SKIP, "s", "why\nok 11" },
	};
	struct test_result t = { .name = "t", .cls = RC_SKIP, .message = "m\nok 12 # TODO",
				 .code = -1, .reports = reps, .nreports = 2 };
	struct suite_report r = { .results = &t, .n = 1 };
	char *text = render(&r);

	(void)state;
	assert_non_null(strstr(text, "    not ok 1 - x?ok 9 - forged \\# SKIP\n"));
	assert_non_null(strstr(text, "      message: \"line1\\nnot ok 10\\x01\\xc3\"\n"));
	assert_non_null(strstr(text, "    ok 2 - s # SKIP why ok 11\n"));
	assert_non_null(strstr(text, "ok 1 - t # SKIP m ok 12 # TODO\n"));
	for (const char *p = text; *p; p++)
		assert_true(*p == '\n' || (*p >= 0x20 && *p < 0x7f));
	free(text);
}

/* An interrupted run keeps the whole plan and ends with "Bail out!". */
static void an_interrupted_run_bails_out(void **state)
{
	struct suite_interruption in = { .signo = 15, .after = "hello", .done = 1, .total = 7 };
	struct suite_report r = fixture_report;
	char *text, *last;

	(void)state;
	r.n = 1;
	r.interrupted = &in;
	text = render(&r);
	assert_non_null(strstr(text, "\n1..7\n"));
	assert_null(strstr(text, "\nnot ok 2 - bad"));
	last = strrchr(text, '\n');
	*last = 0;
	last = strrchr(text, '\n') + 1;
	assert_string_equal(last, "Bail out! uvmm test interrupted by SIGTERM after test 'hello' "
			    "(1 of 7 tests done)");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_interrupted_run_bails_out),
		cmocka_unit_test(writes_the_exact_report),
		cmocka_unit_test(empty_run_is_a_valid_plan),
		cmocka_unit_test(guest_text_cannot_break_the_stream),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
