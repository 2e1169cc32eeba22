/* Port I/O at the ends of the 64 KiB port space: bytes at 0 and 0xffff, a
 * word at 0xfffe and a dword at 0xfffc. No device there: INs read all-ones. */
#include <uvmm/guest.h>

EXPECT("pio.out 0x0:1 = 0xa5");
EXPECT("pio.in 0x0:1 = 0xff");
EXPECT("pio.out 0xffff:1 = 0x5a");
EXPECT("pio.in 0xffff:1 = 0xff");
EXPECT("pio.out 0xfffe:2 = 0xbeef");
EXPECT("pio.in 0xfffe:2 = 0xffff");
EXPECT("pio.out 0xfffc:4 = 0xdeadbeef");
EXPECT("pio.in 0xfffc:4 = 0xffffffff");
EXPECT_CASE(case_port_space_ends, "port-space-ends");

void guest_main(void)
{
	/* Through DX: the immediate form reaches only ports 0..0xff. */
	volatile uint16_t lo = 0, hi8 = 0xffff, hi16 = 0xfffe, hi32 = 0xfffc;

	outb(lo, 0xa5);
	GUEST_ASSERT_EQ(inb(lo), 0xff);
	outb(hi8, 0x5a);
	GUEST_ASSERT_EQ(inb(hi8), 0xff);
	outw(hi16, 0xbeef);
	GUEST_ASSERT_EQ(inw(hi16), 0xffff);
	outl(hi32, 0xdeadbeef);
	GUEST_ASSERT_EQ(inl(hi32), 0xffffffff);
	report_pass(case_port_space_ends);
}
