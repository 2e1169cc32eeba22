/* Unit tests of the expectation parser: every item form compiles, every
 * syntax error points at the right line and column, errors append nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "check/expect.h"
#include "uvmm/abi.h"

static size_t parse_items(const char *text)
{
	struct expect_prog *p = expect_prog_new();
	struct expect_error err;
	assert_non_null(p);
	int r = expect_parse(p, text, strlen(text), "<note>", &err);
	if (r)
		print_error("unexpected error for \"%s\": %s:%u:%u: %s\n", text, err.source, err.line,
			    err.col, err.msg);
	assert_int_equal(r, 0);
	size_t n = expect_prog_items(p);
	expect_prog_free(p);
	return n;
}

struct ok_case {
	const char *text;
	size_t items;
};

static const struct ok_case ok_cases[] = {
	{ "", 0 },
	{ "# only a comment\n\n   \n", 0 },
	{ "pio.out 0x80:1 = 0x1", 1 },
	{ "pio.in 0x60:1 = 0xfa  # comment", 1 },
	{ "pio.out 0x500:4 = 0x1000", 1 },
	{ "pio.out 0x3f8:1 x3 = 0x61 0x62 0x63", 1 },
	{ "pio.in 0x3f8:2 x2 = 0x1 *", 1 },
	{ "pio.out 0x3f8:4 x4 = *", 1 },
	{ "pio.out 0x3f8:1 = \"hi\\n\"", 3 },
	{ "pio.out *:* = *", 1 },
	{ "mmio.write 0xd0000008:8 = 0xffffffffffffffff", 1 },
	{ "mmio.read 0xd0000018:4 = *", 1 },
	{ "mmio.read 0xd0000000:3 = 0x564d4d", 1 },
	{ "hlt", 1 },
	{ "shutdown", 1 },
	{ "any", 1 },
	{ "msr.read 0x55550000 = 0x5", 1 },
	{ "msr.read 0x555500ff = !gp", 1 },
	{ "msr.write 0x55550001 = 0x7", 1 },
	{ "msr.write 0x555500ff = 0x7 !gp", 1 },
	{ "hcall console \"hello \\\"x\\\" \\\\ \\t\\r\\0\\x7f\"", 1 },
	{ "hcall exit 0", 1 },
	{ "hcall exit *", 1 },
	{ "hcall assert \"main.c\" 42 \"x == 1\"", 1 },
	{ "hcall assert \"main.c\" 42 \"x == y\" 0x1 0x2", 1 },
	{ "hcall report pass \"counter\"", 1 },
	{ "hcall report skip \"msi\" \"no irqchip\"", 1 },
	{ "hcall report 1 *", 1 },
	{ "hcall expect \"hlt\"", 1 },
	{ "hcall exception 0xe 0x2 0x100000 0xdeadbeef", 1 },
	{ "hcall console !efault", 1 },
	{ "hcall report !einval", 1 },
	{ "hcall 15 !enosys", 1 },
	{ "hcall 3 pass \"by number\"", 1 },
	{ "hcall 15 0x5 \"no signature\" *", 1 },
	{ "fail_entry 0x80000021", 1 },
	{ "internal_error 0x1", 1 },
	{ "unhandled 17", 1 },
	{ "ignore console\nignore report\nignore pio\nignore mmio\nignore hlt\nignore msr\nignore hcall", 0 },
	{ "repeat 3 {\n  hlt\n}", 1 },
	{ "repeat 2..3 {\n  hlt\n  shutdown\n}\nhlt", 2 },
	{ "repeat 1.. { # open-ended\n  any\n}  # done", 1 },
	{ "repeat 0 {\n hlt\n}", 1 },
	{ "repeat 1 {\n hlt\n repeat 2 {\n  hlt\n }\n}", 1 },
	{ "hlt\r\nhlt\r\n", 2 },
	{ "\thlt\t#tab\n", 1 },
};

static void test_items_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++) {
		size_t n = parse_items(ok_cases[i].text);
		if (n != ok_cases[i].items)
			print_error("\"%s\": %zu items, wanted %zu\n", ok_cases[i].text, n,
				    ok_cases[i].items);
		assert_int_equal(n, ok_cases[i].items);
	}
}

struct err_case {
	const char *text;
	unsigned line, col;
	const char *msg; /* a substring of the message */
};

static const struct err_case err_cases[] = {
	{ "hlt\nfoo 1\n", 2, 1, "unknown item 'foo'" },
	{ "hupcall exitt 0 = 0", 1, 9, "unknown hyperupcall event 'exitt'" },
	{ "hupcall exit", 1, 13, "expected the event's argument" },
	{ "hupcall exit 0 0", 1, 16, "expected '='" },
	{ "hupcall timer 1 = !oops", 1, 19, "unknown hyperupcall error '!oops'" },
	{ "hupcall timer 1 = !efault", 1, 19, "unknown hyperupcall error" },
	{ "hupcall exit 0 = 0x1 0x2", 1, 22, "unexpected '0x2' after the item" },
	{ "hcall hupcall !eperm", 1, 15, "unknown error '!eperm'" },
	{ "pio.outx 0x80:1 = 1", 1, 1, "unknown item" },
	{ "pio.out 0x8g:1 = 1", 1, 9, "bad number '0x8g'" },
	{ "pio.out 0x80:1 = 12ab", 1, 18, "bad number" },
	{ "fail_entry 0x10000000000000000", 1, 12, "does not fit in 64 bits" },
	{ "fail_entry 18446744073709551616", 1, 12, "does not fit in 64 bits" },
	{ "pio.out 0x80:1 = 0x100", 1, 18, "does not fit in 1 byte" },
	{ "mmio.write 0x0:2 = 0x10000", 1, 20, "does not fit in 2 bytes" },
	{ "pio.out 0x80:1 x2 = 0x1 0x100", 1, 25, "does not fit" },
	{ "pio.out 0x80:3 = 1", 1, 14, "not 1, 2 or 4" },
	{ "pio.out 0x80:8 = 1", 1, 14, "not 1, 2 or 4" },
	{ "mmio.read 0x1000:9 = 1", 1, 18, "not 1..8" },
	{ "mmio.read 0x1000:0 = 1", 1, 18, "not 1..8" },
	{ "pio.out 0x10000:1 = 1", 1, 9, "16 bits" },
	{ "msr.read 0x1ffffffff = 1", 1, 10, "32 bits" },
	{ "pio.out 0x80:1 x3 = 1 2", 1, 16, "x3 needs 3 values, got 2" },
	{ "pio.out 0x80:1 x2 = 1 2 3", 1, 25, "x2 needs 2 values" },
	{ "pio.out 0x80:1 x0 = *", 1, 16, "at least 1" },
	{ "pio.out 0x80:* x2 = *", 1, 16, "needs a size" },
	{ "pio.out 0x80:4 x2000 = *", 1, 16, "over 4096" },
	{ "hcall console \"abc", 1, 15, "unterminated string" },
	{ "hcall console \"abc\\", 1, 15, "unterminated string" },
	{ "hcall console \"a\\qb\"", 1, 17, "bad escape '\\q'" },
	{ "hcall console \"a\\x4\"", 1, 17, "bad escape" },
	{ "pio.out 0x80:1 = \"\"", 1, 18, "empty string" },
	{ "pio.out 0x80:2 = \"ab\"", 1, 18, "size 1" },
	{ "}\n", 1, 1, "unbalanced braces" },
	{ "hlt\n  }", 2, 3, "unbalanced braces" },
	{ "hlt\nrepeat 2 {\nhlt\n", 2, 1, "never closed" },
	{ "repeat 1 {\n}", 2, 1, "empty repeat block" },
	{ "repeat 2 {\nrepeat 3 {\nhlt\n}\n}", 2, 1, "must start with an exit item" },
	{ "repeat 3..2 {\nhlt\n}", 1, 8, "minimum exceeds maximum" },
	{ "repeat * {\nhlt\n}", 1, 8, "repeat count" },
	{ "repeat 2 hlt", 1, 10, "'{'" },
	{ "repeat 2 { hlt }", 1, 12, "unexpected 'hlt' after the item" },
	{ "ignore foo", 1, 8, "unknown ignore class 'foo'" },
	{ "ignore", 1, 7, "ignore class" },
	{ "hcall frob 1", 1, 7, "unknown hcall 'frob'" },
	{ "hcall", 1, 6, "hypercall name" },
	{ "hcall exit !gp", 1, 12, "!gp is for msr" },
	{ "hcall exit !eperm", 1, 12, "unknown error '!eperm'" },
	{ "hcall assert \"f\" 1 \"e\" 5", 1, 25, "3 or 5 arguments, got 4" },
	{ "hcall exit 1 2", 1, 14, "too many arguments" },
	{ "hcall exit", 1, 11, "1 argument, got 0" },
	{ "hcall console 5", 1, 15, "expected a string" },
	{ "hcall exit \"x\"", 1, 12, "expected a number" },
	{ "hcall report maybe \"x\"", 1, 14, "pass, fail or skip" },
	{ "hcall 15 1 2 3 4 5 6 7 8 9", 1, 26, "too many arguments: at most 8" },
	{ "hlt extra", 1, 5, "unexpected 'extra' after the item" },
	{ "msr.read 0x10 = 1 !gp", 1, 19, "unexpected '!gp'" },
	{ "pio.out 0x80 = 1", 1, 13, "':SIZE', found a blank" },
	{ "pio.out 0x80:1 1", 1, 16, "'='" },
	{ "mmio.read 0x80:1 =", 1, 19, "end of the line" },
	{ "hlt\r\nhlt\r\nbogus\r\n", 3, 1, "unknown item 'bogus'" },
};

static void test_errors_have_positions(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
		const struct err_case *e = &err_cases[i];
		struct expect_prog *p = expect_prog_new();
		struct expect_error err;
		int r = expect_parse(p, e->text, strlen(e->text), "<note>", &err);
		if (r != -1 || err.line != e->line || err.col != e->col || !strstr(err.msg, e->msg))
			print_error("case %zu \"%s\": r=%d %s:%u:%u: %s (wanted %u:%u \"%s\")\n", i,
				    e->text, r, err.source, err.line, err.col, err.msg, e->line, e->col,
				    e->msg);
		assert_int_equal(r, -1);
		assert_string_equal(err.source, "<note>");
		assert_int_equal(err.line, e->line);
		assert_int_equal(err.col, e->col);
		assert_non_null(strstr(err.msg, e->msg));
		assert_int_equal(expect_prog_items(p), 0);
		expect_prog_free(p);
	}
}

static void test_nesting_limit(void **state)
{
	char text[512] = "";
	(void)state;
	for (int i = 0; i < 8; i++)
		strcat(text, "repeat 1 {\nhlt\n");
	for (int i = 0; i < 8; i++)
		strcat(text, "}\n");
	assert_int_equal(parse_items(text), 1);

	text[0] = '\0';
	for (int i = 0; i < 9; i++)
		strcat(text, "  repeat 1 {\nhlt\n");
	struct expect_prog *p = expect_prog_new();
	struct expect_error err;
	assert_int_equal(expect_parse(p, text, strlen(text), "deep.expect", &err), -1);
	assert_string_equal(err.source, "deep.expect");
	assert_int_equal(err.line, 17);
	assert_int_equal(err.col, 3);
	assert_non_null(strstr(err.msg, "more than 8 deep"));
	expect_prog_free(p);
}

static struct exit_event pio_out(uint64_t port, uint64_t value)
{
	struct exit_event ev = { .kind = EV_PIO_OUT, .addr = port, .size = 1, .value = value,
				 .count = 1 };
	return ev;
}

/* A failed parse leaves the program exactly as it was: items, exits and
 * ignore classes. */
static void test_error_appends_nothing(void **state)
{
	struct expect_prog *p = expect_prog_new();
	struct expect_error err;
	const char *good = "pio.out 0x80:1 = 0x1";
	const char *bad = "ignore pio\npio.out 0x80:1 = 0x2\nrepeat 2 {\nhlt\n}\nhcall console \"x";
	(void)state;
	assert_int_equal(expect_parse(p, good, strlen(good), "<note>", &err), 0);
	assert_int_equal(expect_parse(p, bad, strlen(bad), "--expect", &err), -1);
	assert_string_equal(err.source, "--expect");
	assert_int_equal(err.line, 6);
	assert_int_equal(expect_prog_items(p), 1);

	struct expect_checker *c = expect_checker_new(p);
	struct exit_event ev = pio_out(0x80, 1);
	assert_int_equal(expect_match_exit(c, &ev), EXPECT_MATCH);
	assert_int_equal(expect_finish(c), 0);
	expect_checker_free(c);

	/* The ignore line of the failed text must not have stuck. */
	c = expect_checker_new(p);
	ev = pio_out(0x81, 1);
	assert_int_equal(expect_match_exit(c, &ev), EXPECT_MISMATCH);
	expect_checker_free(c);
	expect_prog_free(p);
}

/* Several texts append in order: the note, then --expect files. */
static void test_parse_appends(void **state)
{
	struct expect_prog *p = expect_prog_new();
	struct expect_error err;
	(void)state;
	assert_int_equal(expect_parse(p, "pio.out 0x80:1 = 1", 18, "<note>", &err), 0);
	assert_int_equal(expect_parse(p, "pio.out 0x80:1 = 2\n", 19, "b.expect", &err), 0);
	assert_int_equal(expect_prog_items(p), 2);
	struct expect_checker *c = expect_checker_new(p);
	struct exit_event a = pio_out(0x80, 1), b = pio_out(0x80, 2);
	assert_int_equal(expect_match_exit(c, &a), EXPECT_MATCH);
	assert_int_equal(expect_match_exit(c, &b), EXPECT_MATCH);
	assert_int_equal(expect_finish(c), 0);
	expect_checker_free(c);
	expect_prog_free(p);
}

/* The text is bounded by len, not by a NUL. */
static void test_len_bounds_text(void **state)
{
	(void)state;
	struct expect_prog *p = expect_prog_new();
	struct expect_error err;
	const char text[] = "hlt\nbogus";
	assert_int_equal(expect_parse(p, text, 4, "<note>", &err), 0);
	assert_int_equal(expect_prog_items(p), 1);
	const char unterminated[] = { 'h', 'c', 'a', 'l', 'l', ' ', 'e', 'x', 'p', 'e', 'c', 't', ' ', '"', 'a' };
	assert_int_equal(expect_parse(p, unterminated, sizeof(unterminated), "<note>", &err), -1);
	assert_non_null(strstr(err.msg, "unterminated"));
	expect_prog_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_items_parse),
		cmocka_unit_test(test_errors_have_positions),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_error_appends_nothing),
		cmocka_unit_test(test_parse_appends),
		cmocka_unit_test(test_len_bounds_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
