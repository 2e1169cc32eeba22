/* util/num: the one grammar numbers enter uvmm by, and its error form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/num.h"

static void integers(void **state)
{
	static const char *const bad[] = { "", "-1", "+1", " 1", "1 ", "1x", "0x", "0x1g",
					   "18446744073709551616", "99999999999999999999", "1.0",
					   "nan" };
	uint64_t v;
	char err[160];

	(void)state;
	assert_int_equal(num_u64("n", "42", 0, 100, &v, err, sizeof(err)), 0);
	assert_int_equal(v, 42);
	assert_int_equal(num_u64("n", "0x2A", 0, 100, &v, err, sizeof(err)), 0);
	assert_int_equal(v, 42);
	assert_int_equal(num_u64("n", "18446744073709551615", 0, UINT64_MAX, &v, err, sizeof(err)), 0);
	assert_true(v == UINT64_MAX);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(num_u64("n", bad[i], 0, UINT64_MAX, &v, err, sizeof(err)), -1);
	assert_int_equal(num_u64("-j", "0", 1, 1024, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "bad value '0' for -j: an integer from 1 to 1024");
	assert_int_equal(num_u64("-j", "1025", 1, 1024, &v, err, sizeof(err)), -1);
}

static void sizes(void **state)
{
	uint64_t v;
	char err[200];

	(void)state;
	assert_int_equal(num_size("mem", "16M", 0, UINT64_MAX, 1, &v, err, sizeof(err)), 0);
	assert_int_equal(v, 16ull << 20);
	assert_int_equal(num_size("mem", "64KiB", 0, UINT64_MAX, 1, &v, err, sizeof(err)), 0);
	assert_int_equal(v, 64ull << 10);
	assert_int_equal(num_size("mem", "0x200000", 0, UINT64_MAX, 1, &v, err, sizeof(err)), 0);
	assert_int_equal(v, 0x200000);
	assert_int_equal(num_size("mem", "17179869184G", 0, UINT64_MAX, 1, &v, err, sizeof(err)), -1);
	assert_int_equal(num_size("mem", "3iB", 0, UINT64_MAX, 1, &v, err, sizeof(err)), -1);
	assert_int_equal(num_size("mem", "16T", 0, UINT64_MAX, 1, &v, err, sizeof(err)), -1);
	assert_int_equal(num_size("mem", "4097", 0, UINT64_MAX, 4096, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "bad value '4097' for mem: a size from 0 to 18446744073709551615, a multiple of 4K "
				 "(K, M, G: powers of 1024)");
	assert_int_equal(num_size("mem", "4G", 2ull << 20, 3ull << 30, 4096, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "bad value '4G' for mem: a size from 2M to 3G, a multiple of 4K "
				 "(K, M, G: powers of 1024)");
}

static void seconds(void **state)
{
	static const char *const bad[] = { "", ".", "nan", "inf", "-1", "+1", "1e3", "0x10", "1..2",
					   "1,5", " 1", "999999999999999999999999999999999999" };
	double v;
	char err[160];

	(void)state;
	assert_int_equal(num_seconds("timeout", "0.25", 0.001, 86400, &v, err, sizeof(err)), 0);
	assert_true(v == 0.25);
	assert_int_equal(num_seconds("timeout", "10", 0.001, 86400, &v, err, sizeof(err)), 0);
	assert_int_equal(num_seconds("timeout", ".5", 0.001, 86400, &v, err, sizeof(err)), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(num_seconds("timeout", bad[i], 0.001, 86400, &v, err, sizeof(err)), -1);
	/* The watchdog cannot be switched off with a number. */
	assert_int_equal(num_seconds("timeout", "0", 0.001, 86400, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "bad value '0' for timeout: seconds from 0.001 to 86400");
}

static void hostile_text_is_echoed_printable_and_cut(void **state)
{
	char text[300], err[200];
	uint64_t v;

	(void)state;
	memset(text, 'a', sizeof(text) - 1);
	text[sizeof(text) - 1] = 0;
	text[3] = '\x1b';
	assert_int_equal(num_u64("n", text, 0, 1, &v, err, sizeof(err)), -1);
	assert_null(strchr(err, '\x1b'));
	assert_non_null(strstr(err, "aaa?aaa"));
	assert_non_null(strstr(err, "...' for n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(integers),
		cmocka_unit_test(sizes),
		cmocka_unit_test(seconds),
		cmocka_unit_test(hostile_text_is_echoed_printable_and_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
