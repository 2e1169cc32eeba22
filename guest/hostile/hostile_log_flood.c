/* 5000 rejected hypercalls (a console buffer outside RAM) and 5000
 * exception reports: each would be a line in uvmm's log. Only the first
 * 256 KiB of such guest-triggered messages are written, then one note, and
 * the count of the rest at the end: the log stays bounded (test_hostile.sh
 * measures it) and the run goes on. */
#include "hostile.h"

#define CALLS 5000

EXPECT("repeat 5000 {");
EXPECT("  hcall console !efault");
EXPECT("}");
EXPECT("repeat 5000 {");
EXPECT("  hcall exception 0xd 0x0 0x100000 0x0");
EXPECT("}");
EXPECT_CASE(case_log_flood, "log-flood");

void guest_main(void)
{
	for (unsigned i = 0; i < CALLS; i++)
		GUEST_ASSERT_EQ(console_at(0xfffff000u, 16), UVMM_HC_EFAULT);
	for (unsigned i = 0; i < CALLS; i++)
		uvmm_report_exception(13, 0, 0x100000, 0);
	report_pass(case_log_flood);
}
