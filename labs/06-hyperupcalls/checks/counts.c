/* Lab 6 visible test of your exit program: watched OUTs and INs, the ports
 * just outside the range, widths 1 and 2; every counter checked
 * (include/exit_count.h). Key: expect/counts.expect. */
#include <uvmm/guest.h>
#include <uvmm/hupcall.h>

#include "exit_count.h"

HUPCALL_OBJECT(prog);

static struct exit_stats st = { .lo = WATCH_BASE, .hi = WATCH_BASE + 3, .limit = 0xffff };

void guest_main(void)
{
	struct uvmm_hupcall_out out;

	GUEST_ASSERT_EQ(hupcall_attach(&prog, "hupcall/exit", UVMM_HUPCALL_EXIT, &st, sizeof(st),
				       UVMM_HUPCALL_WRITE, 0, &out), UVMM_HC_OK, "%s", out.msg);
	outb(WATCH_BASE, 1);
	outb(WATCH_BASE + 3, 2);       /* hi itself is watched */
	outb(WATCH_BASE + 4, 3);       /* hi + 1 is not */
	outb(WATCH_BASE - 1, 4);       /* nor lo - 1 */
	(void)inb(WATCH_BASE + 2);
	(void)inb(WATCH_BASE + 4);
	outw(WATCH_BASE + 1, 0x100);
	outb(0x80, 5);
	GUEST_ASSERT_EQ(hupcall_unregister(UVMM_HUPCALL_EXIT), UVMM_HC_OK);

	GUEST_ASSERT_EQ(st.exits, 8);
	GUEST_ASSERT_EQ(st.outs, 3);
	GUEST_ASSERT_EQ(st.ins, 1);
	GUEST_ASSERT_EQ(st.sum, 0x103);
	GUEST_ASSERT_EQ(st.last, 0x100);
	GUEST_ASSERT_EQ(st.per_port[0], 1);
	GUEST_ASSERT_EQ(st.per_port[1], 1);
	GUEST_ASSERT_EQ(st.per_port[2], 0);
	GUEST_ASSERT_EQ(st.per_port[3], 1);
	GUEST_ASSERT_EQ(st.per_port[4], 0);
	GUEST_ASSERT_EQ(st.lo, WATCH_BASE);  /* the guest's fields are the guest's */
	GUEST_ASSERT_EQ(st.hi, WATCH_BASE + 3);
	GUEST_ASSERT_EQ(st.limit, 0xffff);
	test_report("counts", UVMM_RESULT_PASS, 0);
}
