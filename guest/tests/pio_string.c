/* String port I/O as stock KVM delivers it: `rep ins` is one exit carrying
 * all N elements (the buffer stays within a page), `rep outs` is emulated
 * one element per exit. Port 0x80 has no device: INs read all-ones. */
#include <uvmm/guest.h>

#define PORT 0x80

EXPECT("pio.in 0x80:1 x3 = 0xff 0xff 0xff");
EXPECT("pio.in 0x80:2 x5 = 0xffff 0xffff 0xffff 0xffff 0xffff");
EXPECT("pio.in 0x80:4 x16 = 0xffffffff 0xffffffff 0xffffffff 0xffffffff"
       " 0xffffffff 0xffffffff 0xffffffff 0xffffffff"
       " 0xffffffff 0xffffffff 0xffffffff 0xffffffff"
       " 0xffffffff 0xffffffff 0xffffffff 0xffffffff");
EXPECT_CASE(case_rep_ins, "rep-ins");
EXPECT("pio.out 0x80:1 = 0x11");
EXPECT("pio.out 0x80:1 = 0x22");
EXPECT("pio.out 0x80:1 = 0x33");
EXPECT("pio.out 0x80:2 = 0x1001");
EXPECT("pio.out 0x80:2 = 0x1002");
EXPECT("pio.out 0x80:2 = 0x1003");
EXPECT("pio.out 0x80:2 = 0x1004");
EXPECT("pio.out 0x80:2 = 0x1005");
EXPECT("pio.out 0x80:4 = 0xa0000000");
EXPECT("pio.out 0x80:4 = 0xa0000001");
EXPECT("pio.out 0x80:4 = 0xa0000002");
EXPECT("pio.out 0x80:4 = 0xa0000003");
EXPECT("pio.out 0x80:4 = 0xa0000004");
EXPECT("pio.out 0x80:4 = 0xa0000005");
EXPECT("pio.out 0x80:4 = 0xa0000006");
EXPECT("pio.out 0x80:4 = 0xa0000007");
EXPECT("pio.out 0x80:4 = 0xa0000008");
EXPECT("pio.out 0x80:4 = 0xa0000009");
EXPECT("pio.out 0x80:4 = 0xa000000a");
EXPECT("pio.out 0x80:4 = 0xa000000b");
EXPECT("pio.out 0x80:4 = 0xa000000c");
EXPECT("pio.out 0x80:4 = 0xa000000d");
EXPECT("pio.out 0x80:4 = 0xa000000e");
EXPECT("pio.out 0x80:4 = 0xa000000f");
EXPECT_CASE(case_rep_outs, "rep-outs");

/* 64-byte aligned: no buffer crosses a page, so KVM needs one exit per INS. */
static uint8_t in8[3 + 1] __attribute__((aligned(64)));
static uint16_t in16[5 + 1] __attribute__((aligned(64)));
static uint32_t in32[16 + 1] __attribute__((aligned(64)));

static void rep_ins(void)
{
	unsigned i;

	/* The guard element after each buffer must stay untouched. */
	in8[3] = 0x5a;
	in16[5] = 0x5a5a;
	in32[16] = 0x5a5a5a5a;
	insb(PORT, in8, 3);
	insw(PORT, in16, 5);
	insl(PORT, in32, 16);
	for (i = 0; i < 3; i++)
		GUEST_ASSERT_EQ(in8[i], 0xff);
	for (i = 0; i < 5; i++)
		GUEST_ASSERT_EQ(in16[i], 0xffff);
	for (i = 0; i < 16; i++)
		GUEST_ASSERT_EQ(in32[i], 0xffffffff);
	GUEST_ASSERT_EQ(in8[3], 0x5a);
	GUEST_ASSERT_EQ(in16[5], 0x5a5a);
	GUEST_ASSERT_EQ(in32[16], 0x5a5a5a5a);
	report_pass(case_rep_ins);
}

static void rep_outs(void)
{
	static const uint8_t out8[3] = { 0x11, 0x22, 0x33 };
	static const uint16_t out16[5] = { 0x1001, 0x1002, 0x1003, 0x1004, 0x1005 };
	uint32_t out32[16];
	unsigned i;

	for (i = 0; i < 16; i++)
		out32[i] = 0xa0000000u + i;
	outsb(PORT, out8, 3);
	outsw(PORT, out16, 5);
	outsl(PORT, out32, 16);
	report_pass(case_rep_outs);
}

void guest_main(void)
{
	rep_ins();
	rep_outs();
}
