/* Reads and writes of every width at GPAs spread over everything that is not
 * RAM: just above RAM, each 256 MiB step up to 4 GiB, around the MMIO test
 * device, the (absent, irqchip=0) IOAPIC and LAPIC pages, the reset vector
 * page, and above 4 GiB through a 4 KiB mapping. All unassigned: reads
 * return all-ones, writes are dropped, nothing reaches RAM or the test device. */
#include "hostile.h"

#define WINDOW 0x3ffff000ull /* a virtual page that is remapped to high GPAs */

EXPECT("repeat 20 {");
EXPECT("  mmio.read *:1 = 0xff");
EXPECT("  mmio.read *:2 = 0xffff");
EXPECT("  mmio.read *:4 = 0xffffffff");
EXPECT("  mmio.read *:8 = 0xffffffffffffffff");
EXPECT("  mmio.write *:4 = 0x5aa5a55a");
EXPECT("  mmio.write *:8 = 0x1122334455667788");
EXPECT("}");
EXPECT("mmio.read 0xd0000008:8 = 0x0");
EXPECT_CASE(case_unassigned_mmio, "unassigned-mmio");
UVMM_OPTIONS("irqchip=0");

static void poke(uintptr_t va)
{
	GUEST_ASSERT_EQ(mmio_read8(va), 0xff);
	GUEST_ASSERT_EQ(mmio_read16(va), 0xffff);
	GUEST_ASSERT_EQ(mmio_read32(va), 0xffffffffu);
	GUEST_ASSERT_EQ(mmio_read64(va), ~0ull);
	mmio_write32(va, 0x5aa5a55au);
	mmio_write64(va, 0x1122334455667788ull);
}

void guest_main(void)
{
	uint64_t top = ram_size();
	const uint64_t low[] = {
		top, top + 0x1000, 0x10000000, 0x20000000, 0x30000000, 0x50000000, 0x60000000,
		0x70000000, 0x80000000, 0x90000000, 0xa0000000, 0xb0000000, 0xc0000000,
		UVMM_TESTDEV_BASE - 0x1000, UVMM_TESTDEV_BASE + UVMM_TESTDEV_SIZE,
		0xfec00000, 0xfee00000, 0xfffff000,
	};
	const uint64_t high[] = { 1ull << 32, 1ull << 35 };

	for (unsigned i = 0; i < sizeof(low) / sizeof(low[0]); i++)
		poke((uintptr_t)low[i]);
	for (unsigned i = 0; i < sizeof(high) / sizeof(high[0]); i++) {
		GUEST_ASSERT_EQ(pt_map_4k(WINDOW, high[i], PTE_W | PTE_PCD), 0);
		poke((uintptr_t)WINDOW);
	}
	/* The writes next to the test device did not reach its scratch register. */
	GUEST_ASSERT_EQ(mmio_read64(UVMM_TESTDEV_BASE + UVMM_TESTDEV_SCRATCH), 0);
	report_pass(case_unassigned_mmio);
}
