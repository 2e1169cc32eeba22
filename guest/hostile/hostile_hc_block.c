/* Argument blocks the VMM must not read: at the end of RAM, straddling it,
 * in the MMIO test device, in the LAPIC page, at the top of the 32-bit space.
 * Each is refused with EFAULT; a block that ends exactly at the end of RAM
 * is read and works. */
#include "hostile.h"

EXPECT("repeat 6 {");
EXPECT("  hcall console !efault");
EXPECT("}");
EXPECT_CASE(case_blocks_outside_ram, "blocks-outside-ram");
EXPECT("hcall console \"edge\"");
EXPECT_CASE(case_block_at_end_of_ram, "block-at-end-of-ram");

static const char text[] = "edge";

void guest_main(void)
{
	uint32_t top = (uint32_t)ram_size();
	const uint32_t bad[] = {
		top,                      /* first byte after RAM */
		top - 8,                  /* 16-byte block, half outside */
		(uint32_t)UVMM_TESTDEV_BASE,
		0xfee00000u,              /* LAPIC */
		0xfffffff8u,
		0xffffffffu,
	};
	struct uvmm_hc_console *edge = (void *)(uintptr_t)(top - sizeof(*edge));

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		GUEST_ASSERT_EQ(hc_at(UVMM_HC_CONSOLE, bad[i]), UVMM_HC_EFAULT);
	report_pass(case_blocks_outside_ram);
	edge->buf = uvmm_gpa(text);
	edge->len = 4;
	GUEST_ASSERT_EQ(hc_at(UVMM_HC_CONSOLE, top - sizeof(*edge)), UVMM_HC_OK);
	report_pass(case_block_at_end_of_ram);
}
