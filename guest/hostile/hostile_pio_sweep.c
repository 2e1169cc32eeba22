/* IN and OUT of every width on a sample of 256 ports spread over the whole
 * 16-bit space (stride 0x101, so low and high bytes both vary), skipping
 * uvmm's own ports. With no in-kernel irqchip every one exits; unassigned
 * ports read all-ones and drop writes, and the VMM stays up. */
#include "hostile.h"

EXPECT("repeat 246.. {");
EXPECT("  pio.in *:1 = 0xff");
EXPECT("  pio.in *:2 = 0xffff");
EXPECT("  pio.in *:4 = 0xffffffff");
EXPECT("  pio.out *:1 = 0xa5");
EXPECT("  pio.out *:2 = 0xa55a");
EXPECT("  pio.out *:4 = 0xa55a5aa5");
EXPECT("}");
EXPECT_CASE(case_unassigned_ports, "unassigned-ports");
UVMM_OPTIONS("irqchip=0");

static int owned(uint32_t p)
{
	/* Each access is up to 4 bytes wide: keep clear of uvmm's ranges. */
	return (p + 4 > UVMM_COM1_PORT && p < UVMM_COM1_PORT + 8) ||
	       (p + 4 > UVMM_DEBUG_EXIT_PORT && p < UVMM_DEBUG_EXIT_PORT + 4) ||
	       (p + 4 > UVMM_HC_PORT_BASE && p < UVMM_HC_PORT_BASE + UVMM_HC_PORT_COUNT) ||
	       p > 0xfffc;
}

void guest_main(void)
{
	unsigned done = 0;

	for (uint32_t p = 0; p < 0x10000; p += 0x101) {
		if (owned(p))
			continue;
		GUEST_ASSERT_EQ(inb((uint16_t)p), 0xff);
		GUEST_ASSERT_EQ(inw((uint16_t)p), 0xffff);
		GUEST_ASSERT_EQ(inl((uint16_t)p), 0xffffffffu);
		outb((uint16_t)p, 0xa5);
		outw((uint16_t)p, 0xa55a);
		outl((uint16_t)p, 0xa55a5aa5u);
		done++;
	}
	GUEST_ASSERT(done >= 246);
	report_pass(case_unassigned_ports);
}
