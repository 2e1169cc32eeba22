/* BAR sizing abuse with BAR0 mapped straight into the guest (vfio_mode=direct):
 * the VMM must keep the BAR's memslot exactly where the guest decodes it, and
 * never where it would shadow RAM or leave the MMIO window. Where the BAR is
 * mapped an access causes no exit; anywhere else it is a refused, all-ones
 * exit. */
#include <uvmm/mmio.h>

#include "../tests/vfio_expect.h"

#define CFG(off) PCI_ECAM_ADDR(EDU_SLOT, off)
#define MOVED 0xc8000000ull
#define RAM_PROBE 0x200000ull

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=direct");
EXPECT(VFIO_EXPECT_PROBE);
/* moved inside the window: the old place traps, the new one does not */
EXPECT("mmio.write 0xe0018010:4 = 0xc8000000");
EXPECT("mmio.read 0xc0000000:4 = 0xffffffff");
/* over RAM: not mapped there, RAM unchanged */
EXPECT("mmio.write 0xe0018010:4 = 0x200000");
/* half-done sizing: not mapped at 0xfff00000 */
EXPECT("mmio.write 0xe0018010:4 = 0xffffffff\nmmio.read 0xfff00000:4 = 0xffffffff");
/* back home, then memory decoding off: the memslot goes with it */
EXPECT("mmio.write 0xe0018010:4 = 0xc0000000");
EXPECT("mmio.write 0xe0018004:4 = 0x4\nmmio.read 0xc0000000:4 = 0xffffffff");
EXPECT("mmio.write 0xe0018004:4 = 0x6");
EXPECT("mmio.read 0xc0100000:4 = 0xffffffff");
EXPECT(VFIO_EXPECT_PASS("hostile_pci_direct"));

void guest_main(void)
{
	volatile uint32_t *ram = (volatile uint32_t *)(uintptr_t)RAM_PROBE;
	struct edu e;

	GUEST_ASSERT_EQ(edu_probe(&e), 0);
	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_ID), EDU_ID_VALUE);

	mmio_write32(CFG(0x10), (uint32_t)MOVED);
	GUEST_ASSERT_EQ(mmio_read32(MOVED + EDU_REG_ID), EDU_ID_VALUE);
	GUEST_ASSERT_EQ(mmio_read32(EDU_BAR), 0xffffffffu);

	*ram = 0x5eed5eed;
	mmio_write32(CFG(0x10), (uint32_t)RAM_PROBE);
	GUEST_ASSERT_EQ(*ram, 0x5eed5eedu);
	*ram = 0x12345678;
	GUEST_ASSERT_EQ(*ram, 0x12345678u);

	mmio_write32(CFG(0x10), 0xffffffffu);
	GUEST_ASSERT_EQ(mmio_read32(0xfff00000u), 0xffffffffu);

	mmio_write32(CFG(0x10), (uint32_t)EDU_BAR);
	edu_write(&e, EDU_REG_LIVE, 0x55);
	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_LIVE), ~0x55u);
	mmio_write32(CFG(0x04), PCI_COMMAND_MASTER);
	GUEST_ASSERT_EQ(mmio_read32(EDU_BAR), 0xffffffffu);
	mmio_write32(CFG(0x04), PCI_COMMAND_MEM | PCI_COMMAND_MASTER);
	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_ID), EDU_ID_VALUE);
	GUEST_ASSERT_EQ(mmio_read32(EDU_BAR + 0x100000), 0xffffffffu);
	test_report("hostile_pci_direct", UVMM_RESULT_PASS, NULL);
}
