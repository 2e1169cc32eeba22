/* Lab 6 visible test of your exit program's verdict: an OUT in range of
 * exactly `limit` passes, one of limit + 1 fails the run there, before
 * uvmm's checker sees it; out of range, any value passes. Key:
 * expect/verdict.expect. */
#include <uvmm/guest.h>
#include <uvmm/hupcall.h>

#include "exit_count.h"

HUPCALL_OBJECT(prog);

static struct exit_stats st = { .lo = WATCH_BASE, .hi = WATCH_BASE, .limit = 0x20 };

void guest_main(void)
{
	struct uvmm_hupcall_out out;

	GUEST_ASSERT_EQ(hupcall_attach(&prog, "hupcall/exit", UVMM_HUPCALL_EXIT, &st, sizeof(st),
				       UVMM_HUPCALL_WRITE, 0, &out), UVMM_HC_OK, "%s", out.msg);
	outb(WATCH_BASE + 1, 0xff);    /* not watched: passes */
	outb(WATCH_BASE, 0x20);        /* the limit: passes */
	outb(WATCH_BASE, 0x21);        /* over it: the run fails here */
	outb(WATCH_BASE, 0x22);
	test_report("not-stopped", UVMM_RESULT_FAIL, "the program let an OUT over the limit pass");
}
