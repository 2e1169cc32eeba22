/* Lab 6 hidden test of your exit program: a range of 32 ports, wider than
 * per_port. An OUT 20 ports above lo is counted in outs, and per_port is
 * left alone: the region is exactly the struct, so a store past the array
 * is outside it (the run stops: hupcall exit 0 = !bounds). */
#include <uvmm/guest.h>
#include <uvmm/hupcall.h>

#include "exit_count.h"

HUPCALL_OBJECT(prog);

static struct exit_stats st = { .lo = WATCH_BASE, .hi = WATCH_BASE + 31, .limit = 0xff };

void guest_main(void)
{
	struct uvmm_hupcall_out out;

	GUEST_ASSERT_EQ(hupcall_attach(&prog, "hupcall/exit", UVMM_HUPCALL_EXIT, &st, sizeof(st),
				       UVMM_HUPCALL_WRITE, 0, &out), UVMM_HC_OK, "%s", out.msg);
	outb(WATCH_BASE + 20, 7);
	outb(WATCH_BASE + 31, 9);
	outb(WATCH_BASE + 15, 1);
	GUEST_ASSERT_EQ(hupcall_unregister(UVMM_HUPCALL_EXIT), UVMM_HC_OK);
	GUEST_ASSERT_EQ(st.outs, 3);
	GUEST_ASSERT_EQ(st.sum, 17);
	GUEST_ASSERT_EQ(st.per_port[15], 1);
	for (unsigned i = 0; i < 15; i++)
		GUEST_ASSERT_EQ(st.per_port[i], 0, "per_port[%u]", i);
	test_report("wide", UVMM_RESULT_PASS, 0);
}
