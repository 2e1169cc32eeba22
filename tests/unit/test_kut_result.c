/* A kvm-unit-tests log read back and judged: report lines, SUMMARY parsing
 * and its agreement with the lines, KUT's exit statuses, deviations of an
 * entry and of single subtests, and TAP reports read back for --compare. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kut/kut_compare.h"
#include "kut/kut_log.h"
#include "kut/kut_verdict.h"
#include "session/exitcode.h"
#include "uvmm/abi.h"

static const char log_text[] =
	"uvmm: something of uvmm's own\n"
	"guest| enabling apic\\x0d\n"
	"guest| PASS: apic_disable: CR8: f\\x0d\n"
	"guest| FAIL: self ipi\\x0d\n"
	"guest| SKIP: no x2apic\\x0d\n"
	"guest| XFAIL: known quirk\r\n"
	"guest| XPASS: not really expected\\x0d\n"
	"guest| KFAIL: a known bug\\x0d\n"
	"PASS: not a guest line\n"
	"guest| INFO: PASS: inside a message\\x0d\n"
	"guest| SUMMARY: 7 tests, 2 unexpected failures, 1 known failures, 1 expected failures, "
	"1 skipped\\x0d\n";

static void reads_lines_and_summary(void **state)
{
	struct kut_log l;
	char why[512];

	(void)state;
	assert_int_equal(kut_log_parse(log_text, "guest| ", &l), 0);
	assert_int_equal(l.n, 6);
	assert_int_equal(l.lines[0].kind, KUT_PASS);
	assert_string_equal(l.lines[0].text, "apic_disable: CR8: f"); /* \x0d dropped */
	assert_int_equal(l.lines[3].kind, KUT_XFAIL);
	assert_string_equal(l.lines[3].text, "known quirk");           /* raw \r too */
	assert_int_equal(l.count[KUT_FAIL], 1);
	assert_int_equal(l.count[KUT_XPASS], 1);
	assert_int_equal(l.count[KUT_KFAIL], 1);
	assert_true(l.summary.present);
	assert_int_equal(l.summary.tests, 7);
	assert_int_equal(l.summary.failures, 2);
	assert_int_equal(l.summary.known, 1);
	assert_int_equal(l.summary.expected, 1);
	assert_int_equal(l.summary.skipped, 1);
	/* 7 tests counted, 6 printed: report_passed() counts without a line */
	assert_int_equal(kut_log_check(&l, why, sizeof(why)), 0);
	kut_log_free(&l);
}

static void summary_variants(void **state)
{
	static const struct {
		const char *line;
		int present, bad;
		unsigned tests, failures, skipped;
	} cases[] = {
		{ "guest| SUMMARY: 10 tests\n", 1, 0, 10, 0, 0 },
		{ "guest| SUMMARY: 0 tests\n", 1, 0, 0, 0, 0 },
		{ "guest| SUMMARY: 3 tests, 3 skipped\n", 1, 0, 3, 0, 3 },
		{ "guest| SUMMARY: 5 tests, 1 unexpected failures, 2 skipped\n", 1, 0, 5, 1, 2 },
		{ "guest| SUMMARY: many tests\n", 0, 1, 0, 0, 0 },
		{ "guest| SUMMARY: 5 tests, 2 oddities\n", 0, 1, 0, 0, 0 },
		{ "guest| SUMMARY: 1 tesst\n", 0, 1, 0, 0, 0 }, /* found by fuzz_kut_cfg */
		{ "guest| SUMMARY: 1 tests, 2\n", 0, 1, 0, 0, 0 },
		{ "guest| SUMMARY: 5 tests, 1 skipped, 1 unexpected failures\n", 0, 1, 0, 0, 0 },
		{ "guest| no summary at all\n", 0, 0, 0, 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kut_log l;

		assert_int_equal(kut_log_parse(cases[i].line, "guest| ", &l), 0);
		if (l.summary.present != cases[i].present || l.bad_summary != cases[i].bad ||
		    l.summary.tests != cases[i].tests || l.summary.failures != cases[i].failures ||
		    l.summary.skipped != cases[i].skipped) {
			print_error("case %zu: present %d bad %d tests %u failures %u skipped %u\n", i,
				    l.summary.present, l.bad_summary, l.summary.tests, l.summary.failures,
				    l.summary.skipped);
			fail();
		}
		kut_log_free(&l);
	}
}

static void summary_must_agree(void **state)
{
	static const char *const disagree[] = {
		"guest| PASS: a\nguest| SUMMARY: 1 tests, 1 unexpected failures\n",
		"guest| FAIL: a\nguest| SUMMARY: 1 tests\n",
		"guest| PASS: a\nguest| PASS: b\nguest| SUMMARY: 1 tests\n",   /* fewer than printed */
		"guest| SKIP: a\nguest| SUMMARY: 1 tests\n",
		"guest| XFAIL: a\nguest| SUMMARY: 1 tests, 1 known failures\n",
		"guest| SUMMARY: garbled\n",
	};
	struct kut_log l;
	char why[512];

	(void)state;
	for (size_t i = 0; i < sizeof(disagree) / sizeof(disagree[0]); i++) {
		assert_int_equal(kut_log_parse(disagree[i], "guest| ", &l), 0);
		if (kut_log_check(&l, why, sizeof(why)) != -1) {
			print_error("case %zu passed the check\n", i);
			fail();
		}
		kut_log_free(&l);
	}
	assert_int_equal(kut_log_parse(disagree[0], "guest| ", &l), 0);
	kut_log_check(&l, why, sizeof(why));
	assert_string_equal(why, "SUMMARY (1 tests, 1 unexpected failures, 0 known, 0 expected, 0 skipped) "
			    "disagrees with the log (1 lines: 1 PASS, 0 FAIL, 0 XPASS, 0 KFAIL, 0 XFAIL, 0 SKIP)");
	kut_log_free(&l);
	/* and a plain log: prefix "" */
	assert_int_equal(kut_log_parse("PASS: x\nSUMMARY: 1 tests\n", "", &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(kut_log_check(&l, why, sizeof(why)), 0);
	kut_log_free(&l);
}

static struct run_result run_with(int code, uint64_t status)
{
	struct run_result r;

	memset(&r, 0, sizeof(r));
	r.code = code;
	r.exit_status = status;
	return r;
}

static enum result_class judge(int code, uint64_t status, const char *log, const struct deviation *dev,
			       const struct deviations *devs, char *msg)
{
	struct run_result r = run_with(code, status);
	struct kut_verdict v;

	assert_int_equal(kut_judge("entry", &r, RC_ERROR, "default message", log, dev, devs, "kvm_pvm",
				   &v), 0);
	strcpy(msg, v.message);
	free(v.reports);
	return v.cls;
}

static void statuses_as_kut_means_them(void **state)
{
	char msg[512];
	const char *passing = "guest| PASS: a\\x0d\nguest| SUMMARY: 1 tests\\x0d\n";

	(void)state;
	assert_int_equal(judge(UVMM_EXIT_PASS, 0, passing, NULL, NULL, msg), RC_PASS);
	assert_string_equal(msg, "");
	assert_int_equal(judge(UVMM_EXIT_PASS, 0, "", NULL, NULL, msg), RC_PASS); /* vmexit: no SUMMARY */
	assert_int_equal(judge(UVMM_EXIT_SKIP, KUT_STATUS_SKIP,
			       "guest| SKIP: no PKU\nguest| SUMMARY: 1 tests, 1 skipped\n", NULL, NULL, msg),
			 RC_SKIP);
	assert_string_equal(msg, "no PKU");
	assert_int_equal(judge(UVMM_EXIT_SKIP, KUT_STATUS_SKIP, "guest| SUMMARY: 0 tests\n", NULL, NULL, msg),
			 RC_SKIP);
	assert_string_equal(msg, "every test skipped (exit status 38)");
	assert_int_equal(judge(UVMM_EXIT_GUEST_FAIL, 1,
			       "guest| FAIL: bad\nguest| SUMMARY: 1 tests, 1 unexpected failures\n", NULL,
			       NULL, msg), RC_FAIL);
	assert_string_equal(msg, "FAIL: bad");
	assert_int_equal(judge(UVMM_EXIT_GUEST_FAIL, KUT_STATUS_ABORT,
			       "guest| ABORT: gave up\nguest| SUMMARY: 0 tests\n", NULL, NULL, msg), RC_FAIL);
	assert_string_equal(msg, "aborted (exit status 63): gave up");
	assert_int_equal(judge(UVMM_EXIT_GUEST_FAIL, 5, "", NULL, NULL, msg), RC_FAIL);
	assert_string_equal(msg, "exit status 5");
	/* what the log says can only make it worse */
	assert_int_equal(judge(UVMM_EXIT_PASS, 0, "guest| FAIL: hidden\n", NULL, NULL, msg), RC_FAIL);
	assert_string_equal(msg, "exit status 0, but 1 report lines failed (first: hidden)");
	assert_int_equal(judge(UVMM_EXIT_PASS, 0, "guest| PASS: a\nguest| SUMMARY: 2 tests, 1 unexpected "
			       "failures\n", NULL, NULL, msg), RC_FAIL);
	assert_int_equal(judge(UVMM_EXIT_SKIP, KUT_STATUS_SKIP, "guest| FAIL: x\nguest| SUMMARY: 1 tests, "
			       "1 unexpected failures\n", NULL, NULL, msg), RC_FAIL);
	/* a status KUT never gives 0 for, and uvmm's own verdicts, stand */
	assert_int_equal(judge(UVMM_EXIT_TIMEOUT, 0, passing, NULL, NULL, msg), RC_ERROR);
	assert_string_equal(msg, "default message");
}

static const char devs_text[] =
	"entry               kvm_pvm  the whole entry fails here\n"
	"entry:self_ipi      kvm_pvm  self IPI is lost\n"
	"entry:a             kvm_pvm  listed, but passes\n"
	"entry:other         kvm_amd  another implementation\n";

static void deviations_of_entries_and_subtests(void **state)
{
	struct deviations d;
	char err[256], msg[512];
	const char *one_fail = "guest| PASS: b\nguest| FAIL: self ipi\nguest| SUMMARY: 2 tests, 1 unexpected failures\n";
	const char *two_fail = "guest| FAIL: other\nguest| FAIL: self ipi\nguest| SUMMARY: 2 tests, 2 unexpected failures\n";
	struct run_result r = run_with(UVMM_EXIT_GUEST_FAIL, 1);
	struct kut_verdict v;

	(void)state;
	assert_int_equal(deviations_parse(&d, devs_text, strlen(devs_text), "dev", err, sizeof(err)), 0);
	/* every failing line is a known subtest deviation: XFAIL, the line TODO */
	assert_int_equal(kut_judge("entry", &r, RC_FAIL, "", one_fail, NULL, &d, "kvm_pvm", &v), 0);
	assert_int_equal(v.cls, RC_XFAIL);
	assert_string_equal(v.message, "known deviation of 1 subtest: self IPI is lost");
	assert_int_equal(v.nreports, 2);
	assert_int_equal(v.reports[1].result, REPORT_TODO);
	assert_string_equal(v.reports[1].reason, "known deviation: self IPI is lost");
	free(v.reports);
	/* one failing line not listed (for this implementation): FAIL */
	assert_int_equal(judge(UVMM_EXIT_GUEST_FAIL, 1, two_fail, NULL, &d, msg), RC_FAIL);
	assert_string_equal(msg, "FAIL: other");
	/* an abort is not covered by its subtests */
	assert_int_equal(judge(UVMM_EXIT_GUEST_FAIL, KUT_STATUS_ABORT,
			       "guest| FAIL: self ipi\nguest| ABORT: x\n", NULL, &d, msg), RC_FAIL);
	/* a listed subtest that passes: XPASS */
	assert_int_equal(judge(UVMM_EXIT_PASS, 0, "guest| PASS: a\nguest| SUMMARY: 1 tests\n", NULL, &d,
			       msg), RC_XPASS);
	assert_string_equal(msg, "subtest 'a' passed, but is listed as a known deviation");
	/* the entry's own deviation: FAIL -> XFAIL, PASS -> XPASS, as for uvmm test */
	assert_int_equal(judge(UVMM_EXIT_GUEST_FAIL, 1, two_fail, deviations_lookup(&d, "entry", "kvm_pvm"),
			       &d, msg), RC_XFAIL);
	assert_string_equal(msg, "known deviation: the whole entry fails here (FAIL: other)");
	assert_int_equal(judge(UVMM_EXIT_PASS, 0, "", deviations_lookup(&d, "entry", "kvm_pvm"), &d, msg),
			 RC_XPASS);
	deviations_free(&d);
}

static void subtest_keys(void **state)
{
	char key[128];

	(void)state;
	kut_subtest_key("apic", "apic_disable: CR8: f", key, sizeof(key));
	assert_string_equal(key, "apic:apic_disable_CR8_f");
	kut_subtest_key("e", "  #GP on (bad) access!  ", key, sizeof(key));
	assert_string_equal(key, "e:GP_on_bad_access");
	kut_subtest_key("e", "v1.2-x", key, sizeof(key));
	assert_string_equal(key, "e:v1.2-x");
	kut_subtest_key("entry", "a very long name that does not fit", key, 16);
	assert_string_equal(key, "entry:a_very_lo");
}

static char *write_tmp(const char *text)
{
	static char path[] = "/tmp/test_kut_result.XXXXXX";
	char *p = strdup(path);
	int fd = mkstemp(p);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return p;
}

static const char tap_a[] =
	"TAP version 14\n# uvmm conformance suite\n# kvm_implementation: kvm_pvm (/sys/module/kvm_pvm present)\n"
	"1..3\n"
	"# Subtest: apic\n    1..2\n    ok 1 - self ipi\n    not ok 2 - \\#GP on x # TODO known deviation: lost\n"
	"not ok 1 - apic # TODO known deviation of 1 subtest\n  ---\n  class: XFAIL\n  message: \"known\"\n  ...\n"
	"ok 2 - smptest\n  ---\n  class: PASS\n  message: \"\"\n  ...\n"
	"not ok 3 - hypercall\n  ---\n  class: TIMEOUT\n  message: \"hangs\"\n  ...\n";
static const char tap_b[] =
	"TAP version 14\n# kvm_implementation: kvm_amd (/sys/module/kvm_amd present)\n1..3\n"
	"# Subtest: apic\n    1..2\n    ok 1 - self ipi\n    ok 2 - \\#GP on x\n"
	"ok 1 - apic\n  ---\n  class: PASS\n  ...\n"
	"ok 2 - smptest\n  ---\n  class: PASS\n  ...\n"
	"ok 3 - emulator\n  ---\n  class: PASS\n  ...\n";

static void compares_two_reports(void **state)
{
	static const char devs[] = "apic:GP_on_x kvm_pvm lost\nhypercall kvm_pvm TIMEOUT hangs\n"
				   "smptest kvm_amd other side\n";
	char *a = write_tmp(tap_a), *b = write_tmp(tap_b), err[256], buf[4096];
	struct kut_results ra, rb;
	struct deviations d;
	size_t differ, unbacked;
	FILE *out = fmemopen(buf, sizeof(buf), "w");

	(void)state;
	assert_int_equal(kut_results_load(&ra, a, err, sizeof(err)), 0);
	assert_int_equal(kut_results_load(&rb, b, err, sizeof(err)), 0);
	assert_string_equal(ra.impl, "kvm_pvm");
	assert_int_equal(ra.n, 3);
	assert_string_equal(ra.e[0].name, "apic");
	assert_string_equal(ra.e[0].cls, "XFAIL");
	assert_int_equal(ra.e[0].nsub, 2);
	assert_string_equal(ra.e[0].sub[1].key, "apic:GP_on_x");
	assert_false(ra.e[0].sub[1].ok);
	assert_string_equal(ra.e[2].message, "hangs");
	assert_int_equal(deviations_parse(&d, devs, strlen(devs), "dev", err, sizeof(err)), 0);
	unbacked = kut_compare_print(out, &ra, &rb, &d, &differ);
	fclose(out);
	assert_int_equal(differ, 3); /* apic, hypercall (absent in b), emulator (absent in a) */
	assert_int_equal(unbacked, 1); /* hypercall: b never ran it */
	assert_non_null(strstr(buf, "deviation apic:GP_on_x on kvm_pvm: backed (PASS on kvm_amd)"));
	assert_non_null(strstr(buf, "deviation hypercall on kvm_pvm: NOT BACKED (absent on kvm_amd)"));
	assert_null(strstr(buf, "smptest on"));
	kut_results_free(&ra);
	kut_results_free(&rb);
	deviations_free(&d);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
}

static void malformed_reports(void **state)
{
	char *p, err[256];
	struct kut_results r;

	(void)state;
	p = write_tmp("not tap\n");
	assert_int_equal(kut_results_load(&r, p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":1: not a TAP report"));
	unlink(p);
	free(p);
	p = write_tmp("TAP version 14\n1..2\nok 1 - a\nok 2 - b\n  ---\n  class: PASS\n");
	assert_int_equal(kut_results_load(&r, p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "test point 'a' has no class: line"));
	kut_results_free(&r);
	unlink(p);
	free(p);
	p = write_tmp("TAP version 14\n1..1\nok 1 - a\n");
	assert_int_equal(kut_results_load(&r, p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "the last test point has no class: line"));
	kut_results_free(&r);
	unlink(p);
	free(p);
	assert_int_equal(kut_results_load(&r, "/nonexistent/x.tap", err, sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_lines_and_summary),
		cmocka_unit_test(summary_variants),
		cmocka_unit_test(summary_must_agree),
		cmocka_unit_test(statuses_as_kut_means_them),
		cmocka_unit_test(deviations_of_entries_and_subtests),
		cmocka_unit_test(subtest_keys),
		cmocka_unit_test(compares_two_reports),
		cmocka_unit_test(malformed_reports),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
