/* `rep outsb` of 8 KiB (twice KVM's one-page PIO buffer) to port 0x80 and `rep outsl` to a hypercall port.
 * Stock KVM emulates `rep outs` one element per exit: 8192 exits that the
 * VMM answers one by one, and for the hypercall port each dword is a call
 * whose "block address" is guest data (here past RAM: EFAULT each time). */
#include "hostile.h"

#define LEN 8192u

EXPECT("repeat 8192 {");
EXPECT("  pio.out 0x80:1 = *");
EXPECT("}");
EXPECT("hcall report pass \"rep-outsb-8k\"");
EXPECT("repeat 4 {");
EXPECT("  hcall console !efault");
EXPECT("}");
EXPECT("hcall report pass \"rep-outsl-hypercall-port\"");
EXPECT("pio.out 0xf4:4 = 0x0");

void guest_main(void)
{
	static const uint32_t blocks[4] = { 0xfffffff0u, 0xd0000000u, 0xfee00000u, 0xffffffffu };

	outsb(0x80, (const void *)(uintptr_t)0x100000, LEN);
	test_report("rep-outsb-8k", UVMM_RESULT_PASS, NULL);
	outsl(UVMM_HC_PORT_BASE + UVMM_HC_CONSOLE, blocks, 4);
	test_report("rep-outsl-hypercall-port", UVMM_RESULT_PASS, NULL);
}
