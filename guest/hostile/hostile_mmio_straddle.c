/* Accesses that cross the edges of the MMIO test device's page and odd
 * accesses inside it: KVM splits a page-crossing access into one exit per
 * page, so the VMM sees each part on its own and must answer each part by
 * its own address (all-ones outside the device). Also an unaligned 8-byte
 * write and read near the end of the page, and a write to the read-only ID
 * register, which must not change it. */
#include "hostile.h"

#define T UVMM_TESTDEV_BASE

EXPECT("mmio.read 0xcffffffc:4 = 0xffffffff");
EXPECT("mmio.read 0xd0000000:4 = 0x4d4d5655");
EXPECT("mmio.read 0xd0000ffc:4 = *");
EXPECT("mmio.read 0xd0001000:4 = 0xffffffff");
EXPECT("mmio.write 0xd0000ffc:4 = 0xcafef00d");
EXPECT("mmio.write 0xd0001000:4 = 0xdeadbeef");
EXPECT("mmio.write 0xd0000000:4 = 0x0");
EXPECT("mmio.read 0xd0000000:4 = 0x4d4d5655");
EXPECT("mmio.write 0xd0000ff1:8 = 0x1");
EXPECT("mmio.read 0xd0000ff1:8 = *");
EXPECT("mmio.read 0xd0000008:8 = 0x0");
EXPECT_CASE(case_page_crossing_mmio, "page-crossing-mmio");

void guest_main(void)
{
	uint64_t v;

	GUEST_ASSERT_EQ(mmio_read64(T - 4), ((uint64_t)UVMM_TESTDEV_MAGIC << 32) | 0xffffffffu);
	v = mmio_read64(T + UVMM_TESTDEV_SIZE - 4);
	GUEST_ASSERT_EQ(v >> 32, 0xffffffffu);
	mmio_write64(T + UVMM_TESTDEV_SIZE - 4, 0xdeadbeefcafef00dull);
	mmio_write32(T + UVMM_TESTDEV_ID, 0);
	GUEST_ASSERT_EQ(mmio_read32(T + UVMM_TESTDEV_ID), UVMM_TESTDEV_MAGIC);
	mmio_write64(T + UVMM_TESTDEV_SIZE - 15, 1);
	(void)mmio_read64(T + UVMM_TESTDEV_SIZE - 15);
	GUEST_ASSERT_EQ(mmio_read64(T + UVMM_TESTDEV_SCRATCH), 0);
	report_pass(case_page_crossing_mmio);
}
