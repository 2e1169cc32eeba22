/* Lab 6, Part B (reference): a guest test of the exit program. It registers
 * hyperupcall/exit_count.bpf.c with its counters as the writable region,
 * makes exits it knows (watched OUTs and INs, and ones just outside the
 * range), unregisters it, and checks every counter of the contract
 * (include/exit_count.h) before it reports pass. */
#include <uvmm/guest.h>
#include <uvmm/hupcall.h>

#include "exit_count.h"

HUPCALL_OBJECT(exit_count_obj);

EXPECT_CASE(case_counted, "exit-count");

static struct exit_stats st = { .lo = WATCH_BASE, .hi = WATCH_BASE + 7, .limit = 0xff };

void guest_main(void)
{
	struct uvmm_hupcall_out out;
	long rc;

	rc = hupcall_attach(&exit_count_obj, "hupcall/exit", UVMM_HUPCALL_EXIT, &st, sizeof(st),
			    UVMM_HUPCALL_WRITE, 0, &out);
	GUEST_ASSERT_EQ(rc, UVMM_HC_OK, "%s", out.msg);
	/* Six exits between the registration and the unregistration: the
	 * program runs on each (not on those two hypercalls themselves). */
	outb(WATCH_BASE, 1);
	outb(WATCH_BASE + 5, 2);
	outb(WATCH_BASE + 5, 4);
	outb(WATCH_BASE + 8, 8);   /* above hi: not watched */
	outb(WATCH_BASE - 1, 16);  /* below lo: not watched */
	(void)inb(WATCH_BASE + 1);
	GUEST_ASSERT_EQ(hupcall_unregister(UVMM_HUPCALL_EXIT), UVMM_HC_OK);

	GUEST_ASSERT_EQ(st.exits, 6);
	GUEST_ASSERT_EQ(st.outs, 3);
	GUEST_ASSERT_EQ(st.ins, 1);
	GUEST_ASSERT_EQ(st.sum, 7);
	GUEST_ASSERT_EQ(st.last, 4);
	GUEST_ASSERT_EQ(st.per_port[0], 1);
	GUEST_ASSERT_EQ(st.per_port[5], 2);
	for (unsigned i = 0; i < WATCH_SLOTS; i++)
		if (i != 0 && i != 5)
			GUEST_ASSERT_EQ(st.per_port[i], 0, "per_port[%u]", i);
	report_pass(case_counted);
}
