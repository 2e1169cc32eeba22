/* Unit tests of the expectation checker: sequences, repeats, wildcards,
 * ignore classes, strictness, runtime insertion and the failure reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "check/expect.h"
#include "uvmm/abi.h"

/* ---- events ---- */

static struct exit_event pio(int kind, uint64_t port, unsigned size, uint64_t value)
{
	struct exit_event ev = { .kind = (uint16_t)kind, .addr = port, .size = (uint16_t)size,
				 .value = value, .count = 1 };
	return ev;
}

static struct exit_event out1(uint64_t port, uint64_t value)
{
	return pio(EV_PIO_OUT, port, 1, value);
}

static struct exit_event mmio(int kind, uint64_t addr, unsigned size, uint64_t value)
{
	struct exit_event ev = { .kind = (uint16_t)kind, .addr = addr, .size = (uint16_t)size,
				 .value = value, .count = 1 };
	return ev;
}

static struct exit_event bare(int kind)
{
	struct exit_event ev = { .kind = (uint16_t)kind, .count = 1 };
	return ev;
}

static struct exit_event msr(int kind, uint64_t index, uint64_t value, int gp)
{
	struct exit_event ev = { .kind = (uint16_t)kind, .addr = index, .size = 8, .value = value,
				 .count = 1, .status = gp };
	return ev;
}

static struct exit_event hc_str(unsigned nr, const char *s)
{
	struct exit_event ev = { .kind = EV_HCALL, .addr = nr, .size = 4, .count = 1, .nargs = 1 };
	ev.args[0].str = s;
	ev.args[0].len = (uint32_t)strlen(s);
	return ev;
}

static struct exit_event hc_report(unsigned result, const char *name, const char *reason)
{
	struct exit_event ev = { .kind = EV_HCALL, .addr = UVMM_HC_REPORT, .size = 4, .count = 1,
				 .nargs = reason ? 3 : 2 };
	ev.args[0].num = result;
	ev.args[1].str = name;
	ev.args[1].len = (uint32_t)strlen(name);
	if (reason) {
		ev.args[2].str = reason;
		ev.args[2].len = (uint32_t)strlen(reason);
	}
	return ev;
}

static struct exit_event hc_rejected(unsigned nr, int32_t status)
{
	struct exit_event ev = { .kind = EV_HCALL, .addr = nr, .size = 4, .count = 1,
				 .status = status };
	return ev;
}

/* ---- harness ---- */

struct run {
	struct expect_prog *prog;
	struct expect_checker *c;
	uint64_t index;
};

static struct run start(const char *text)
{
	struct run r = { 0 };
	struct expect_error err;
	r.prog = expect_prog_new();
	assert_non_null(r.prog);
	if (expect_parse(r.prog, text, strlen(text), "<note>", &err))
		fail_msg("parse: %s:%u:%u: %s", err.source, err.line, err.col, err.msg);
	r.c = expect_checker_new(r.prog);
	assert_non_null(r.c);
	return r;
}

static void stop(struct run *r)
{
	expect_checker_free(r->c);
	expect_prog_free(r->prog);
}

/* Offers ev as the next exit, numbered and with a made-up RIP. */
static enum expect_result offer(struct run *r, struct exit_event ev)
{
	ev.index = r->index++;
	ev.rip = 0x100000 + 0x10 * ev.index;
	return expect_match_exit(r->c, &ev);
}

static void offer_all(struct run *r, const struct exit_event *evs, size_t n, enum expect_result want)
{
	for (size_t i = 0; i < n; i++) {
		enum expect_result got = offer(r, evs[i]);
		if (got != want)
			fail_msg("exit %zu: result %d, wanted %d", i, got, want);
	}
}

/* The report as a string (caller frees). */
static char *report(const struct run *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	expect_report(r->c, f);
	fclose(f);
	return buf;
}

static void assert_report(const struct run *r, const char *want)
{
	char *got = report(r);
	if (strcmp(got, want) != 0)
		print_error("report:\n%s---- wanted:\n%s----\n", got, want);
	assert_string_equal(got, want);
	free(got);
}

/* ---- sequences and strictness ---- */

static void test_sequence_in_order(void **state)
{
	(void)state;
	struct run r = start("pio.out 0x80:1 = 0x1\n"
			     "pio.in 0x60:2 = 0xbeef\n"
			     "mmio.write 0xd0000008:8 = 0x1122334455667788\n"
			     "mmio.read 0xd0000000:4 = 0x4d4d5655\n"
			     "msr.write 0x55550000 = 0x5\n"
			     "msr.read 0x55550000 = 0x5\n"
			     "hlt\n"
			     "hcall exit 0\n"
			     "fail_entry 0x80000021\n"
			     "internal_error 0x1\n"
			     "unhandled 17\n"
			     "shutdown\n");
	struct exit_event ev[] = {
		out1(0x80, 1),
		pio(EV_PIO_IN, 0x60, 2, 0xbeef),
		mmio(EV_MMIO_WRITE, 0xd0000008, 8, 0x1122334455667788),
		mmio(EV_MMIO_READ, 0xd0000000, 4, 0x4d4d5655),
		msr(EV_MSR_WRITE, 0x55550000, 5, 0),
		msr(EV_MSR_READ, 0x55550000, 5, 0),
		bare(EV_HLT),
		{ .kind = EV_HCALL, .addr = UVMM_HC_EXIT, .count = 1, .nargs = 1 },
		{ .kind = EV_FAIL_ENTRY, .value = 0x80000021, .count = 1 },
		{ .kind = EV_INTERNAL_ERROR, .value = 1, .count = 1 },
		{ .kind = EV_UNHANDLED, .addr = 17, .count = 1 },
		bare(EV_SHUTDOWN),
	};
	offer_all(&r, ev, sizeof(ev) / sizeof(ev[0]), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	assert_int_equal(expect_failed(r.c), 0);
	assert_report(&r, "");
	stop(&r);
}

static void test_wrong_value_reported(void **state)
{
	(void)state;
	struct run r = start("pio.out 0x80:1 = 0x1\npio.out 0x80:1 = 0x2\nhlt\n");
	assert_int_equal(offer(&r, out1(0x80, 1)), EXPECT_MATCH);
	assert_int_equal(offer(&r, out1(0x80, 3)), EXPECT_MISMATCH);
	assert_int_equal(expect_failed(r.c), 1);
	assert_report(&r, "uvmm: exit #1 at rip 0x100010 does not match <note>:2:1: wrong value (value differs)\n"
			  "  expected: pio.out 0x80:1 = 0x2\n"
			  "  actual:   pio.out 0x80:1 = 0x3\n");
	/* Later exits mismatch without changing the report. */
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MISMATCH);
	assert_int_equal(expect_finish(r.c), -1);
	assert_report(&r, "uvmm: exit #1 at rip 0x100010 does not match <note>:2:1: wrong value (value differs)\n"
			  "  expected: pio.out 0x80:1 = 0x2\n"
			  "  actual:   pio.out 0x80:1 = 0x3\n");
	stop(&r);
}

static void test_wrong_size_and_count(void **state)
{
	(void)state;
	struct run r = start("  mmio.read 0xd0000000:4 = *\n");
	assert_int_equal(offer(&r, mmio(EV_MMIO_READ, 0xd0000000, 2, 0x5655)), EXPECT_MISMATCH);
	assert_report(&r, "uvmm: exit #0 at rip 0x100000 does not match <note>:1:3: wrong value (size differs)\n"
			  "  expected: mmio.read 0xd0000000:4 = *\n"
			  "  actual:   mmio.read 0xd0000000:2 = 0x5655\n");
	stop(&r);

	static const uint8_t data[] = { 'a', 'b' };
	struct exit_event s = pio(EV_PIO_OUT, 0x3f8, 1, 0);
	s.count = 2;
	s.data = data;
	r = start("pio.out 0x3f8:1 = 0x61\n");
	assert_int_equal(offer(&r, s), EXPECT_MISMATCH);
	assert_report(&r, "uvmm: exit #0 at rip 0x100000 does not match <note>:1:1: wrong value (count differs)\n"
			  "  expected: pio.out 0x3f8:1 = 0x61\n"
			  "  actual:   pio.out 0x3f8:1 x2 = 0x61 0x62\n");
	stop(&r);
}

static void test_string_io_data(void **state)
{
	(void)state;
	static const uint8_t data[] = { 1, 0, 2, 0, 3, 0, 4, 0 };
	struct exit_event s = pio(EV_PIO_OUT, 0x500, 2, 0);
	s.count = 4;
	s.data = data;
	struct run r = start("pio.out 0x500:2 x4 = 0x1 0x2 0x3 0x4\n"
			     "pio.out 0x500:2 x4 = *\n"
			     "pio.out 0x500:2 x4 = 0x1 * 0x3 *\n");
	offer_all(&r, (struct exit_event[]){ s, s, s }, 3, EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);

	r = start("pio.out 0x500:2 x4 = 0x1 0x2 0x7 0x4\n");
	assert_int_equal(offer(&r, s), EXPECT_MISMATCH);
	assert_report(&r, "uvmm: exit #0 at rip 0x100000 does not match <note>:1:1: wrong value (data element 2 differs)\n"
			  "  expected: pio.out 0x500:2 x4 = 0x1 0x2 0x7 0x4\n"
			  "  actual:   pio.out 0x500:2 x4 = 0x1 0x2 0x3 0x4\n");
	stop(&r);
}

static void test_string_shorthand(void **state)
{
	(void)state;
	struct run r = start("pio.out 0x3f8:1 = \"ok\\n\"\nhlt\n");
	offer_all(&r, (struct exit_event[]){ out1(0x3f8, 'o'), out1(0x3f8, 'k'), out1(0x3f8, '\n') },
		  3, EXPECT_MATCH);
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);

	/* The report points at the byte's column. */
	r = start("pio.out 0x3f8:1 = \"ok\\n\"\n");
	offer(&r, out1(0x3f8, 'o'));
	offer(&r, out1(0x3f8, 'k'));
	assert_int_equal(offer(&r, out1(0x3f8, '\r')), EXPECT_MISMATCH);
	assert_report(&r, "uvmm: exit #2 at rip 0x100020 does not match <note>:1:22: wrong value (value differs)\n"
			  "  expected: pio.out 0x3f8:1 = 0xa\n"
			  "  actual:   pio.out 0x3f8:1 = 0xd\n");
	stop(&r);
}

static void test_unexpected_exit_reported(void **state)
{
	(void)state;
	struct run r = start("# header\nhlt\n");
	assert_int_equal(offer(&r, out1(0x80, 1)), EXPECT_MISMATCH);
	assert_report(&r, "uvmm: exit #0 at rip 0x100000 does not match <note>:2:1: unexpected exit\n"
			  "  expected: hlt\n"
			  "  actual:   pio.out 0x80:1 = 0x1\n");
	stop(&r);

	/* A different port is a different exit, not a wrong value. */
	r = start("pio.out 0x80:1 = 0x1\n");
	assert_int_equal(offer(&r, out1(0x81, 1)), EXPECT_MISMATCH);
	char *text = report(&r);
	assert_non_null(strstr(text, ": unexpected exit\n"));
	free(text);
	stop(&r);
}

static void test_extra_exit_after_end(void **state)
{
	(void)state;
	struct run r = start("hlt\n");
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MISMATCH);
	assert_report(&r, "uvmm: exit #1 at rip 0x100010 does not match: unexpected exit after the last expectation\n"
			  "  expected: (end of expectations)\n"
			  "  actual:   hlt\n");
	stop(&r);

	/* Declaring nothing means expecting no exit at all. */
	r = start("");
	assert_int_equal(offer(&r, bare(EV_SHUTDOWN)), EXPECT_MISMATCH);
	stop(&r);
	r = start("");
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);
}

static void test_missing_exit_reported(void **state)
{
	(void)state;
	struct run r = start("hlt\npio.out 0xf4:4 = 0x0\n");
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
	assert_int_equal(expect_failed(r.c), 0);
	assert_int_equal(expect_finish(r.c), -1);
	assert_int_equal(expect_failed(r.c), 1);
	assert_report(&r, "uvmm: missing exit: <note>:2:1 was still expected when the run ended after 1 exits\n"
			  "  expected: pio.out 0xf4:4 = 0x0\n"
			  "  actual:   (none: the run ended)\n");
	stop(&r);

	r = start("repeat 3 {\n  hlt\n}\n");
	offer(&r, bare(EV_HLT));
	assert_int_equal(expect_finish(r.c), -1);
	assert_report(&r, "uvmm: missing exit: <note>:2:3 was still expected when the run ended after 1 exits\n"
			  "  expected: hlt\n"
			  "  actual:   (none: the run ended)\n"
			  "  note:     repeat 3 at <note>:1:1 had 1 round\n");
	stop(&r);
}

/* ---- repeats ---- */

static void test_repeat_exact(void **state)
{
	(void)state;
	const char *text = "repeat 3 {\n  hlt\n}\nshutdown\n";
	struct run r = start(text);
	offer_all(&r, (struct exit_event[]){ bare(EV_HLT), bare(EV_HLT), bare(EV_HLT) }, 3, EXPECT_MATCH);
	assert_int_equal(offer(&r, bare(EV_SHUTDOWN)), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);

	r = start(text); /* too few */
	offer_all(&r, (struct exit_event[]){ bare(EV_HLT), bare(EV_HLT) }, 2, EXPECT_MATCH);
	assert_int_equal(offer(&r, bare(EV_SHUTDOWN)), EXPECT_MISMATCH);
	assert_report(&r, "uvmm: exit #2 at rip 0x100020 does not match <note>:2:3: unexpected exit\n"
			  "  expected: hlt\n"
			  "  actual:   shutdown\n");
	stop(&r);

	r = start(text); /* too many */
	offer_all(&r, (struct exit_event[]){ bare(EV_HLT), bare(EV_HLT), bare(EV_HLT) }, 3, EXPECT_MATCH);
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MISMATCH);
	assert_report(&r, "uvmm: exit #3 at rip 0x100030 exceeds repeat 3 at <note>:1:1\n"
			  "  expected: shutdown\n"
			  "  actual:   hlt\n");
	stop(&r);
}

static void test_repeat_range(void **state)
{
	(void)state;
	const char *text = "repeat 2..3 {\n  pio.out 0x80:1 = *\n}\nhlt\n";
	for (int n = 0; n <= 4; n++) {
		struct run r = start(text);
		enum expect_result last = EXPECT_MATCH;
		for (int i = 0; i < n; i++)
			last = offer(&r, out1(0x80, (uint64_t)i));
		if (n <= 3)
			assert_int_equal(last, EXPECT_MATCH);
		if (n == 4) {
			assert_int_equal(last, EXPECT_MISMATCH);
			assert_report(&r, "uvmm: exit #3 at rip 0x100030 exceeds repeat 2..3 at <note>:1:1\n"
					  "  expected: hlt\n"
					  "  actual:   pio.out 0x80:1 = 0x3\n");
		} else {
			assert_int_equal(offer(&r, bare(EV_HLT)), n >= 2 ? EXPECT_MATCH : EXPECT_MISMATCH);
			assert_int_equal(expect_finish(r.c), n >= 2 ? 0 : -1);
		}
		stop(&r);
	}
}

static void test_repeat_open_ended(void **state)
{
	(void)state;
	const char *text = "repeat 1.. {\n  mmio.read 0xd0000018:4 = *\n}\nhlt\n";
	struct run r = start(text);
	for (int i = 0; i < 100000; i++)
		assert_int_equal(offer(&r, mmio(EV_MMIO_READ, 0xd0000018, 4, (uint64_t)i)), EXPECT_MATCH);
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);

	r = start(text); /* at least one */
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MISMATCH);
	assert_report(&r, "uvmm: exit #0 at rip 0x100000 does not match <note>:2:3: unexpected exit\n"
			  "  expected: mmio.read 0xd0000018:4 = *\n"
			  "  actual:   hlt\n");
	stop(&r);
}

static void test_repeat_zero_skips(void **state)
{
	(void)state;
	struct run r = start("repeat 0..2 {\n  hlt\n}\nrepeat 0 {\n  hlt\n}\nshutdown\n");
	assert_int_equal(offer(&r, bare(EV_SHUTDOWN)), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);

	/* repeat 0 never runs: its item is unexpected. */
	r = start("repeat 0 {\n  hlt\n}\nshutdown\n");
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MISMATCH);
	stop(&r);

	/* An optional block left at the end need not run. */
	r = start("hlt\nrepeat 0.. {\n  hlt\n}\n");
	offer_all(&r, (struct exit_event[]){ bare(EV_HLT) }, 1, EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);
}

static void test_repeat_nested_and_multi_item(void **state)
{
	(void)state;
	struct run r = start("repeat 2 {\n"
			     "  pio.out 0x80:1 = 0xa\n"
			     "  repeat 1..3 {\n"
			     "    pio.out 0x80:1 = 0xb\n"
			     "  }\n"
			     "  pio.out 0x80:1 = 0xc\n"
			     "}\n"
			     "hlt\n");
	static const int seq[] = { 0xa, 0xb, 0xb, 0xc, 0xa, 0xb, 0xc };
	for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++)
		assert_int_equal(offer(&r, out1(0x80, (uint64_t)seq[i])), EXPECT_MATCH);
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);

	/* The inner block restarts its count in the second outer round. */
	r = start("repeat 2 {\n  hlt\n  repeat 2 {\n    shutdown\n  }\n}\n");
	static const int kinds[] = { EV_HLT, EV_SHUTDOWN, EV_SHUTDOWN, EV_HLT, EV_SHUTDOWN };
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(offer(&r, bare(kinds[i])), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), -1);
	stop(&r);
}

/* One exit of lookahead, no backtracking: a round that starts must finish. */
static void test_repeat_greedy_no_backtracking(void **state)
{
	(void)state;
	struct run r = start("repeat 0..2 {\n  hlt\n  shutdown\n}\nhlt\nany\n");
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
	assert_int_equal(offer(&r, out1(0x80, 0)), EXPECT_MISMATCH);
	char *text = report(&r);
	assert_non_null(strstr(text, "<note>:3:3: unexpected exit"));
	free(text);
	stop(&r);
}

/* A wrong value on the first item of an optional block beats the unexpected
 * exit that follows it in the report. */
static void test_optional_block_near_miss(void **state)
{
	(void)state;
	struct run r = start("repeat 0..2 {\n  pio.out 0x80:1 = 0x1\n}\nhlt\n");
	assert_int_equal(offer(&r, out1(0x80, 2)), EXPECT_MISMATCH);
	assert_report(&r, "uvmm: exit #0 at rip 0x100000 does not match <note>:2:3: wrong value (value differs)\n"
			  "  expected: pio.out 0x80:1 = 0x1\n"
			  "  actual:   pio.out 0x80:1 = 0x2\n");
	stop(&r);
}

/* ---- wildcards ---- */

static void test_wildcards(void **state)
{
	(void)state;
	struct run r = start("pio.out *:1 = *\n"
			     "pio.in 0x60:* = *\n"
			     "mmio.write *:* = *\n"
			     "msr.write * = *\n"
			     "hcall report pass *\n"
			     "hcall assert * * * * *\n"
			     "unhandled *\n"
			     "fail_entry *\n"
			     "any\nany\n");
	struct exit_event as = { .kind = EV_HCALL, .addr = UVMM_HC_ASSERT, .count = 1, .nargs = 5 };
	as.args[0].str = "a.c";
	as.args[0].len = 3;
	as.args[1].num = 7;
	as.args[2].str = "x";
	as.args[2].len = 1;
	struct exit_event ev[] = {
		out1(0x1234, 0x99),
		pio(EV_PIO_IN, 0x60, 4, 0xffffffff),
		mmio(EV_MMIO_WRITE, 0x12345678, 3, 0xabcdef),
		msr(EV_MSR_WRITE, 0xc0000080, 0xd01, 0),
		hc_report(UVMM_RESULT_PASS, "anything", NULL),
		as,
		{ .kind = EV_UNHANDLED, .addr = 42, .count = 1 },
		{ .kind = EV_FAIL_ENTRY, .value = 7, .count = 1 },
		bare(EV_SHUTDOWN),
		msr(EV_MSR_READ, 1, 0, 1),
	};
	offer_all(&r, ev, sizeof(ev) / sizeof(ev[0]), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);

	/* A wildcard does not widen anything else: result still has to match. */
	r = start("hcall report pass *\n");
	assert_int_equal(offer(&r, hc_report(UVMM_RESULT_FAIL, "t", NULL)), EXPECT_MISMATCH);
	assert_report(&r, "uvmm: exit #0 at rip 0x100000 does not match <note>:1:1: wrong value (argument 1 (result) differs)\n"
			  "  expected: hcall report pass *\n"
			  "  actual:   hcall report fail \"t\"\n");
	stop(&r);

	/* Nor does it accept a reason the pattern did not list. */
	r = start("hcall report skip *\n");
	assert_int_equal(offer(&r, hc_report(UVMM_RESULT_SKIP, "t", "why")), EXPECT_MISMATCH);
	char *text = report(&r);
	assert_non_null(strstr(text, "(number of arguments differs)"));
	free(text);
	stop(&r);
}

/* ---- hypercalls and MSRs ---- */

static void test_hcall_args_and_rejections(void **state)
{
	(void)state;
	struct run r = start("hcall console \"hi\\n\"\n"
			     "hcall report fail \"t1\" \"bad \\\"x\\\"\"\n"
			     "hcall console !efault\n"
			     "hcall 15 !enosys\n");
	offer_all(&r, (struct exit_event[]){ hc_str(UVMM_HC_CONSOLE, "hi\n"),
					     hc_report(UVMM_RESULT_FAIL, "t1", "bad \"x\""),
					     hc_rejected(UVMM_HC_CONSOLE, UVMM_HC_EFAULT),
					     hc_rejected(15, UVMM_HC_ENOSYS) },
		  4, EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);

	r = start("hcall report pass \"t1\"\n");
	assert_int_equal(offer(&r, hc_report(UVMM_RESULT_PASS, "t2", NULL)), EXPECT_MISMATCH);
	assert_report(&r, "uvmm: exit #0 at rip 0x100000 does not match <note>:1:1: wrong value (argument 2 (name) differs)\n"
			  "  expected: hcall report pass \"t1\"\n"
			  "  actual:   hcall report pass \"t2\"\n");
	stop(&r);

	r = start("hcall console \"x\"\n");
	assert_int_equal(offer(&r, hc_rejected(UVMM_HC_CONSOLE, UVMM_HC_EINVAL)), EXPECT_MISMATCH);
	assert_report(&r, "uvmm: exit #0 at rip 0x100000 does not match <note>:1:1: wrong value (status differs)\n"
			  "  expected: hcall console \"x\"\n"
			  "  actual:   hcall console !einval\n");
	stop(&r);

	r = start("hcall console \"x\"\n");
	assert_int_equal(offer(&r, hc_str(UVMM_HC_EXPECT, "x")), EXPECT_MISMATCH);
	char *text = report(&r);
	assert_non_null(strstr(text, ": unexpected exit\n"));
	free(text);
	stop(&r);
}

static void test_msr_gp(void **state)
{
	(void)state;
	struct run r = start("msr.read 0x555500ff = !gp\nmsr.write 0x555500ff = 0x1 !gp\n");
	offer_all(&r, (struct exit_event[]){ msr(EV_MSR_READ, 0x555500ff, 0, 1),
					     msr(EV_MSR_WRITE, 0x555500ff, 1, 1) },
		  2, EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);

	r = start("msr.read 0x555500ff = 0x0\n");
	assert_int_equal(offer(&r, msr(EV_MSR_READ, 0x555500ff, 0, 1)), EXPECT_MISMATCH);
	assert_report(&r, "uvmm: exit #0 at rip 0x100000 does not match <note>:1:1: wrong value (#GP differs)\n"
			  "  expected: msr.read 0x555500ff = 0x0\n"
			  "  actual:   msr.read 0x555500ff = !gp\n");
	stop(&r);

	r = start("msr.write 0x55550000 = 0x1 !gp\n");
	assert_int_equal(offer(&r, msr(EV_MSR_WRITE, 0x55550000, 1, 0)), EXPECT_MISMATCH);
	stop(&r);
}

/* ---- ignore ---- */

static void test_ignore_classes(void **state)
{
	(void)state;
	struct run r = start("ignore console\nhlt\n");
	assert_int_equal(offer(&r, out1(0x3f8, 'a')), EXPECT_IGNORED);
	assert_int_equal(offer(&r, pio(EV_PIO_IN, 0x3fd, 1, 0x60)), EXPECT_IGNORED);
	assert_int_equal(offer(&r, hc_str(UVMM_HC_CONSOLE, "x")), EXPECT_IGNORED);
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
	assert_int_equal(offer(&r, out1(0x3ff, 'b')), EXPECT_IGNORED); /* after the end too */
	assert_int_equal(offer(&r, out1(0x400, 'c')), EXPECT_MISMATCH); /* not COM1 */
	assert_int_equal(expect_finish(r.c), -1);
	stop(&r);

	struct {
		const char *cls;
		struct exit_event yes, no;
	} cases[] = {
		{ "report", hc_report(0, "t", NULL), hc_str(UVMM_HC_CONSOLE, "x") },
		{ "pio", out1(0xf4, 0), mmio(EV_MMIO_READ, 0, 1, 0) },
		{ "mmio", mmio(EV_MMIO_WRITE, 0, 1, 0), out1(0x80, 0) },
		{ "hlt", bare(EV_HLT), bare(EV_SHUTDOWN) },
		{ "msr", msr(EV_MSR_READ, 0x10, 0, 0), out1(0x80, 0) },
		{ "hcall", hc_rejected(9, UVMM_HC_ENOSYS), out1(0x80, 0) },
		{ "console", out1(0x3f8, 0), out1(0x3f7, 0) },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[64];
		snprintf(text, sizeof(text), "ignore %s\nany\n", cases[i].cls);
		r = start(text);
		assert_int_equal(offer(&r, cases[i].yes), EXPECT_MATCH); /* `any` comes first */
		assert_int_equal(offer(&r, cases[i].yes), EXPECT_IGNORED);
		assert_int_equal(offer(&r, cases[i].no), EXPECT_MISMATCH);
		stop(&r);
	}
}

/* An exit of an ignored class that is the next expected one is consumed. */
static void test_ignored_class_still_consumed(void **state)
{
	(void)state;
	struct run r = start("ignore console\npio.out 0x3f8:1 = 0x41\nhlt\n");
	assert_int_equal(offer(&r, out1(0x3f8, 0x42)), EXPECT_IGNORED);
	assert_int_equal(offer(&r, out1(0x3f8, 0x41)), EXPECT_MATCH);
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);

	/* ...and ignored exits do not move the cursor past optional blocks. */
	r = start("ignore console\nrepeat 0..1 {\n  pio.out 0x80:1 = 0x1\n}\nhlt\n");
	assert_int_equal(offer(&r, out1(0x3f8, 'x')), EXPECT_IGNORED);
	assert_int_equal(offer(&r, out1(0x80, 1)), EXPECT_MATCH);
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);
}

/* ---- runtime insertion ---- */

static void test_insert(void **state)
{
	(void)state;
	struct expect_error err;
	struct run r = start("hcall expect *\nhlt\n");
	const char *more = "pio.out 0x80:1 = 0x7\nignore console\n";
	assert_int_equal(offer(&r, hc_str(UVMM_HC_EXPECT, more)), EXPECT_MATCH);
	assert_int_equal(expect_insert(r.c, more, strlen(more), "<hypercall>", &err), 0);
	assert_int_equal(offer(&r, out1(0x3f8, 'x')), EXPECT_IGNORED);
	assert_int_equal(offer(&r, out1(0x80, 7)), EXPECT_MATCH);
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);

	/* Reports name the inserted text's source. */
	r = start("hcall expect *\nhlt\n");
	offer(&r, hc_str(UVMM_HC_EXPECT, "x"));
	assert_int_equal(expect_insert(r.c, "\npio.out 0x80:1 = 0x7", 21, "<hypercall>", &err), 0);
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MISMATCH);
	assert_report(&r, "uvmm: exit #1 at rip 0x100010 does not match <hypercall>:2:1: unexpected exit\n"
			  "  expected: pio.out 0x80:1 = 0x7\n"
			  "  actual:   hlt\n");
	stop(&r);

	/* A syntax error inserts nothing. */
	r = start("hlt\n");
	assert_int_equal(expect_insert(r.c, "hlt\nbogus", 9, "<hypercall>", &err), -1);
	assert_string_equal(err.source, "<hypercall>");
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 1);
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);

	/* Before anything matched, the insertion comes first. */
	r = start("hlt\n");
	assert_int_equal(expect_insert(r.c, "shutdown", 8, "<hypercall>", &err), 0);
	assert_int_equal(offer(&r, bare(EV_SHUTDOWN)), EXPECT_MATCH);
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);
}

/* An insertion made inside a repeat body is expected once, not in every
 * later round; its own blocks work and nest under the cursor's. */
static void test_insert_inside_repeat(void **state)
{
	(void)state;
	struct expect_error err;
	struct run r = start("repeat 2 {\n  hcall expect *\n  repeat 1..2 {\n    hlt\n  }\n}\nshutdown\n");
	const char *more = "repeat 2 {\n  mmio.read 0x1000:4 = *\n}\n";
	for (int round = 0; round < 2; round++) {
		assert_int_equal(offer(&r, hc_str(UVMM_HC_EXPECT, more)), EXPECT_MATCH);
		assert_int_equal(expect_insert(r.c, more, strlen(more), "<hypercall>", &err), 0);
		assert_int_equal(offer(&r, mmio(EV_MMIO_READ, 0x1000, 4, 1)), EXPECT_MATCH);
		assert_int_equal(offer(&r, mmio(EV_MMIO_READ, 0x1000, 4, 2)), EXPECT_MATCH);
		assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
		assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
	}
	assert_int_equal(offer(&r, bare(EV_SHUTDOWN)), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);

	/* Inserted after the last item of a body: the outer block then goes on. */
	r = start("repeat 2 {\n  hcall expect *\n}\nshutdown\n");
	for (int round = 0; round < 2; round++) {
		assert_int_equal(offer(&r, hc_str(UVMM_HC_EXPECT, "hlt")), EXPECT_MATCH);
		assert_int_equal(expect_insert(r.c, "hlt", 3, "<hypercall>", &err), 0);
		assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
	}
	assert_int_equal(offer(&r, bare(EV_SHUTDOWN)), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);

	/* An unmatched insertion is a missing exit. */
	r = start("hlt\n");
	assert_int_equal(expect_insert(r.c, "\n\n  shutdown", 12, "<hypercall>", &err), 0);
	assert_int_equal(expect_finish(r.c), -1);
	char *text = report(&r);
	assert_non_null(strstr(text, "missing exit: <hypercall>:3:3"));
	free(text);
	stop(&r);
}

static void test_insert_nesting_limit(void **state)
{
	(void)state;
	char text[512] = "";
	struct expect_error err;
	for (int i = 0; i < 7; i++)
		strcat(text, "repeat 1 {\nhcall expect *\n");
	for (int i = 0; i < 7; i++)
		strcat(text, "}\n");
	struct run r = start(text);
	for (int i = 0; i < 7; i++)
		assert_int_equal(offer(&r, hc_str(UVMM_HC_EXPECT, "")), EXPECT_MATCH);
	const char *one = "repeat 1 {\nhlt\n}\n", *two = "repeat 1 {\nhlt\nrepeat 1 {\nhlt\n}\n}\n";
	assert_int_equal(expect_insert(r.c, two, strlen(two), "<hypercall>", &err), -1);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "more than 8 deep"));
	assert_int_equal(expect_insert(r.c, one, strlen(one), "<hypercall>", &err), 0);
	assert_int_equal(offer(&r, bare(EV_HLT)), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);
}

/* ---- failure copies ---- */

/* The report is written after the run: it must not read the exit's buffers. */
static void test_report_keeps_copies(void **state)
{
	(void)state;
	char name[300];
	uint8_t data[4] = { 1, 2, 3, 4 };
	memset(name, 'n', sizeof(name));
	name[sizeof(name) - 1] = '\0';
	struct run r = start("hcall report pass \"t\"\n");
	assert_int_equal(offer(&r, hc_report(UVMM_RESULT_PASS, name, NULL)), EXPECT_MISMATCH);
	memset(name, 'X', sizeof(name) - 1);
	char *text = report(&r);
	assert_null(strchr(text, 'X'));
	assert_non_null(strstr(text, "cut to 256 bytes"));
	free(text);
	stop(&r);

	struct exit_event s = pio(EV_PIO_IN, 0x60, 1, 0);
	s.count = 4;
	s.data = data;
	r = start("hlt\n");
	assert_int_equal(offer(&r, s), EXPECT_MISMATCH);
	memset(data, 0xee, sizeof(data));
	assert_report(&r, "uvmm: exit #0 at rip 0x100000 does not match <note>:1:1: unexpected exit\n"
			  "  expected: hlt\n"
			  "  actual:   pio.in 0x60:1 x4 = 0x1 0x2 0x3 0x4\n");
	stop(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sequence_in_order),
		cmocka_unit_test(test_wrong_value_reported),
		cmocka_unit_test(test_wrong_size_and_count),
		cmocka_unit_test(test_string_io_data),
		cmocka_unit_test(test_string_shorthand),
		cmocka_unit_test(test_unexpected_exit_reported),
		cmocka_unit_test(test_extra_exit_after_end),
		cmocka_unit_test(test_missing_exit_reported),
		cmocka_unit_test(test_repeat_exact),
		cmocka_unit_test(test_repeat_range),
		cmocka_unit_test(test_repeat_open_ended),
		cmocka_unit_test(test_repeat_zero_skips),
		cmocka_unit_test(test_repeat_nested_and_multi_item),
		cmocka_unit_test(test_repeat_greedy_no_backtracking),
		cmocka_unit_test(test_optional_block_near_miss),
		cmocka_unit_test(test_wildcards),
		cmocka_unit_test(test_hcall_args_and_rejections),
		cmocka_unit_test(test_msr_gp),
		cmocka_unit_test(test_ignore_classes),
		cmocka_unit_test(test_ignored_class_still_consumed),
		cmocka_unit_test(test_insert),
		cmocka_unit_test(test_insert_inside_repeat),
		cmocka_unit_test(test_insert_nesting_limit),
		cmocka_unit_test(test_report_keeps_copies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
