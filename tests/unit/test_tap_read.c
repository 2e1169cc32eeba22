/* Unit tests for the TAP reader: what uvmm's own writer produces reads back
 * with its classes, messages and values; foreign TAP gets its class from
 * ok/not ok and the directive; broken input is an error with its line. */
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
#include "xplat/tap_read.h"

static void reads_back_what_uvmm_writes(void **state)
{
	char *buf = NULL, err[256] = "";
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct tap_doc d;
	const struct tap_point *p;

	(void)state;
	assert_int_equal(tap_write(f, &fixture_report), 0);
	fclose(f);
	assert_int_equal(tap_parse(&d, buf, len, "t", err, sizeof(err)), 0);
	assert_int_equal(d.n, fixture_report.n);
	for (size_t i = 0; i < d.n; i++) {
		assert_string_equal(d.points[i].name, fixture_results[i].name);
		assert_string_equal(d.points[i].cls, result_class_name(fixture_results[i].cls));
		assert_string_equal(d.points[i].message, fixture_results[i].message);
	}
	p = tap_find(&d, "bad");
	assert_non_null(p);
	assert_int_equal(p->nvalues, 2);
	assert_string_equal(p->values[0].name, "trap1.error");
	assert_int_equal(p->values[0].value, 8);
	assert_int_equal(p->values[1].value, 0xffff800000001000ull);
	assert_string_equal(tap_env(&d, "kvm_implementation"), "kvm_pvm (--impl)");
	assert_null(tap_env(&d, "nothing"));
	assert_null(tap_find(&d, "console")); /* a subtest point is not a test */
	tap_free(&d);
	free(buf);
}

static void foreign_tap_without_yaml(void **state)
{
	static const char text[] =
		"TAP version 14\n1..5\nok 1 - a\nnot ok 2 - b\nok 3 - c # SKIP no disk\n"
		"not ok 4 - d # TODO known\nok - e \\# f # todo fixed\n";
	struct tap_doc d;
	char err[256];

	(void)state;
	assert_int_equal(tap_parse(&d, text, strlen(text), "t", err, sizeof(err)), 0);
	assert_int_equal(d.n, 5);
	assert_string_equal(d.points[0].cls, "PASS");
	assert_string_equal(d.points[1].cls, "FAIL");
	assert_string_equal(d.points[2].cls, "SKIP");
	assert_string_equal(d.points[2].message, "no disk");
	assert_string_equal(d.points[3].cls, "XFAIL");
	assert_string_equal(d.points[4].name, "e # f");
	assert_string_equal(d.points[4].cls, "XPASS");
	tap_free(&d);
}

static void values_must_be_hex(void **state)
{
	static const char text[] =
		"TAP version 14\nok 1 - a\n  ---\n  values:\n    good: \"0x1f\"\n    bad: \"12\"\n"
		"    worse: \"0xzz\"\n  message: \"m\"\n  ...\n";
	struct tap_doc d;
	char err[256];

	(void)state;
	assert_int_equal(tap_parse(&d, text, strlen(text), "t", err, sizeof(err)), 0);
	assert_int_equal(d.points[0].nvalues, 1);
	assert_int_equal(d.points[0].values[0].value, 0x1f);
	assert_string_equal(d.points[0].message, "m");
	tap_free(&d);
}

static void broken_input_has_its_line(void **state)
{
	static const struct {
		const char *text, *error;
	} cases[] = {
		{ "", "t:0: empty file: not a TAP report" },
		{ "hello\n", "t:1: not a TAP report (the first line is not 'TAP version 14')" },
		{ "TAP version 14\nokay 1 - a\n",
		  "t:2: a test point is 'ok' or 'not ok', then a number and a description" },
		{ "TAP version 14\nok 1 - a\n  ---\n  message: \"no end\n  ...\n",
		  "t:4: a YAML string does not end on its line" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tap_doc d;
		char err[256] = "";
		int r = tap_parse(&d, cases[i].text, strlen(cases[i].text), "t", err, sizeof(err));

		if (r != -1 || strcmp(err, cases[i].error))
			fail_msg("case %zu: got %d '%s', want '%s'", i, r, err, cases[i].error);
		tap_free(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_back_what_uvmm_writes),
		cmocka_unit_test(foreign_tap_without_yaml),
		cmocka_unit_test(values_must_be_hex),
		cmocka_unit_test(broken_input_has_its_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
