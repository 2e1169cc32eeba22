/* The hypercall decoder: access shape, block and buffer bounds, limits, the
 * per-call argument tables, and that the VMM keeps its own copy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "machine/guest_mem.h"
#include "exit/hypercall.h"

#define MEM (2ull << 20)
#define BLOCK 0x1000u
#define BUF 0x2000u

static struct guest_mem m;
static struct hc_scratch scratch;

static int setup(void **state)
{
	(void)state;
	return guest_mem_init(&m, MEM);
}

static int teardown(void **state)
{
	(void)state;
	guest_mem_free(&m);
	return 0;
}

static int call(unsigned nr, const void *block, size_t size, struct exit_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	if (block)
		assert_int_equal(guest_write(&m, BLOCK, block, size), 0);
	return hypercall_decode(&m, UVMM_HC_PORT_BASE + nr, 4, 1, 1, BLOCK, &scratch, ev);
}

static void test_console_copies_once(void **state)
{
	struct uvmm_hc_console b = { BUF, 5 };
	struct exit_event ev;
	(void)state;

	guest_write(&m, BUF, "hello", 5);
	assert_int_equal(call(UVMM_HC_CONSOLE, &b, sizeof(b), &ev), UVMM_HC_OK);
	assert_int_equal(ev.kind, EV_HCALL);
	assert_int_equal(ev.addr, UVMM_HC_CONSOLE);
	assert_int_equal(ev.nargs, 1);
	assert_int_equal(ev.args[0].len, 5);
	/* Another vCPU rewriting the buffer after the call changes nothing. */
	guest_write(&m, BUF, "HELLO", 5);
	assert_memory_equal(ev.args[0].str, "hello", 5);
	assert_true(ev.args[0].str < (const char *)m.host || ev.args[0].str >= (const char *)m.host + MEM);
}

static void test_block_bounds(void **state)
{
	struct exit_event ev;
	(void)state;

	memset(&ev, 0, sizeof(ev));
	assert_int_equal(hypercall_decode(&m, UVMM_HC_PORT_BASE, 4, 1, 1, MEM - 8, &scratch, &ev),
			 UVMM_HC_EFAULT); /* a 16-byte block straddling the end of RAM */
	assert_non_null(strstr(scratch.err, "outside guest RAM"));
	assert_int_equal(hypercall_decode(&m, UVMM_HC_PORT_BASE, 4, 1, 1, 0xfffffff8u, &scratch, &ev),
			 UVMM_HC_EFAULT);
	/* The last block that fits decodes (its zeroed fields: an empty string). */
	memset(m.host + MEM - 16, 0, 16);
	assert_int_equal(hypercall_decode(&m, UVMM_HC_PORT_BASE, 4, 1, 1, MEM - 16, &scratch, &ev),
			 UVMM_HC_OK);
}

static void test_buffer_bounds(void **state)
{
	struct exit_event ev;
	struct uvmm_hc_console wrap = { UINT64_MAX - 2, 8 };     /* pointer + length wraps */
	struct uvmm_hc_console past = { MEM - 4, 8 };            /* straddles the end */
	struct uvmm_hc_console big = { BUF, UVMM_HC_CONSOLE_MAX + 1 };
	struct uvmm_hc_console max = { BUF, UVMM_HC_CONSOLE_MAX };
	(void)state;

	assert_int_equal(call(UVMM_HC_CONSOLE, &wrap, sizeof(wrap), &ev), UVMM_HC_EFAULT);
	assert_int_equal(ev.status, UVMM_HC_EFAULT);
	assert_int_equal(ev.nargs, 0);
	assert_int_equal(call(UVMM_HC_CONSOLE, &past, sizeof(past), &ev), UVMM_HC_EFAULT);
	assert_int_equal(call(UVMM_HC_CONSOLE, &big, sizeof(big), &ev), UVMM_HC_EINVAL);
	assert_non_null(strstr(scratch.err, "exceeds 4096"));
	assert_int_equal(call(UVMM_HC_CONSOLE, &max, sizeof(max), &ev), UVMM_HC_OK);
}

static void test_access_shape(void **state)
{
	struct exit_event ev;
	(void)state;

	assert_int_equal(hypercall_decode(&m, UVMM_HC_PORT_BASE, 1, 1, 1, 0, &scratch, &ev), UVMM_HC_EINVAL);
	assert_int_equal(hypercall_decode(&m, UVMM_HC_PORT_BASE, 2, 1, 1, 0, &scratch, &ev), UVMM_HC_EINVAL);
	assert_int_equal(hypercall_decode(&m, UVMM_HC_PORT_BASE, 4, 1, 0, 0, &scratch, &ev), UVMM_HC_EINVAL);
	/* rep outsl: one exit, count 2: refused, never half-handled. */
	assert_int_equal(hypercall_decode(&m, UVMM_HC_PORT_BASE, 4, 2, 1, BLOCK, &scratch, &ev), UVMM_HC_EINVAL);
	assert_non_null(strstr(scratch.err, "count 2"));
	assert_int_equal(hypercall_decode(&m, UVMM_HC_PORT_BASE + UVMM_HC_PORT_COUNT - 1, 4, 1, 1, BLOCK,
					  &scratch, &ev), UVMM_HC_ENOSYS);
	assert_int_equal(ev.addr, UVMM_HC_PORT_COUNT - 1);
}

static void test_report_and_assert_shapes(void **state)
{
	struct exit_event ev;
	struct uvmm_hc_report r = { BUF, 4, UVMM_RESULT_SKIP, BUF + 4, 6 };
	struct uvmm_hc_assert a = { BUF, 4, 42, BUF + 4, 6, 1, 2, UVMM_ASSERT_HAS_VALUES, 0 };
	(void)state;

	guest_write(&m, BUF, "namereason", 10);
	assert_int_equal(call(UVMM_HC_REPORT, &r, sizeof(r), &ev), UVMM_HC_OK);
	assert_int_equal(ev.nargs, 3);
	assert_int_equal(ev.args[0].num, UVMM_RESULT_SKIP);
	assert_memory_equal(ev.args[2].str, "reason", 6);
	r.reason_len = 0;
	assert_int_equal(call(UVMM_HC_REPORT, &r, sizeof(r), &ev), UVMM_HC_OK);
	assert_int_equal(ev.nargs, 2);
	r.result = 3;
	assert_int_equal(call(UVMM_HC_REPORT, &r, sizeof(r), &ev), UVMM_HC_EINVAL);

	assert_int_equal(call(UVMM_HC_ASSERT, &a, sizeof(a), &ev), UVMM_HC_OK);
	assert_int_equal(ev.nargs, 5);
	assert_int_equal(ev.args[1].num, 42);
	assert_int_equal(ev.args[4].num, 2);
	a.flags = 0;
	assert_int_equal(call(UVMM_HC_ASSERT, &a, sizeof(a), &ev), UVMM_HC_OK);
	assert_int_equal(ev.nargs, 3);
	a.expr_len = UVMM_HC_STRING_MAX + 1;
	assert_int_equal(call(UVMM_HC_ASSERT, &a, sizeof(a), &ev), UVMM_HC_EINVAL);
}

static void test_control_calls(void **state)
{
	struct exit_event ev;
	struct uvmm_hc_memslot s = { UVMM_SLOT_ADD, 1, 0x40000000, 0x10000, UVMM_SLOT_READONLY };
	struct uvmm_hc_exit e = { 77 };
	(void)state;

	assert_int_equal(call(UVMM_HC_MEMSLOT, &s, sizeof(s), &ev), UVMM_HC_OK);
	assert_int_equal(ev.nargs, 5);
	assert_int_equal(ev.args[2].num, 0x40000000);
	s.op = 2;
	assert_int_equal(call(UVMM_HC_MEMSLOT, &s, sizeof(s), &ev), UVMM_HC_EINVAL);
	assert_int_equal(call(UVMM_HC_EXIT, &e, sizeof(e), &ev), UVMM_HC_OK);
	assert_int_equal(ev.args[0].num, 77);
}

static void test_names(void **state)
{
	(void)state;
	for (unsigned i = 0; i < UVMM_HC_COUNT; i++) {
		assert_non_null(hc_desc(i));
		assert_int_equal(hc_by_name(hc_desc(i)->name), (int)i);
	}
	assert_null(hc_desc(UVMM_HC_COUNT));
	assert_int_equal(hc_by_name("nope"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_console_copies_once),
		cmocka_unit_test(test_block_bounds),
		cmocka_unit_test(test_buffer_bounds),
		cmocka_unit_test(test_access_shape),
		cmocka_unit_test(test_report_and_assert_shapes),
		cmocka_unit_test(test_control_calls),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
