/* buffer + length wrapping past 2^64 into low RAM: a VMM that checks
 * `buf + len <= size` would accept these and read host memory below the
 * mapping. All EFAULT, for the console, report, assert and expect buffers. */
#include "hostile.h"

EXPECT("repeat 3 {");
EXPECT("  hcall console !efault");
EXPECT("}");
EXPECT("hcall report !efault");
EXPECT("hcall assert !efault");
EXPECT("hcall expect !efault");
EXPECT_CASE(case_wrapping_buffers, "wrapping-buffers");

void guest_main(void)
{
	struct uvmm_hc_report rep = { ~0ull - 7, 16, UVMM_RESULT_PASS, 0, 0 };
	struct uvmm_hc_assert as = { 0xfffffffffffff000ull, 256, 1, 0x100000, 4, 0, 0, 0, 0 };
	struct uvmm_hc_expect ex = { 0xffffffffffffc000ull, 0x4000 };

	GUEST_ASSERT_EQ(console_at(0xfffffffffffff800ull, 0x1000), UVMM_HC_EFAULT);
	GUEST_ASSERT_EQ(console_at(~0ull, 2), UVMM_HC_EFAULT);
	GUEST_ASSERT_EQ(console_at(~0ull - 0xfff, 0x1000), UVMM_HC_EFAULT);
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_REPORT, &rep), UVMM_HC_EFAULT);
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_ASSERT, &as), UVMM_HC_EFAULT);
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_EXPECT, &ex), UVMM_HC_EFAULT);
	report_pass(case_wrapping_buffers);
}
