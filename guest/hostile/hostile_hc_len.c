/* Lengths that overflow: one past each limit, 2^32 (truncates to 0 in a
 * 32-bit copy), 2^63 and 2^64-1 (negative as a signed size). All EINVAL
 * before any byte is read, even with a valid buffer pointer. */
#include "hostile.h"

EXPECT("repeat 5 {");
EXPECT("  hcall console !einval");
EXPECT("}");
EXPECT("hcall report !einval");
EXPECT("hcall report !einval");
EXPECT("hcall expect !einval");
EXPECT("hcall assert !einval");
EXPECT_CASE(case_overflowing_lengths, "overflowing-lengths");

static char buf[64];

void guest_main(void)
{
	uint64_t p = uvmm_gpa(buf);
	const uint64_t lens[] = { UVMM_HC_CONSOLE_MAX + 1, 1ull << 32, 1ull << 63, ~0ull,
				  (1ull << 32) + 8 };
	struct uvmm_hc_report rep = { p, UVMM_HC_STRING_MAX + 1, UVMM_RESULT_PASS, 0, 0 };
	struct uvmm_hc_report rep2 = { p, 4, UVMM_RESULT_PASS, p, ~0ull };
	struct uvmm_hc_expect ex = { p, UVMM_HC_EXPECT_MAX + 1 };
	struct uvmm_hc_assert as = { p, 4, 1, p, 1ull << 63, 0, 0, 0, 0 };

	for (unsigned i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		GUEST_ASSERT_EQ(console_at(p, lens[i]), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_REPORT, &rep), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_REPORT, &rep2), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_EXPECT, &ex), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_ASSERT, &as), UVMM_HC_EINVAL);
	report_pass(case_overflowing_lengths);
}
