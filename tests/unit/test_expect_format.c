/* Unit tests of expect_format_event: the exact text for every kind of exit,
 * and the round trip: the parsed text matches the exit and nothing near it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "check/expect.h"
#include "uvmm/abi.h"

#define EV(...) { .count = 1, __VA_ARGS__ }
#define EV_STR_IO(...) { __VA_ARGS__ } /* sets its own count */
#define S(lit) { .str = lit, .len = sizeof(lit) - 1 }
#define N(v) { .num = v }

static const uint8_t bytes3[] = { 'a', '"', 'b' };
static const uint8_t dwords2[] = { 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff };
static const uint8_t words4[] = { 0x34, 0x12, 0, 0, 0xff, 0x00, 0x01, 0x80 };

struct fmt_case {
	struct exit_event ev;
	const char *text;
};

static const struct fmt_case cases[] = {
	{ EV(.kind = EV_PIO_OUT, .addr = 0x80, .size = 1, .value = 2), "pio.out 0x80:1 = 0x2" },
	{ EV(.kind = EV_PIO_IN, .addr = 0x60, .size = 2, .value = 0xbeef), "pio.in 0x60:2 = 0xbeef" },
	{ EV(.kind = EV_PIO_OUT, .addr = 0xf4, .size = 4, .value = 0), "pio.out 0xf4:4 = 0x0" },
	{ EV_STR_IO(.kind = EV_PIO_OUT, .addr = 0x3f8, .size = 1, .count = 3, .data = bytes3),
	  "pio.out 0x3f8:1 x3 = 0x61 0x22 0x62" },
	{ EV_STR_IO(.kind = EV_PIO_IN, .addr = 0x500, .size = 4, .count = 2, .data = dwords2),
	  "pio.in 0x500:4 x2 = 0x1 0xffffffff" },
	{ EV_STR_IO(.kind = EV_PIO_OUT, .addr = 0xffff, .size = 2, .count = 4, .data = words4),
	  "pio.out 0xffff:2 x4 = 0x1234 0x0 0xff 0x8001" },
	{ EV(.kind = EV_MMIO_WRITE, .addr = 0xd0000008, .size = 8, .value = 0x1122334455667788),
	  "mmio.write 0xd0000008:8 = 0x1122334455667788" },
	{ EV(.kind = EV_MMIO_READ, .addr = 0xd0000000, .size = 4, .value = 0x4d4d5655),
	  "mmio.read 0xd0000000:4 = 0x4d4d5655" },
	{ EV(.kind = EV_MMIO_READ, .addr = 0xfee00030, .size = 3, .value = 0xabcdef),
	  "mmio.read 0xfee00030:3 = 0xabcdef" },
	{ EV(.kind = EV_HLT), "hlt" },
	{ EV(.kind = EV_SHUTDOWN), "shutdown" },
	{ EV(.kind = EV_MSR_READ, .addr = 0x55550000, .size = 8, .value = 5), "msr.read 0x55550000 = 0x5" },
	{ EV(.kind = EV_MSR_READ, .addr = 0x555500ff, .size = 8, .status = 1), "msr.read 0x555500ff = !gp" },
	{ EV(.kind = EV_MSR_WRITE, .addr = 0x55550001, .size = 8, .value = 7), "msr.write 0x55550001 = 0x7" },
	{ EV(.kind = EV_MSR_WRITE, .addr = 0x555500ff, .size = 8, .value = 7, .status = 1),
	  "msr.write 0x555500ff = 0x7 !gp" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_CONSOLE, .nargs = 1,
	     .args = { S("a \"q\" \\ \n\r\t\0\x1b\x7f\xff") }),
	  "hcall console \"a \\\"q\\\" \\\\ \\n\\r\\t\\0\\x1b\\x7f\\xff\"" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_CONSOLE, .nargs = 1, .args = { S("\0" "1\x01" "f#") }),
	  "hcall console \"\\01\\x01f#\"" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_CONSOLE, .nargs = 1, .args = { S("") }),
	  "hcall console \"\"" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_EXIT, .nargs = 1, .args = { N(1) }), "hcall exit 0x1" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_ASSERT, .nargs = 3,
	     .args = { S("main.c"), N(42), S("x == y") }),
	  "hcall assert \"main.c\" 42 \"x == y\"" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_ASSERT, .nargs = 5,
	     .args = { S("t/a b.c"), N(7), S("a != b"), N(0x10), N(0xffffffffffffffff) }),
	  "hcall assert \"t/a b.c\" 7 \"a != b\" 0x10 0xffffffffffffffff" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_REPORT, .nargs = 2, .args = { N(UVMM_RESULT_PASS), S("t") }),
	  "hcall report pass \"t\"" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_REPORT, .nargs = 3,
	     .args = { N(UVMM_RESULT_SKIP), S("msi"), S("no irqchip") }),
	  "hcall report skip \"msi\" \"no irqchip\"" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_REPORT, .nargs = 3,
	     .args = { N(UVMM_RESULT_FAIL), S("x"), S("# not a comment") }),
	  "hcall report fail \"x\" \"# not a comment\"" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_EXPECT, .nargs = 1, .args = { S("hlt\nrepeat 2 {\n") }),
	  "hcall expect \"hlt\\nrepeat 2 {\\n\"" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_EXCEPTION, .nargs = 4,
	     .args = { N(0xe), N(2), N(0x100000), N(0xdeadbeef) }),
	  "hcall exception 0xe 0x2 0x100000 0xdeadbeef" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_CONSOLE, .status = UVMM_HC_EFAULT), "hcall console !efault" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_REPORT, .status = UVMM_HC_EINVAL), "hcall report !einval" },
	{ EV(.kind = EV_HCALL, .addr = 15, .status = UVMM_HC_ENOSYS), "hcall 15 !enosys" },
	{ EV(.kind = EV_HCALL, .addr = 15, .nargs = 2, .args = { N(5), S("x") }), "hcall 15 0x5 \"x\"" },
	{ EV(.kind = EV_FAIL_ENTRY, .value = 0x80000021), "fail_entry 0x80000021" },
	{ EV(.kind = EV_INTERNAL_ERROR, .value = 1), "internal_error 0x1" },
	{ EV(.kind = EV_UNHANDLED, .addr = 17), "unhandled 17" },
	{ EV(.kind = EV_HUPCALL, .addr = UVMM_HUPCALL_EXIT, .size = 8, .nargs = 1, .args = { N(0) }),
	  "hupcall exit 0 = 0x0" },
	{ EV(.kind = EV_HUPCALL, .addr = UVMM_HUPCALL_EXIT, .size = 8, .nargs = 1, .args = { N(1) },
	     .value = 0x2a), "hupcall exit 1 = 0x2a" },
	{ EV(.kind = EV_HUPCALL, .addr = UVMM_HUPCALL_RECLAIM, .size = 8, .nargs = 1, .args = { N(512) },
	     .value = 0x200), "hupcall reclaim 512 = 0x200" },
	{ EV(.kind = EV_HUPCALL, .addr = UVMM_HUPCALL_IRQ_TARGET, .size = 8, .nargs = 1,
	     .args = { N(0x51) }, .value = 1), "hupcall irq_target 0x51 = 0x1" },
	{ EV(.kind = EV_HUPCALL, .addr = UVMM_HUPCALL_TIMER, .size = 8, .nargs = 1, .args = { N(3) },
	     .status = UVMM_HUPCALL_RUN_BOUNDS), "hupcall timer 3 = !bounds" },
	{ EV(.kind = EV_HUPCALL, .addr = UVMM_HUPCALL_TIMER, .size = 8, .nargs = 1, .args = { N(7) },
	     .status = UVMM_HUPCALL_RUN_TIMEOUT), "hupcall timer 7 = !timeout" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_HUPCALL, .nargs = 8,
	     .args = { N(0), N(3), N(0x121040), N(8), N(0x11b000), N(0x18), N(1), N(2000) }),
	  "hcall hupcall 0x0 0x3 0x121040 0x8 0x11b000 0x18 0x1 0x7d0" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_HUPCALL, .status = UVMM_HC_EACCES), "hcall hupcall !eacces" },
	{ EV(.kind = EV_HCALL, .addr = UVMM_HC_HUPCALL, .status = UVMM_HC_EBUSY), "hcall hupcall !ebusy" },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

static void test_format_exact(void **state)
{
	char buf[512];
	(void)state;
	for (size_t i = 0; i < NCASES; i++) {
		size_t n = expect_format_event(&cases[i].ev, buf, sizeof(buf));
		if (strcmp(buf, cases[i].text) != 0)
			print_error("case %zu: got  %s\n        want %s\n", i, buf, cases[i].text);
		assert_string_equal(buf, cases[i].text);
		assert_int_equal(n, strlen(cases[i].text));
	}
}

/* Like snprintf: the length needed, output cut and terminated. */
static void test_format_truncates(void **state)
{
	char buf[8];
	(void)state;
	const struct exit_event *ev = &cases[0].ev; /* pio.out 0x80:1 = 0x2 */
	assert_int_equal(expect_format_event(ev, NULL, 0), 20);
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(expect_format_event(ev, buf, sizeof(buf)), 20);
	assert_string_equal(buf, "pio.out");
	assert_int_equal(expect_format_event(ev, buf, 1), 20);
	assert_string_equal(buf, "");
}

/* Changes one thing the item pins down; buf holds changed data or strings. */
static int perturb(struct exit_event *ev, uint8_t *buf, char *str)
{
	if (ev->kind == EV_HLT || ev->kind == EV_SHUTDOWN)
		return 0;
	if (ev->kind == EV_HUPCALL) {
		ev->args[0].num ^= 1;
		return 1;
	}
	if (ev->kind == EV_HCALL && ev->status != UVMM_HC_OK) {
		ev->status = ev->status == UVMM_HC_EINVAL ? UVMM_HC_EFAULT : UVMM_HC_EINVAL;
		return 1;
	}
	if (ev->kind == EV_HCALL) {
		struct ev_arg *a = &ev->args[ev->nargs - 1];
		if (!a->str) {
			a->num ^= 1;
			return 1;
		}
		memcpy(str, a->str, a->len);
		str[a->len] = 'Z';
		a->str = str;
		a->len++;
		return 1;
	}
	if (ev->count > 1) {
		memcpy(buf, ev->data, (size_t)ev->count * ev->size);
		buf[(size_t)ev->count * ev->size - 1] ^= 0x40;
		ev->data = buf;
		return 1;
	}
	if (ev->kind == EV_MSR_READ && ev->status == 1) {
		ev->status = 0;
		return 1;
	}
	if (ev->kind == EV_UNHANDLED)
		ev->addr ^= 1;
	else
		ev->value ^= 1;
	return 1;
}

static void test_round_trip(void **state)
{
	char text[512], str[512];
	uint8_t buf[64];
	(void)state;
	for (size_t i = 0; i < NCASES; i++) {
		struct expect_prog *p = expect_prog_new();
		struct expect_error err;
		size_t n = expect_format_event(&cases[i].ev, text, sizeof(text));
		if (expect_parse(p, text, n, "<trace>", &err))
			fail_msg("case %zu: %s does not parse: %u:%u: %s", i, text, err.line, err.col,
				 err.msg);
		assert_int_equal(expect_prog_items(p), 1);

		struct expect_checker *c = expect_checker_new(p);
		struct exit_event ev = cases[i].ev;
		assert_int_equal(expect_match_exit(c, &ev), EXPECT_MATCH);
		assert_int_equal(expect_finish(c), 0);
		expect_checker_free(c);

		if (perturb(&ev, buf, str)) {
			c = expect_checker_new(p);
			if (expect_match_exit(c, &ev) != EXPECT_MISMATCH)
				fail_msg("case %zu: %s also matches a changed exit", i, text);
			expect_checker_free(c);
		}
		expect_prog_free(p);
	}
}

/* A whole trace (one exit per line) parses back as one program. */
static void test_trace_round_trip(void **state)
{
	char text[8192];
	size_t len = 0;
	(void)state;
	for (size_t i = 0; i < NCASES; i++) {
		len += expect_format_event(&cases[i].ev, text + len, sizeof(text) - len);
		text[len++] = '\n';
	}
	struct expect_prog *p = expect_prog_new();
	struct expect_error err;
	assert_int_equal(expect_parse(p, text, len, "<trace>", &err), 0);
	assert_int_equal(expect_prog_items(p), NCASES);
	struct expect_checker *c = expect_checker_new(p);
	for (size_t i = 0; i < NCASES; i++)
		assert_int_equal(expect_match_exit(c, &cases[i].ev), EXPECT_MATCH);
	assert_int_equal(expect_finish(c), 0);
	expect_checker_free(c);
	expect_prog_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_exact),
		cmocka_unit_test(test_format_truncates),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_trace_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
