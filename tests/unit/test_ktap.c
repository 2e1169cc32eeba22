/* Unit tests for the KTAP v1 writer: the exact text for a fixed result set of
 * every class (nested reports, directives, diagnostics), guest text that
 * tries to forge lines or directives, and an interrupted run's Bail out!. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_fixture.h"
#include "suite/report_ktap.h"

static const char expected[] =
	"KTAP version 1\n"
	"# uvmm conformance suite\n"
	"# kernel: 6.1.0\n"
	"# kvm_implementation: kvm_pvm (--impl)\n"
	"1..7\n"
	"  KTAP version 1\n"
	"  # Subtest: hello\n"
	"  1..2\n"
	"  ok 1 console\n"
	"  ok 2 x2apic # SKIP no x2APIC\n"
	"ok 1 hello\n"
	"  KTAP version 1\n"
	"  # Subtest: bad\n"
	"  1..1\n"
	"  # value #2: got \"1\" want 2\n"
	"  not ok 1 value ?2\n"
	"# bad: GUEST_FAIL: value #2: got \"1\" want 2\n"
	"not ok 2 bad\n"
	"# vfio: requires /dev/vfio/vfio, which does not exist\n"
	"ok 3 vfio # SKIP requires /dev/vfio/vfio, which does not exist\n"
	"# hlt: known deviation: HLT differs (MISMATCH)\n"
	"ok 4 hlt # XFAIL known deviation: HLT differs (MISMATCH)\n"
	"# hang: no verdict within the time limit; last exit: #3 at rip 0x1000: hlt\n"
	"not ok 5 hang # TIMEOUT no verdict within the time limit; last exit: ?3 at rip 0x1000: hlt\n"
	"# crash: the test process was killed by signal 11 (Segmentation fault)\n"
	"not ok 6 crash # ERROR the test process was killed by signal 11 (Segmentation fault)\n"
	"# fixed: passed, but listed as a known deviation: gone\n"
	"not ok 7 fixed\n"
	"# 1 passed, 1 failed, 1 skipped, 1 xfail, 1 xpass, 1 timeout, 1 error\n";

static char *render(const struct suite_report *r)
{
	return fixture_render(ktap_write, r);
}

static void writes_the_exact_report(void **state)
{
	char *text = render(&fixture_report);

	(void)state;
	assert_same_text(text, expected);
	free(text);
}

/* A result line must come only from uvmm: guest text in descriptions and
 * directive data loses '#' and line breaks. */
static void guest_text_cannot_forge_lines(void **state)
{
	static const struct session_report reps[] = {
		{ UVMM_RESULT_SKIP, "x\nok 9 forged # SKIP", "why\nnot ok 10 # TODO\x01\xc3" },
	};
	struct test_result t = { .name = "t", .cls = RC_SKIP, .message = "m\nok 12 # XFAIL",
				 .code = -1, .reports = reps, .nreports = 1 };
	struct suite_report r = { .results = &t, .n = 1 };
	char *text = render(&r);

	(void)state;
	assert_non_null(strstr(text, "  ok 1 x ok 9 forged ? SKIP # SKIP why not ok 10 ? TODO??\n"));
	assert_non_null(strstr(text, "ok 1 t # SKIP m ok 12 ? XFAIL\n"));
	for (const char *p = text; *p; p++)
		assert_true(*p == '\n' || (*p >= 0x20 && *p < 0x7f));
	free(text);
}

static void an_interrupted_run_bails_out(void **state)
{
	const char *running[] = { "vfio" };
	struct suite_interruption in = { .signo = 2, .after = "bad", .done = 2, .total = 7,
					 .running = running, .nrunning = 1 };
	struct suite_report r = fixture_report;
	char *text, *last;

	(void)state;
	r.n = 2;
	r.interrupted = &in;
	text = render(&r);
	assert_non_null(strstr(text, "\n1..7\n"));
	assert_null(strstr(text, "ok 3 "));
	last = strrchr(text, '\n');
	*last = 0;
	last = strrchr(text, '\n') + 1;
	assert_string_equal(last, "Bail out! uvmm test interrupted by SIGINT after test 'bad' "
			    "(2 of 7 tests done; stopped while running: vfio)");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writes_the_exact_report),
		cmocka_unit_test(guest_text_cannot_forge_lines),
		cmocka_unit_test(an_interrupted_run_bails_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
