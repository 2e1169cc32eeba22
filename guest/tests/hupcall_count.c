/* The tutorial's guest (docs/hyperupcalls.md): registers the exit program of
 * hupcall_count.bpf.c with its counter as the writable region, makes three
 * OUTs to port 0x80 under the limit, unregisters, and finds them counted by
 * uvmm without one switch into the guest per count. */
#include <uvmm/guest.h>
#include <uvmm/hupcall.h>

#include "hupcall_count_prog.h"

HUPCALL_OBJECT(count_obj);

EXPECT("hcall hupcall 0x0 0x0 * * * * * *"); /* REGISTER exit */
EXPECT("repeat 3 {");
EXPECT("  hupcall exit 0 = 0x0");
EXPECT("  pio.out 0x80:1 = *");
EXPECT("}");
/* The unregistering exit: uvmm removes the program before it could run. */
EXPECT("hcall hupcall 0x1 0x0 * * * * * *"); /* UNREGISTER exit */
EXPECT_CASE(case_counted, "outs-counted-by-uvmm");

static struct counter c = { .limit = 0x10 };

void guest_main(void)
{
	struct uvmm_hupcall_out out;
	long st;

	st = hupcall_attach(&count_obj, "hupcall/exit", UVMM_HUPCALL_EXIT, &c, sizeof(c),
			    UVMM_HUPCALL_WRITE, 0, &out);
	GUEST_ASSERT_EQ(st, UVMM_HC_OK, "%s", out.msg);
	for (unsigned v = 1; v <= 3; v++)
		outb(COUNT_PORT, (uint8_t)v);
	GUEST_ASSERT_EQ(hupcall_unregister(UVMM_HUPCALL_EXIT), UVMM_HC_OK);
	GUEST_ASSERT_EQ(c.writes, 3);
	GUEST_ASSERT_EQ(c.last, 3);
	report_pass(case_counted);
}
