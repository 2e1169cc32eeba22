/* edu's MSI through VFIO's eventfd and KVM irqfd into the in-kernel LAPIC:
 * a factorial with its completion interrupt, then an interrupt raised by hand.
 * The guest waits with interrupts on (no exit under the irqchip); the handler's two
 * accesses are the only exits each interrupt causes. */
#include "vfio_expect.h"

#define VEC 0x41

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");
EXPECT(VFIO_EXPECT_PROBE);
EXPECT(VFIO_EXPECT_QUIESCE);
EXPECT(VFIO_EXPECT_MSI("0x41"));
EXPECT("mmio.read 0xc0000000:4 = 0x10000ed");
EXPECT("mmio.write 0xc0000020:4 = 0x80");
EXPECT("mmio.write 0xc0000008:4 = 0x5");
EXPECT(VFIO_EXPECT_IRQ("0x1"));
EXPECT("mmio.read 0xc0000008:4 = 0x78");
EXPECT("mmio.write 0xc0000060:4 = 0x4");
EXPECT(VFIO_EXPECT_IRQ("0x4"));
EXPECT(VFIO_EXPECT_PASS("vfio_edu_irq"));

void guest_main(void)
{
	struct edu e;

	GUEST_ASSERT_EQ(edu_probe(&e), 0);
	edu_msi_enable(&e, VEC);
	GUEST_ASSERT_NE(e.msi_cap, 0);
	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_ID), EDU_ID_VALUE);

	edu_write(&e, EDU_REG_STATUS, EDU_STATUS_IRQ_FACT);
	edu_write(&e, EDU_REG_FACT, 5);
	edu_wait_irq(&e, 0);
	GUEST_ASSERT_EQ(e.last_status, EDU_IRQ_FACT);
	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_FACT), 120);

	edu_write(&e, EDU_REG_IRQ_RAISE, 0x4);
	edu_wait_irq(&e, 1);
	GUEST_ASSERT_EQ(e.last_status, 0x4);
	GUEST_ASSERT_EQ(e.irqs, 2);
	test_report("vfio_edu_irq", UVMM_RESULT_PASS, NULL);
}
