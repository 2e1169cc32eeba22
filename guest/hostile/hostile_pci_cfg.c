/* Against the passed-through device (edu, BAR0 trapped): config-space writes
 * to every read-only field the VMM virtualizes, accesses the model must refuse
 * (misaligned, 8-byte, extended space, another bus or function), BAR sizing
 * left half done and BARs aimed at RAM, the ECAM window and past the top of
 * memory, and BAR accesses past BAR0's end. The device must keep working and
 * every refused access must read as all-ones. */
#include <uvmm/io.h>
#include <uvmm/mmio.h>

#include "../tests/vfio_expect.h"

#define CFG(off) PCI_ECAM_ADDR(EDU_SLOT, off)
#define RAM_PROBE 0x200000ull

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap");
EXPECT(VFIO_EXPECT_PROBE);
EXPECT(VFIO_EXPECT_QUIESCE);
/* read-only header fields */
EXPECT("mmio.write 0xe0018000:4 = 0xdeadbeef\nmmio.read 0xe0018000:4 = 0x11e81234");
EXPECT("mmio.read 0xe0018008:4 = *\nmmio.write 0xe0018008:4 = 0xffffffff\nmmio.read 0xe0018008:4 = *");
EXPECT("mmio.write 0xe0018004:4 = 0xffff0007\nmmio.read 0xe0018004:4 = 0x100007");
EXPECT("mmio.write 0xe0018004:4 = 0x6");
EXPECT("mmio.write 0xe001800c:4 = 0xffffffff\nmmio.read 0xe001800c:4 = 0xffff");
EXPECT("mmio.write 0xe001800c:4 = 0x0");
EXPECT("mmio.write 0xe0018014:4 = 0xffffffff\nmmio.read 0xe0018014:4 = 0x0");
EXPECT("mmio.write 0xe0018030:4 = 0xffffffff\nmmio.read 0xe0018030:4 = 0x0");
EXPECT("mmio.write 0xe0018034:4 = 0x0\nmmio.read 0xe0018034:4 = 0x40");
EXPECT("mmio.write 0xe0018040:4 = 0xfffeffff\nmmio.read 0xe0018040:4 = 0x800005");
EXPECT("mmio.write 0xe0018040:4 = 0x0");
/* accesses the model refuses */
EXPECT("mmio.read 0xe0018001:4 = 0xffffffff");
EXPECT("mmio.read 0xe0018000:8 = 0xffffffffffffffff");
EXPECT("mmio.write 0xe0018100:4 = 0xffffffff\nmmio.read 0xe0018100:4 = 0xffffffff");
EXPECT("mmio.read 0xe0019000:4 = 0xffffffff");                   /* function 1 */
EXPECT("pio.out 0xcf8:4 = 0x80011800\npio.in 0xcfc:4 = 0xffffffff"); /* bus 1 */
EXPECT("pio.out 0xcf8:4 = 0x1800\npio.in 0xcfc:4 = 0xffffffff");     /* enable bit off */
EXPECT("pio.out 0xcf8:4 = 0x80001800\npio.out 0xcfc:4 = 0xffffffff");
EXPECT("pio.out 0xcf8:4 = 0x80001800\npio.in 0xcfc:4 = 0x11e81234");
/* BAR0 sizing left half done: the BAR sits at 0xfff00000, outside the window */
EXPECT("mmio.write 0xe0018010:4 = 0xffffffff\nmmio.read 0xe0018010:4 = 0xfff00000");
EXPECT("mmio.read 0xc0000000:4 = 0xffffffff\nmmio.read 0xfff00000:4 = 0xffffffff");
/* BAR0 over RAM and over the ECAM window: neither decodes, both stay what they are */
EXPECT("mmio.write 0xe0018010:4 = 0x200000");
EXPECT("mmio.write 0xe0018010:4 = 0xe0000000\nmmio.read 0xe0018000:4 = 0x11e81234");
/* BAR0 misaligned: the size mask puts it back at 0xc0000000 */
EXPECT("mmio.write 0xe0018010:4 = 0xc0080000\nmmio.read 0xe0018010:4 = 0xc0000000");
EXPECT("mmio.read 0xc0000000:4 = 0x10000ed");
/* BAR0's edges */
EXPECT("mmio.read 0xc00ffffc:4 = *\nmmio.read 0xc0100000:4 = 0xffffffff");
EXPECT("mmio.write 0xc0100000:4 = 0x1\nmmio.read 0xc0000002:4 = 0xffffffff");
EXPECT("mmio.write 0xc0000000:4 = 0x0\nmmio.read 0xc0000000:4 = 0x10000ed");
EXPECT("mmio.write 0xc0000004:4 = 0x1\nmmio.read 0xc0000004:4 = 0xfffffffe");
EXPECT(VFIO_EXPECT_PASS("hostile_pci_cfg"));

void guest_main(void)
{
	volatile uint32_t *ram = (volatile uint32_t *)(uintptr_t)RAM_PROBE;
	uint32_t class_rev, v;
	struct edu e;

	GUEST_ASSERT_EQ(edu_probe(&e), 0);
	GUEST_ASSERT_EQ(e.bar, EDU_BAR);

	mmio_write32(CFG(0x00), 0xdeadbeef);
	GUEST_ASSERT_EQ(mmio_read32(CFG(0x00)), 0x11e81234u);
	class_rev = mmio_read32(CFG(0x08));
	mmio_write32(CFG(0x08), 0xffffffffu);
	GUEST_ASSERT_EQ(mmio_read32(CFG(0x08)), class_rev);
	mmio_write32(CFG(0x04), 0xffff0007u); /* status bits are not the guest's */
	GUEST_ASSERT_EQ(mmio_read32(CFG(0x04)), 0x100007u);
	mmio_write32(CFG(0x04), PCI_COMMAND_MEM | PCI_COMMAND_MASTER);
	mmio_write32(CFG(0x0c), 0xffffffffu); /* header type and BIST are read-only */
	GUEST_ASSERT_EQ(mmio_read32(CFG(0x0c)), 0xffffu);
	mmio_write32(CFG(0x0c), 0);
	mmio_write32(CFG(0x14), 0xffffffffu); /* BAR1 does not exist */
	GUEST_ASSERT_EQ(mmio_read32(CFG(0x14)), 0);
	mmio_write32(CFG(0x30), 0xffffffffu); /* no expansion ROM */
	GUEST_ASSERT_EQ(mmio_read32(CFG(0x30)), 0);
	mmio_write32(CFG(0x34), 0);
	GUEST_ASSERT_EQ(mmio_read32(CFG(0x34)), 0x40);
	mmio_write32(CFG(0x40), 0xfffeffffu); /* MSI: ID, next, capabilities; MME clamped */
	GUEST_ASSERT_EQ(mmio_read32(CFG(0x40)), 0x800005u);
	mmio_write32(CFG(0x40), 0);

	GUEST_ASSERT_EQ(mmio_read32(CFG(0x01)), 0xffffffffu);
	GUEST_ASSERT_EQ(mmio_read64(CFG(0x00)), ~0ull);
	mmio_write32(CFG(0x100), 0xffffffffu);
	GUEST_ASSERT_EQ(mmio_read32(CFG(0x100)), 0xffffffffu);
	GUEST_ASSERT_EQ(mmio_read32(CFG(0x1000)), 0xffffffffu);
	outl(0xcf8, 0x80011800u);
	GUEST_ASSERT_EQ(inl(0xcfc), 0xffffffffu);
	outl(0xcf8, 0x1800u);
	GUEST_ASSERT_EQ(inl(0xcfc), 0xffffffffu);
	outl(0xcf8, 0x80001800u);
	outl(0xcfc, 0xffffffffu);
	outl(0xcf8, 0x80001800u);
	GUEST_ASSERT_EQ(inl(0xcfc), 0x11e81234u);

	mmio_write32(CFG(0x10), 0xffffffffu);
	GUEST_ASSERT_EQ(mmio_read32(CFG(0x10)), 0xfff00000u);
	GUEST_ASSERT_EQ(mmio_read32(EDU_BAR), 0xffffffffu);
	GUEST_ASSERT_EQ(mmio_read32(0xfff00000u), 0xffffffffu);
	*ram = 0x5eed5eed;
	mmio_write32(CFG(0x10), (uint32_t)RAM_PROBE);
	*ram ^= 0xffffffffu; /* still RAM: no exit */
	GUEST_ASSERT_EQ(*ram, 0xa112a112u);
	mmio_write32(CFG(0x10), 0xe0000000u);
	GUEST_ASSERT_EQ(mmio_read32(CFG(0x00)), 0x11e81234u);
	mmio_write32(CFG(0x10), 0xc0080000u);
	GUEST_ASSERT_EQ(mmio_read32(CFG(0x10)), (uint32_t)EDU_BAR);
	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_ID), EDU_ID_VALUE);

	(void)mmio_read32(EDU_BAR + 0xffffc);
	GUEST_ASSERT_EQ(mmio_read32(EDU_BAR + 0x100000), 0xffffffffu);
	mmio_write32(EDU_BAR + 0x100000, 1);
	GUEST_ASSERT_EQ(mmio_read32(EDU_BAR + 2), 0xffffffffu);
	edu_write(&e, EDU_REG_ID, 0);
	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_ID), EDU_ID_VALUE);
	edu_write(&e, EDU_REG_LIVE, 1);
	v = edu_read(&e, EDU_REG_LIVE);
	GUEST_ASSERT_EQ(v, 0xfffffffeu);
	test_report("hostile_pci_cfg", UVMM_RESULT_PASS, NULL);
}
