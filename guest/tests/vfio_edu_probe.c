/* The guest's PCI bus through both configuration mechanisms: enumeration by
 * 0xCF8/0xCFC finds edu at slot 3 only; ECAM shows the header, BAR sizing and
 * the command register the VMM virtualizes; then edu's identification and
 * liveness registers through the trapped BAR (each access one checked exit). */
#include "vfio_expect.h"

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap");
EXPECT("pio.out 0xcf8:4 = 0x80000000\npio.in 0xcfc:4 = 0xffffffff");
EXPECT("pio.out 0xcf8:4 = 0x80000800\npio.in 0xcfc:4 = 0xffffffff");
EXPECT("pio.out 0xcf8:4 = 0x80001000\npio.in 0xcfc:4 = 0xffffffff");
EXPECT("pio.out 0xcf8:4 = 0x80001800\npio.in 0xcfc:4 = 0x11e81234");
EXPECT("repeat 28 {\npio.out 0xcf8:4 = *\npio.in 0xcfc:4 = 0xffffffff\n}");
EXPECT("pio.out 0xcf8:4 = 0x80001800\npio.in 0xcfe:2 = 0x11e8");
EXPECT(VFIO_EXPECT_PROBE);
EXPECT(VFIO_EXPECT_QUIESCE);
EXPECT("mmio.read 0xe0018008:4 = *");             /* class 0x00ff (QEMU's "other"), revision */
EXPECT("mmio.read 0xe0018010:4 = 0xc0000000");    /* BAR0 sizing: 1 MiB */
EXPECT("mmio.write 0xe0018010:4 = 0xffffffff");
EXPECT("mmio.read 0xe0018010:4 = 0xfff00000");
EXPECT("mmio.write 0xe0018010:4 = 0xc0000000");
EXPECT("mmio.read 0xe0018004:4 = 0x100006");      /* command MEM|MASTER, status cap list */
EXPECT("mmio.read 0xe0018002:2 = 0x11e8");
EXPECT("mmio.read 0xe0018002:4 = 0xffffffff");    /* misaligned: refused by the model */
EXPECT("mmio.read 0xc0000000:4 = 0x10000ed");
EXPECT("mmio.write 0xc0000004:4 = 0x12345678");
EXPECT("mmio.read 0xc0000004:4 = 0xedcba987");
EXPECT(VFIO_EXPECT_PASS("vfio_edu_probe"));

void guest_main(void)
{
	struct edu e;
	int found = 0, where = -1;

	pci_use(PCI_MECH_IO);
	for (unsigned slot = 0; slot < PCI_SLOTS; slot++) {
		if (pci_read32(slot, PCI_REG_ID) != 0xffffffffu) {
			found++;
			where = (int)slot;
		}
	}
	GUEST_ASSERT_EQ(found, 1);
	GUEST_ASSERT_EQ(where, EDU_SLOT);
	GUEST_ASSERT_EQ(pci_read16(EDU_SLOT, 2), EDU_DEVICE);

	pci_use(PCI_MECH_ECAM);
	GUEST_ASSERT_EQ(edu_probe(&e), 0);
	GUEST_ASSERT_EQ(e.bar, EDU_BAR);
	GUEST_ASSERT_EQ(pci_read32(EDU_SLOT, PCI_REG_CLASS) >> 16, 0x00ff);
	GUEST_ASSERT_EQ(pci_bar_size(EDU_SLOT, 0), 1u << 20);
	GUEST_ASSERT_EQ(pci_read32(EDU_SLOT, PCI_REG_COMMAND), 0x100006);
	GUEST_ASSERT_EQ(mmio_read16(PCI_ECAM_ADDR(EDU_SLOT, 2)), EDU_DEVICE);
	GUEST_ASSERT_EQ(mmio_read32(PCI_ECAM_ADDR(EDU_SLOT, 2)), 0xffffffffu);

	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_ID), EDU_ID_VALUE);
	edu_write(&e, EDU_REG_LIVE, 0x12345678);
	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_LIVE), 0xedcba987u);
	test_report("vfio_edu_probe", UVMM_RESULT_PASS, NULL);
}
