/* Port I/O at every width and as string I/O, to ports with no device behind
 * them: writes are dropped and reads return all-ones, yet each is an exit. */
#include <uvmm/guest.h>

EXPECT("pio.out 0x80:1 = 0x11");
EXPECT("pio.out 0x82:2 = 0x2233");
EXPECT("pio.out 0x84:4 = 0x44556677");
EXPECT("pio.in 0x81:1 = 0xff");
EXPECT("pio.in 0x86:2 = 0xffff");
EXPECT("pio.in 0x84:4 = 0xffffffff");
/* KVM emulates `rep outs` one element per exit (only `rep ins` is batched
 * into one exit with count > 1), so the 4-byte outsb is 4 exits. */
EXPECT("pio.out 0x80:1 = 0x1");
EXPECT("pio.out 0x80:1 = 0x2");
EXPECT("pio.out 0x80:1 = 0x3");
EXPECT("pio.out 0x80:1 = 0x4");
EXPECT("pio.in 0x80:2 x3 = 0xffff 0xffff 0xffff");

/* Aligned so the string I/O never crosses a page (KVM would split it). */
static const uint8_t out_bytes[4] __attribute__((aligned(16))) = { 1, 2, 3, 4 };
static uint16_t in_words[3] __attribute__((aligned(16)));

void guest_main(void)
{
	outb(0x80, 0x11);
	outw(0x82, 0x2233);
	outl(0x84, 0x44556677);
	GUEST_ASSERT_EQ(inb(0x81), 0xff);
	GUEST_ASSERT_EQ(inw(0x86), 0xffff);
	GUEST_ASSERT_EQ(inl(0x84), 0xffffffffu);

	outsb(0x80, out_bytes, sizeof(out_bytes));
	insw(0x80, in_words, 3);
	for (unsigned i = 0; i < 3; i++)
		GUEST_ASSERT_EQ(in_words[i], 0xffff);
}
