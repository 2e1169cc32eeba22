/* Buffer pointers in a valid block that name memory the VMM must not read:
 * just past RAM, straddling its end, the MMIO test device, the LAPIC, above
 * 4 GiB and at 2^64-1. Each is EFAULT; a zero-length buffer at the very end
 * of RAM and the last 4 bytes of RAM are fine. */
#include "hostile.h"

EXPECT("repeat 7 {");
EXPECT("  hcall console !efault");
EXPECT("}");
EXPECT_CASE(case_buffers_outside_ram, "buffers-outside-ram");
EXPECT("hcall console \"\"");
EXPECT("hcall console \"tail\"");
EXPECT_CASE(case_buffers_at_end_of_ram, "buffers-at-end-of-ram");

void guest_main(void)
{
	uint64_t top = ram_size();
	const struct uvmm_hc_console bad[] = {
		{ top, 1 },
		{ top - 2, 4 },
		{ UVMM_TESTDEV_BASE, 8 },
		{ 0xfee00000ull, 4 },
		{ 1ull << 32, 1 },
		{ 1ull << 40, 16 },
		{ ~0ull, 1 },
	};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		GUEST_ASSERT_EQ(console_at(bad[i].buf, bad[i].len), UVMM_HC_EFAULT);
	report_pass(case_buffers_outside_ram);
	memcpy((void *)(uintptr_t)(top - 4), "tail", 4);
	GUEST_ASSERT_EQ(console_at(top, 0), UVMM_HC_OK);
	GUEST_ASSERT_EQ(console_at(top - 4, 4), UVMM_HC_OK);
	report_pass(case_buffers_at_end_of_ram);
}
