/* The one GPA -> host translation: every boundary, every wrap, the canaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "machine/guest_mem.h"

#define MEM (2ull << 20)

static int setup(void **state)
{
	static struct guest_mem m;

	if (guest_mem_init(&m, MEM) != 0)
		return -1;
	*state = &m;
	return 0;
}

static int teardown(void **state)
{
	guest_mem_free(*state);
	return 0;
}

static void test_inside(void **state)
{
	struct guest_mem *m = *state;

	assert_ptr_equal(gpa_to_hva(m, 0, 1), m->host);
	assert_ptr_equal(gpa_to_hva(m, 0, MEM), m->host);
	assert_ptr_equal(gpa_to_hva(m, MEM - 8, 8), m->host + MEM - 8);
	assert_ptr_equal(gpa_to_hva(m, MEM, 0), m->host + MEM);
}

static void test_outside(void **state)
{
	struct guest_mem *m = *state;

	assert_null(gpa_to_hva(m, MEM, 1));          /* first byte past the end */
	assert_null(gpa_to_hva(m, MEM - 8, 9));      /* straddles the end */
	assert_null(gpa_to_hva(m, 0, MEM + 1));      /* longer than RAM */
	assert_null(gpa_to_hva(m, MEM + 1, 0));      /* empty, but past the end */
	assert_null(gpa_to_hva(m, UINT64_MAX, 1));
}

static void test_wrap(void **state)
{
	struct guest_mem *m = *state;

	/* gpa + len wraps to a small number: a naive "gpa + len <= size" passes. */
	assert_null(gpa_to_hva(m, 0x1000, UINT64_MAX - 0x800));
	assert_null(gpa_to_hva(m, UINT64_MAX - 0xf, 0x20));
	assert_null(gpa_to_hva(m, 8, UINT64_MAX));
}

static void test_copy_helpers(void **state)
{
	struct guest_mem *m = *state;
	uint8_t buf[16] = "0123456789abcde";
	uint8_t out[16];

	assert_int_equal(guest_write(m, MEM - 16, buf, 16), 0);
	assert_int_equal(guest_read(m, MEM - 16, out, 16), 0);
	assert_memory_equal(buf, out, 16);
	assert_int_equal(guest_write(m, MEM - 15, buf, 16), -1);
	assert_int_equal(guest_read(m, MEM - 15, out, 16), -1);
	assert_true(guest_mem_canary_ok(m));
}

static void test_canary_catches_overrun(void **state)
{
	struct guest_mem *m = *state;

	assert_true(guest_mem_canary_ok(m));
	m->host[MEM] ^= 1; /* one byte past guest RAM, as a buggy device would */
	assert_false(guest_mem_canary_ok(m));
	m->host[MEM] ^= 1;
	m->host[-1] ^= 1;  /* and one byte before it */
	assert_false(guest_mem_canary_ok(m));
	m->host[-1] ^= 1;
	assert_true(guest_mem_canary_ok(m));
}

static void test_init_limits(void **state)
{
	struct guest_mem m;
	(void)state;

	assert_int_not_equal(guest_mem_init(&m, GUEST_MEM_MIN - 4096), 0);
	assert_int_not_equal(guest_mem_init(&m, GUEST_MEM_MAX + 4096), 0);
	assert_int_not_equal(guest_mem_init(&m, GUEST_MEM_MIN + 1), 0);
	assert_null(gpa_to_hva(&m, 0, 0)); /* a failed init maps nothing */
}

static void test_parse_size(void **state)
{
	uint64_t v;
	(void)state;

	assert_int_equal(guest_mem_parse_size("16M", &v), 0);
	assert_int_equal(v, 16ull << 20);
	assert_int_equal(guest_mem_parse_size("2G", &v), 0);
	assert_int_equal(v, 2ull << 30);
	assert_int_equal(guest_mem_parse_size("64KiB", &v), 0);
	assert_int_equal(v, 64ull << 10);
	assert_int_equal(guest_mem_parse_size("0x200000", &v), 0);
	assert_int_equal(v, 0x200000);
	assert_int_equal(guest_mem_parse_size("", &v), -1);
	assert_int_equal(guest_mem_parse_size("-1M", &v), -1);
	assert_int_equal(guest_mem_parse_size("3x", &v), -1);
	assert_int_equal(guest_mem_parse_size("17179869184G", &v), -1); /* overflows */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_inside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_helpers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_canary_catches_overrun, setup, teardown),
		cmocka_unit_test(test_init_limits),
		cmocka_unit_test(test_parse_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
