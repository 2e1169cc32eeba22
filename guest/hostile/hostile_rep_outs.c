/* `rep outsb` of 8 KiB (twice KVM's one-page PIO buffer) to port 0x80 and `rep outsl` to a hypercall port.
 * Stock KVM emulates `rep outs` one element per exit: 8192 exits that the
 * VMM answers one by one, and for the hypercall port each dword is a call
 * whose "block address" is guest data (here past RAM: EFAULT each time). */
#include "hostile.h"

#define LEN 8192u

EXPECT("repeat 8192 {");
EXPECT("  pio.out 0x80:1 = *");
EXPECT("}");
EXPECT_CASE(case_rep_outsb_8k, "rep-outsb-8k");
EXPECT("repeat 4 {");
EXPECT("  hcall console !efault");
EXPECT("}");
EXPECT_CASE(case_rep_outsl_hypercall_port, "rep-outsl-hypercall-port");

void guest_main(void)
{
	static const uint32_t blocks[4] = { 0xfffffff0u, 0xd0000000u, 0xfee00000u, 0xffffffffu };

	outsb(0x80, (const void *)(uintptr_t)0x100000, LEN);
	report_pass(case_rep_outsb_8k);
	outsl(UVMM_HC_PORT_BASE + UVMM_HC_CONSOLE, blocks, 4);
	report_pass(case_rep_outsl_hypercall_port);
}
