/* A 16-bit real-mode guest (code from gcc -m16, segment bases 0): port I/O,
 * the console and a hypercall whose block address is a plain offset. */
#include <uvmm/guest.h>

UVMM_OPTIONS("mode=real");
EXPECT("pio.out 0x80:1 = 0x16");
EXPECT("pio.out 0x80:2 = 0x1616");
EXPECT("pio.in 0x80:1 = 0xff");
EXPECT("pio.out 0x3f8:1 = \"real mode: 4096 0x1f 12345678901\\n\"");
EXPECT("hcall console \"16-bit hypercall\\n\"");

void guest_main(void)
{
	static const char msg[] = "16-bit hypercall\n";

	GUEST_ASSERT_EQ(read_cr0() & X86_CR0_PE, 0);
	GUEST_ASSERT((uintptr_t)msg < 0x10000);
	outb(0x80, 0x16);
	outw(0x80, 0x1616);
	GUEST_ASSERT_EQ(inb(0x80), 0xff);
	printf("real mode: %d 0x%x %llu\n", 4096, 31, 12345678901ull);
	GUEST_ASSERT(uvmm_console_write(msg, sizeof(msg) - 1) >= 0);
}
