/* Lab 6 hidden test of your exit program: only port I/O is counted. With
 * lo = 0, a hypercall's number (its exit's addr) and an MMIO write's address
 * bits are "in range" too; a program that forgets the kind counts them. */
#include <uvmm/guest.h>
#include <uvmm/hupcall.h>

#include "exit_count.h"

HUPCALL_OBJECT(prog);

static struct exit_stats st = { .lo = 0, .hi = WATCH_BASE, .limit = 0xff };

void guest_main(void)
{
	struct uvmm_hupcall_out out;

	GUEST_ASSERT_EQ(hupcall_attach(&prog, "hupcall/exit", UVMM_HUPCALL_EXIT, &st, sizeof(st),
				       UVMM_HUPCALL_WRITE, 0, &out), UVMM_HC_OK, "%s", out.msg);
	test_report("between", UVMM_RESULT_PASS, 0);  /* an hcall exit, addr = its number */
	outb(0x80, 3);
	GUEST_ASSERT_EQ(hupcall_unregister(UVMM_HUPCALL_EXIT), UVMM_HC_OK);
	GUEST_ASSERT_EQ(st.exits, 2);
	GUEST_ASSERT_EQ(st.outs, 1);
	GUEST_ASSERT_EQ(st.ins, 0);
	GUEST_ASSERT_EQ(st.sum, 3);
	test_report("kinds", UVMM_RESULT_PASS, 0);
}
