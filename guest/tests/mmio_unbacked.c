/* Guest-physical addresses no memslot or device backs: every read exits and
 * returns all-ones, every write exits (and is dropped). One address high in
 * the 32-bit space, one right past the end of RAM. */
#include <uvmm/guest.h>

#define HIGH 0xe0000000ull
#define PAST_RAM 0x1000000ull /* mem=16M */

UVMM_OPTIONS("mem=16M");
EXPECT("mmio.read 0xe0000000:1 = 0xff");
EXPECT("mmio.read 0xe0000002:2 = 0xffff");
EXPECT("mmio.read 0xe0000004:4 = 0xffffffff");
EXPECT("mmio.read 0xe0000008:8 = 0xffffffffffffffff");
EXPECT("mmio.write 0xe0000008:8 = 0x123456789abcdef0");
EXPECT("mmio.read 0xe0000008:8 = 0xffffffffffffffff");
EXPECT("mmio.write 0xe0000001:1 = 0x42");
EXPECT_CASE(case_high, "high");
EXPECT("mmio.read 0x1000000:8 = 0xffffffffffffffff");
EXPECT("mmio.write 0x1000000:4 = 0x600dcafe");
EXPECT("mmio.read 0x1000000:4 = 0xffffffff");
EXPECT_CASE(case_past_ram, "past-ram");

void guest_main(void)
{
	/* The last RAM word is plain memory: no exit. */
	*(volatile uint64_t *)(uintptr_t)(PAST_RAM - 8) = 0x5a;
	GUEST_ASSERT_EQ(*(volatile uint64_t *)(uintptr_t)(PAST_RAM - 8), 0x5a);

	GUEST_ASSERT_EQ(mmio_read8(HIGH), 0xff);
	GUEST_ASSERT_EQ(mmio_read16(HIGH + 2), 0xffff);
	GUEST_ASSERT_EQ(mmio_read32(HIGH + 4), 0xffffffff);
	GUEST_ASSERT_EQ(mmio_read64(HIGH + 8), ~0ull);
	mmio_write64(HIGH + 8, 0x123456789abcdef0ull);
	GUEST_ASSERT_EQ(mmio_read64(HIGH + 8), ~0ull);
	mmio_write8(HIGH + 1, 0x42);
	report_pass(case_high);

	GUEST_ASSERT_EQ(mmio_read64(PAST_RAM), ~0ull);
	mmio_write32(PAST_RAM, 0x600dcafe);
	GUEST_ASSERT_EQ(mmio_read32(PAST_RAM), 0xffffffff);
	report_pass(case_past_ram);
}
