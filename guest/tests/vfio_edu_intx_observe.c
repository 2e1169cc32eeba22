/* vfio_irq=observe with INTx: the VMM reads VFIO's INTx trigger eventfd,
 * records `irq.intx GSI` in order with the exits and raises the IOAPIC pin
 * through its own resample irqfd; the guest's EOI still unmasks the host's
 * INTx without the VMM. Each assertion appears exactly once, between the exit
 * that caused it and the handler's exits. */
#include "vfio_expect.h"

#define VEC 0x62

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=observe");
EXPECT(VFIO_EXPECT_PROBE);
EXPECT(VFIO_EXPECT_QUIESCE);
EXPECT("mmio.read 0xe001803c:4 = 0x113");
EXPECT("mmio.write 0xc0000020:4 = 0x80");
EXPECT("mmio.write 0xc0000008:4 = 0x4");
EXPECT("irq.intx 0x13");
EXPECT(VFIO_EXPECT_IRQ("0x1"));
EXPECT("mmio.read 0xc0000008:4 = 0x18");
EXPECT("mmio.write 0xc0000060:4 = 0x2");
EXPECT("irq.intx 0x13");
EXPECT(VFIO_EXPECT_IRQ("0x2"));
EXPECT(VFIO_EXPECT_PASS("vfio_edu_intx_observe"));

void guest_main(void)
{
	struct edu e;

	GUEST_ASSERT_EQ(edu_probe(&e), 0);
	GUEST_ASSERT_EQ(edu_intx_enable(&e, VEC), 0);
	edu_write(&e, EDU_REG_STATUS, EDU_STATUS_IRQ_FACT);
	edu_write(&e, EDU_REG_FACT, 4);
	edu_wait_irq(&e, 0);
	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_FACT), 24);
	edu_write(&e, EDU_REG_IRQ_RAISE, 0x2);
	edu_wait_irq(&e, 1);
	GUEST_ASSERT_EQ(e.last_status, 0x2);
	GUEST_ASSERT_EQ(e.irqs, 2);
	test_report("vfio_edu_intx_observe", UVMM_RESULT_PASS, NULL);
}
