/* Lab 6, Part B: your guest test of the exit program (README.md). Register
 * hyperupcall/exit_count.bpf.c (embedded below) with a struct exit_stats as
 * its writable region, make exits whose effect you know, unregister it, and
 * check the counters against the contract (include/exit_count.h) before
 * you report the case "exit-count" as passed. Your test is graded too: it
 * is run against wrong programs, and it must fail with each of them. */
#include <uvmm/guest.h>
#include <uvmm/hupcall.h>

#include "exit_count.h"

HUPCALL_OBJECT(exit_count_obj);

EXPECT_CASE(case_counted, "exit-count");

static struct exit_stats st = { .lo = WATCH_BASE, .hi = WATCH_BASE + 7, .limit = 0xff };

void guest_main(void)
{
	(void)st;
	(void)exit_count_obj;
	(void)case_counted;
	/* TODO: hupcall_attach(&exit_count_obj, "hupcall/exit", ...); exits;
	 * hupcall_unregister(UVMM_HUPCALL_EXIT); GUEST_ASSERT_EQ(...) per counter;
	 * then report_pass(case_counted). */
}
