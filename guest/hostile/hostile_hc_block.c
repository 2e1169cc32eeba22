/* Argument blocks the VMM must not read: at the end of RAM, straddling it,
 * in the MMIO test device, in the LAPIC page, at the top of the 32-bit space.
 * Each is refused with EFAULT; a block that ends exactly at the end of RAM
 * is read and works. */
#include "hostile.h"

EXPECT("repeat 6 {");
EXPECT("  hcall console !efault");
EXPECT("}");
EXPECT("hcall report pass \"blocks-outside-ram\"");
EXPECT("hcall console \"edge\"");
EXPECT("hcall report pass \"block-at-end-of-ram\"");
EXPECT("pio.out 0xf4:4 = 0x0");

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
	test_report("blocks-outside-ram", UVMM_RESULT_PASS, NULL);
	edge->buf = uvmm_gpa(text);
	edge->len = 4;
	GUEST_ASSERT_EQ(hc_at(UVMM_HC_CONSOLE, top - sizeof(*edge)), UVMM_HC_OK);
	test_report("block-at-end-of-ram", UVMM_RESULT_PASS, NULL);
}
