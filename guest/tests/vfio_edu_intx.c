/* edu's INTx (pin A) through VFIO into the in-kernel IOAPIC: VFIO's trigger
 * eventfd is a KVM resample irqfd on the pin the interrupt line names, the
 * guest's EOI unmasks the host's INTx again. Level semantics end to end: the
 * factorial's interrupt, one raised by hand (needs that unmask: VFIO masks
 * the host's INTx on every trigger), then one raised while the command register's
 * INTx-disable bit is set (status shows it pending, nothing is delivered) and
 * delivered the moment the bit is cleared. The IOAPIC is in KVM: no exits. */
#include <uvmm/ioapic.h>

#include "vfio_expect.h"

#define VEC 0x61
#define CMD 0x6u                /* MEM | MASTER, as edu_probe left it */

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");
EXPECT(VFIO_EXPECT_PROBE);
EXPECT(VFIO_EXPECT_QUIESCE);
EXPECT("mmio.read 0xe001803c:4 = 0x113"); /* line 19 (16 + slot 3 + pin A - 1), pin A */
EXPECT("mmio.write 0xc0000020:4 = 0x80");
EXPECT("mmio.write 0xc0000008:4 = 0x5");
EXPECT(VFIO_EXPECT_IRQ("0x1"));
EXPECT("mmio.read 0xc0000008:4 = 0x78");
EXPECT("mmio.write 0xc0000060:4 = 0x8");
EXPECT(VFIO_EXPECT_IRQ("0x8"));
EXPECT("mmio.write 0xe0018004:4 = 0x406");
EXPECT("mmio.write 0xc0000060:4 = 0x4");
EXPECT("mmio.read 0xe0018004:4 = 0x180406"); /* status: interrupt pending + capability list */
EXPECT("mmio.write 0xe0018004:4 = 0x6");
EXPECT(VFIO_EXPECT_IRQ("0x4"));
EXPECT("mmio.read 0xe0018004:4 = 0x100006");
EXPECT(VFIO_EXPECT_PASS("vfio_edu_intx"));

void guest_main(void)
{
	struct edu e;

	GUEST_ASSERT_EQ(edu_probe(&e), 0);
	GUEST_ASSERT_EQ(edu_intx_enable(&e, VEC), 0);
	GUEST_ASSERT_EQ(e.intx_pin, 1);
	GUEST_ASSERT_EQ(ioapic_redir(e.intx_line) & 0xff, VEC);

	edu_write(&e, EDU_REG_STATUS, EDU_STATUS_IRQ_FACT);
	edu_write(&e, EDU_REG_FACT, 5);
	edu_wait_irq(&e, 0);
	GUEST_ASSERT_EQ(e.last_status, EDU_IRQ_FACT);
	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_FACT), 120);
	/* Acknowledged before the EOI: the pin's remote IRR is clear again. */
	GUEST_ASSERT_EQ(ioapic_redir(e.intx_line) & IOAPIC_REDIR_REMOTE_IRR, 0);
	edu_write(&e, EDU_REG_IRQ_RAISE, 0x8);
	edu_wait_irq(&e, 1);
	GUEST_ASSERT_EQ(e.last_status, 0x8);

	pci_write32((unsigned)e.slot, PCI_REG_COMMAND, CMD | PCI_COMMAND_INTX_DISABLE);
	edu_write(&e, EDU_REG_IRQ_RAISE, 0x4);
	GUEST_ASSERT_EQ(pci_read32((unsigned)e.slot, PCI_REG_COMMAND),
			0x100000u | PCI_STATUS_INTERRUPT | CMD | PCI_COMMAND_INTX_DISABLE);
	sti();
	for (int i = 0; i < 200000; i++)
		__asm__ volatile("pause" ::: "memory");
	GUEST_ASSERT_EQ(e.irqs, 2); /* disabled: pending in the device, not delivered */
	pci_write32((unsigned)e.slot, PCI_REG_COMMAND, CMD);
	edu_wait_irq(&e, 2);
	GUEST_ASSERT_EQ(e.last_status, 0x4);
	GUEST_ASSERT_EQ(pci_read32((unsigned)e.slot, PCI_REG_COMMAND) & PCI_STATUS_INTERRUPT, 0);
	GUEST_ASSERT_EQ(e.irqs, 3);
	test_report("vfio_edu_intx", UVMM_RESULT_PASS, NULL);
}
