/* `rep insb` of 16 KiB (four pages) from port 0x80 (no device: all-ones) into guest RAM.
 * KVM's emulator reads string input ahead into a 1 KiB cache, so one exit
 * carries at most 1024 bytes (seen on stock kvm_amd 6.1 and on kvm_pvm):
 * the VMM answers 16 exits of 1024 elements and is never asked to write
 * past the run area or the buffer: the page after the buffer keeps its
 * pattern. */
#include "hostile.h"

#define BUF 0x800000ull /* 8 MiB: free RAM above the image */
#define LEN (16ull << 10)

EXPECT("repeat 16 {");
EXPECT("  pio.in 0x80:1 x1024 = *");
EXPECT("}");
EXPECT_CASE(case_rep_insb_16k, "rep-insb-16k");

void guest_main(void)
{
	uint8_t *buf = (uint8_t *)(uintptr_t)BUF;

	memset(buf, 0, LEN);
	memset(buf + LEN, 0x5a, 4096);
	insb(0x80, buf, LEN);
	for (uint64_t i = 0; i < LEN; i++)
		if (buf[i] != 0xff)
			GUEST_ASSERT_EQ(i, LEN);
	for (uint64_t i = 0; i < 4096; i++)
		GUEST_ASSERT_EQ(buf[LEN + i], 0x5a);
	report_pass(case_rep_insb_16k);
}
