/* Unit tests for the console result protocol parser: a QEMU/OVMF console,
 * firmware noise and escape sequences included, gives the reports, values,
 * first failure and markers a uvmm session would have; near misses are not
 * results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "uvmm/abi.h"
#include "xplat/console_proto.h"

static struct console_result r;

static void parse(const char *s)
{
	console_parse(s, strlen(s), &r);
}

static void reads_a_uefi_run(void **state)
{
	(void)state;
	parse("\033[2J\033[01;01H\033[=3hBdsDxe: starting Boot0001\r\n"
	      "\033[0m\033[37m\033[40muvmm-efi: start exc_pf\r\n"
	      "value trap1.error 0x9\n"
	      "report pass not-present-read\n"
	      "report skip nx-fetch no NX here\n"
	      "value trap1.error 0x8\n"
	      "report fail write-read-only wrong \"code\"\n"
	      "assertion failed: t.c:3: a == b (0x1 vs 0x2)\n"
	      "uvmm-efi: exit 1\n");
	assert_true(r.started);
	assert_true(r.exited);
	assert_int_equal(r.exit_status, 1);
	assert_int_equal(r.nreports, 3);
	assert_int_equal(r.reports[0].result, UVMM_RESULT_PASS);
	assert_string_equal(r.reports[0].name, "not-present-read");
	assert_string_equal(r.reports[0].reason, "");
	assert_int_equal(r.reports[1].result, UVMM_RESULT_SKIP);
	assert_string_equal(r.reports[1].reason, "no NX here");
	assert_int_equal(r.reports[2].result, UVMM_RESULT_FAIL);
	assert_string_equal(r.reports[2].reason, "wrong \"code\"");
	/* The first failure is the failed report, not the later assertion. */
	assert_true(r.failed);
	assert_string_equal(r.failure, "report fail write-read-only wrong \"code\"");
	assert_int_equal(r.nvalues, 1);
	assert_int_equal(r.values[0].value, 8);
	assert_string_equal(r.last_line, "uvmm-efi: exit 1");
	assert_false(r.skipped);
}

static void exceptions_and_skips(void **state)
{
	(void)state;
	parse("unhandled exception 14 error 0x2 rip 0x1000 cr2 0x0\nskip: no \x01 device");
	assert_true(r.failed);
	assert_string_equal(r.failure, "unhandled exception 14 error 0x2 rip 0x1000 cr2 0x0");
	assert_true(r.skipped);
	assert_string_equal(r.skip_reason, "no ? device"); /* printable ASCII only */
	assert_false(r.started);
}

static void near_misses_are_not_results(void **state)
{
	(void)state;
	parse(" report pass x\nreport maybe x\nreport pass \nreportpass x\nvalue x 9\n"
	      "uvmm-efi: exit 1x\nAssertion failed: no\nHello, world!\n");
	assert_int_equal(r.nreports, 0);
	assert_int_equal(r.nvalues, 0);
	assert_false(r.failed);
	assert_false(r.exited);
	assert_string_equal(r.last_line, "Hello, world!");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_a_uefi_run),
		cmocka_unit_test(exceptions_and_skips),
		cmocka_unit_test(near_misses_are_not_results),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
