/* Unit tests of the expectation language's hyperupcall events: how
 * `hupcall EVENT ARG = R0` matches (event, argument, r0, run errors, wildcards),
 * the `hupcall` ignore class, and the exit program's fail verdict, which can
 * be expected but never ignored. */
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

static struct exit_event hu(unsigned event, uint64_t arg, int run, uint64_t r0)
{
	struct exit_event ev = { .kind = EV_HUPCALL, .addr = event, .size = 8, .count = 1,
				 .value = r0, .status = run, .nargs = 1 };
	ev.args[0].num = arg;
	return ev;
}

static struct exit_event out80(uint64_t v)
{
	struct exit_event ev = { .kind = EV_PIO_OUT, .addr = 0x80, .size = 1, .count = 1, .value = v };
	return ev;
}

static struct exit_event hc_hupcall(int32_t status)
{
	struct exit_event ev = { .kind = EV_HCALL, .addr = UVMM_HC_HUPCALL, .size = 4, .count = 1,
				 .status = status };
	return ev;
}

struct run {
	struct expect_prog *p;
	struct expect_checker *c;
};

static struct run start(const char *text)
{
	struct run r = { expect_prog_new(), NULL };
	struct expect_error err;

	assert_non_null(r.p);
	if (expect_parse(r.p, text, strlen(text), "<note>", &err))
		fail_msg("parse: %u:%u: %s", err.line, err.col, err.msg);
	r.c = expect_checker_new(r.p);
	assert_non_null(r.c);
	return r;
}

static void stop(struct run *r)
{
	expect_checker_free(r->c);
	expect_prog_free(r->p);
}

static int offer(struct run *r, struct exit_event ev)
{
	return expect_match_exit(r->c, &ev);
}

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

/* Each field the item names must match; each `*` matches anything. */
static void test_fields(void **state)
{
	/* The first item is offered `hupcall exit 0 = 0x0`, the others
	 * `hupcall timer 3 = 0x3`. */
	static const struct {
		const char *item;
		int match;
	} cases[] = {
		{ "hupcall exit 0 = 0x0", 1 },     { "hupcall timer 3 = 0x3", 1 },
		{ "hupcall timer 4 = 0x3", 0 },    { "hupcall timer 3 = 0x4", 0 },
		{ "hupcall exit 3 = 0x3", 0 },     { "hupcall * 3 = 0x3", 1 },
		{ "hupcall timer * = *", 1 },      { "hupcall timer 3 = !bounds", 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r = start(cases[i].item);
		struct exit_event ev = i == 0 ? hu(UVMM_HUPCALL_EXIT, 0, 0, 0) : hu(UVMM_HUPCALL_TIMER, 3, 0, 3);
		int got = offer(&r, ev) == EXPECT_MATCH;

		if (got != cases[i].match)
			fail_msg("%s: match %d, wanted %d", cases[i].item, got, cases[i].match);
		stop(&r);
	}
}

/* A run that stopped matches only its error, whatever r0 would say. */
static void test_run_errors(void **state)
{
	struct run r = start("hupcall reclaim 0 = !helper\nhupcall timer * = !timeout\n");
	(void)state;

	assert_int_equal(offer(&r, hu(UVMM_HUPCALL_RECLAIM, 0, UVMM_HUPCALL_RUN_HELPER, 0)), EXPECT_MATCH);
	assert_int_equal(offer(&r, hu(UVMM_HUPCALL_TIMER, 9, UVMM_HUPCALL_RUN_OK, 0)), EXPECT_MISMATCH);
	stop(&r);
	r = start("hupcall timer 1 = 0x0\n");
	assert_int_equal(offer(&r, hu(UVMM_HUPCALL_TIMER, 1, UVMM_HUPCALL_RUN_BUDGET, 0)), EXPECT_MISMATCH);
	stop(&r);
}

/* `ignore hupcall` lets runs and hupcall hypercalls pass, never a fail verdict. */
static void test_ignore_class(void **state)
{
	struct run r = start("ignore hupcall\npio.out 0x80:1 = 0x1\n");
	(void)state;

	assert_int_equal(offer(&r, hu(UVMM_HUPCALL_EXIT, 0, 0, 0)), EXPECT_IGNORED);
	assert_int_equal(offer(&r, hu(UVMM_HUPCALL_TIMER, 1, UVMM_HUPCALL_RUN_BOUNDS, 0)), EXPECT_IGNORED);
	assert_int_equal(offer(&r, hc_hupcall(UVMM_HC_EACCES)), EXPECT_IGNORED);
	assert_int_equal(offer(&r, out80(1)), EXPECT_MATCH);
	assert_int_equal(offer(&r, hu(UVMM_HUPCALL_EXIT, 0, 0, 0x2a)), EXPECT_MISMATCH);
	stop(&r);
	/* Without the class, a run is an event like any other. */
	r = start("pio.out 0x80:1 = 0x1\n");
	assert_int_equal(offer(&r, hu(UVMM_HUPCALL_EXIT, 0, 0, 0)), EXPECT_MISMATCH);
	stop(&r);
}

/* A fail verdict the guest declared is an ordinary match (the test of a
 * checker that must catch something). */
static void test_expected_verdict(void **state)
{
	struct run r = start("ignore hupcall\npio.out 0x80:1 = 0x1\nhupcall exit 0 = 0x2\n");
	(void)state;

	assert_int_equal(offer(&r, hu(UVMM_HUPCALL_EXIT, 0, 0, 0)), EXPECT_IGNORED);
	assert_int_equal(offer(&r, out80(1)), EXPECT_MATCH);
	assert_int_equal(offer(&r, hu(UVMM_HUPCALL_EXIT, 0, 0, 2)), EXPECT_MATCH);
	assert_int_equal(expect_finish(r.c), 0);
	stop(&r);
}

/* The report names what differs and prints both sides in the syntax. */
static void test_report(void **state)
{
	struct run r = start("hupcall irq_target 0x51 = 0x1\n");
	char *rep;
	(void)state;

	assert_int_equal(offer(&r, hu(UVMM_HUPCALL_IRQ_TARGET, 0x52, 0, 1)), EXPECT_MISMATCH);
	rep = report(&r);
	assert_non_null(strstr(rep, "wrong value (argument 1 differs)"));
	assert_non_null(strstr(rep, "expected: hupcall irq_target 0x51 = 0x1"));
	assert_non_null(strstr(rep, "actual:   hupcall irq_target 0x52 = 0x1"));
	free(rep);
	stop(&r);
	r = start("hupcall timer 1 = 0x1\n");
	assert_int_equal(offer(&r, hu(UVMM_HUPCALL_TIMER, 1, UVMM_HUPCALL_RUN_PERM, 0)), EXPECT_MISMATCH);
	rep = report(&r);
	assert_non_null(strstr(rep, "wrong value (status differs)"));
	assert_non_null(strstr(rep, "actual:   hupcall timer 1 = !perm"));
	free(rep);
	stop(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),        cmocka_unit_test(test_run_errors),
		cmocka_unit_test(test_ignore_class),  cmocka_unit_test(test_expected_verdict),
		cmocka_unit_test(test_report),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
