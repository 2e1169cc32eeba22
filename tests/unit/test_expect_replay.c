/* Unit tests of expect_trace_parse (check/expect_replay.c): every kind of
 * exit the trace writer formats reads back as the same exit, lines the
 * trace marks as expected at run time are exits, and what a trace cannot
 * hold is refused at its line and column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "check/expect.h"
#include "check/expect_replay.h"
#include "uvmm/abi.h"

#define EV(...) { .count = 1, __VA_ARGS__ }
#define S(lit) { .str = lit, .len = sizeof(lit) - 1 }
#define N(v) { .num = v }

static const uint8_t bytes4[] = { 1, 2, 3, 0xff };

static const struct exit_event events[] = {
	EV(.kind = EV_PIO_OUT, .addr = 0x80, .size = 1, .value = 2),
	EV(.kind = EV_PIO_IN, .addr = 0x60, .size = 4, .value = 0xffffffff),
	{ .kind = EV_PIO_IN, .addr = 0x80, .size = 1, .count = 4, .data = bytes4 },
	EV(.kind = EV_MMIO_WRITE, .addr = 0xd0000008, .size = 8, .value = 0x1122334455667788ull),
	EV(.kind = EV_MMIO_READ, .addr = 0xd0100000, .size = 2, .value = 0xffff),
	EV(.kind = EV_HLT),
	EV(.kind = EV_SHUTDOWN),
	EV(.kind = EV_MSR_READ, .addr = 0x55550000, .size = 8, .value = 7),
	EV(.kind = EV_MSR_READ, .addr = 0x555500ff, .size = 8, .status = 1),
	EV(.kind = EV_MSR_WRITE, .addr = 0x555500ff, .size = 8, .value = 0x42, .status = 1),
	EV(.kind = EV_HCALL, .addr = UVMM_HC_REPORT, .nargs = 3,
	   .args = { N(UVMM_RESULT_FAIL), S("name"), S("a \"reason\"\n") }),
	EV(.kind = EV_HCALL, .addr = UVMM_HC_EXIT, .nargs = 1, .args = { N(3) }),
	EV(.kind = EV_HCALL, .addr = UVMM_HC_CONSOLE, .status = UVMM_HC_EFAULT),
	EV(.kind = EV_FAIL_ENTRY, .value = 0x80000021),
	EV(.kind = EV_UNHANDLED, .addr = 9),
	EV(.kind = EV_IRQ_WINDOW),
	EV(.kind = EV_HUPCALL, .addr = UVMM_HUPCALL_TIMER, .nargs = 1, .args = { N(3) }, .value = 0x2a),
	/* A run that stopped has no r0: `= !bounds` is not a wildcard value. */
	EV(.kind = EV_HUPCALL, .addr = UVMM_HUPCALL_EXIT, .nargs = 1, .args = { N(0) },
	   .status = UVMM_HUPCALL_RUN_BOUNDS),
};

static void format(const struct exit_event *ev, char *buf, size_t size)
{
	assert_true(expect_format_event(ev, buf, size) < size);
}

/* format -> parse as a trace -> the same text again, exit by exit. */
static void test_round_trip(void **state)
{
	char text[8192] = "", line[512];
	struct expect_error err;
	struct expect_trace *t;
	size_t n = sizeof(events) / sizeof(events[0]);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		format(&events[i], line, sizeof(line));
		strcat(text, line);
		strcat(text, "\n");
	}
	t = expect_trace_parse(text, strlen(text), "t", &err);
	if (!t)
		fail_msg("%s:%u:%u: %s", err.source, err.line, err.col, err.msg);
	assert_int_equal(expect_trace_count(t), n);
	for (size_t i = 0; i < n; i++) {
		struct exit_event ev;
		char again[512];
		unsigned at;

		expect_trace_event(t, i, &ev, &at);
		assert_int_equal(at, i + 1);
		assert_int_equal(ev.index, i);
		format(&events[i], line, sizeof(line));
		format(&ev, again, sizeof(again));
		assert_string_equal(again, line);
	}
	expect_trace_free(t);
}

/* A console string is one exit per byte; a run-time line is an exit; a
 * never-checked line and other comments are not. */
static void test_marks(void **state)
{
	static const char text[] = "# uvmm trace\n"
				   "pio.out 0x3f8:1 = \"hi\"\n"
				   "# (expected at run time) pio.out 0x80:1 = 0x5\n"
				   "# (never checked) hcall debug \"x\"\n"
				   "hlt # a comment\n";
	struct expect_error err;
	struct expect_trace *t = expect_trace_parse(text, sizeof(text) - 1, "t", &err);
	struct exit_event ev;
	unsigned line;

	(void)state;
	assert_non_null(t);
	assert_int_equal(expect_trace_count(t), 4);
	expect_trace_event(t, 1, &ev, &line);
	assert_int_equal(ev.value, 'i');
	assert_int_equal(line, 2);
	expect_trace_event(t, 2, &ev, &line);
	assert_int_equal(ev.kind, EV_PIO_OUT);
	assert_int_equal(ev.addr, 0x80);
	assert_int_equal(line, 3);
	expect_trace_event(t, 3, &ev, &line);
	assert_int_equal(ev.kind, EV_HLT);
	assert_int_equal(line, 5);
	expect_trace_free(t);
}

static const struct {
	const char *text;
	unsigned line, col;
	const char *msg;
} refused[] = {
	{ "hlt\nrepeat 2 {\n hlt\n}\n", 2, 1, "not a trace: a trace records exits, not repeat blocks" },
	{ "pio.out 0x80:1 = *\n", 1, 1, "not a trace: '*' stands for no recorded value" },
	{ "hupcall exit 0 = *\n", 1, 1, "not a trace: '*' stands for no recorded value" },
	{ "hlt\n  pio.out *:1 = 0x1\n", 2, 3, "not a trace: '*' stands for no recorded address or size" },
	{ "any\n", 1, 1, "not a trace: a trace records exits, 'any' is a pattern" },
	{ "hlt\nignore console\n", 2, 1, "not a trace: a trace has no 'ignore' lines" },
	{ "hcall report pass *\n", 1, 1, "not a trace: '*' stands for no recorded hypercall argument" },
	{ "pio.in 0x80:1 x2 = 0x1 *\n", 1, 1, "not a trace: '*' stands for no recorded data element" },
	{ "pio.out 0x80:1 = 0x100\n", 1, 18, NULL }, /* a syntax error, the parser's words */
};

static void test_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		struct expect_error err;
		struct expect_trace *t = expect_trace_parse(refused[i].text, strlen(refused[i].text),
							    "t", &err);
		if (t)
			fail_msg("case %zu: accepted '%s'", i, refused[i].text);
		if (err.line != refused[i].line || err.col != refused[i].col ||
		    (refused[i].msg && strcmp(err.msg, refused[i].msg)))
			fail_msg("case %zu: %u:%u: %s", i, err.line, err.col, err.msg);
		assert_string_equal(err.source, "t");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
