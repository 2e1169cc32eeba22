/* Unit tests for the report_value line parser: exactly "value NAME 0xHEX" is
 * a value, anything near it is not, and the last value of a name counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/value_line.h"

static int parse(const char *s, struct named_value *v)
{
	return value_line_parse(s, strlen(s), v);
}

static void parses_a_value_line(void **state)
{
	struct named_value v;

	(void)state;
	assert_int_equal(parse("value trap1.error 0x9", &v), 1);
	assert_string_equal(v.name, "trap1.error");
	assert_int_equal(v.value, 9);
	assert_int_equal(parse("value a-b_C 0xFFFFffff00000001", &v), 1);
	assert_int_equal(v.value, 0xffffffff00000001ull);
}

static void rejects_everything_else(void **state)
{
	static const char *const bad[] = {
		"", "value", "value x", "value x 9", "value x 0x", "value x 0xg", "value  x 0x1",
		"value x 0x1 ", "values x 0x1", "Value x 0x1", "value x:y 0x1", "value x 0x12345678901234567",
		"value xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx 0x1",
	};
	struct named_value v = { "untouched", 7 };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parse(bad[i], &v))
			fail_msg("'%s' taken for a value", bad[i]);
	assert_string_equal(v.name, "untouched");
}

static void the_last_value_of_a_name_counts(void **state)
{
	struct named_value set[2];
	unsigned n = 0;

	(void)state;
	assert_int_equal(value_set_put(set, &n, 2, &(struct named_value){ "a", 1 }), 0);
	assert_int_equal(value_set_put(set, &n, 2, &(struct named_value){ "b", 2 }), 0);
	assert_int_equal(value_set_put(set, &n, 2, &(struct named_value){ "a", 3 }), 0);
	assert_int_equal(n, 2);
	assert_int_equal(set[0].value, 3);
	assert_int_equal(value_set_put(set, &n, 2, &(struct named_value){ "c", 4 }), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_a_value_line),
		cmocka_unit_test(rejects_everything_else),
		cmocka_unit_test(the_last_value_of_a_name_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
