/* vfio_irq=observe: the VMM reads the device's MSI eventfd itself, records
 * each interrupt as `irq.msi VECTOR` in order with the exits, and injects it
 * with KVM_SIGNAL_MSI; the expectations place every interrupt exactly. */
#include "vfio_expect.h"

#define VEC 0x43

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=observe");
EXPECT(VFIO_EXPECT_PROBE);
EXPECT(VFIO_EXPECT_QUIESCE);
EXPECT(VFIO_EXPECT_MSI("0x43"));
EXPECT("mmio.write 0xc0000020:4 = 0x80");
EXPECT("mmio.write 0xc0000008:4 = 0x4");
EXPECT("irq.msi 0x43");
EXPECT(VFIO_EXPECT_IRQ("0x1"));
EXPECT("mmio.read 0xc0000008:4 = 0x18");
EXPECT(VFIO_EXPECT_DMA("0x800000", "0x40000", "0x5"));
EXPECT("irq.msi 0x43");
EXPECT(VFIO_EXPECT_IRQ("0x100"));
EXPECT(VFIO_EXPECT_PASS("vfio_edu_observe"));

void guest_main(void)
{
	struct edu e;

	GUEST_ASSERT_EQ(edu_probe(&e), 0);
	edu_msi_enable(&e, VEC);
	edu_write(&e, EDU_REG_STATUS, EDU_STATUS_IRQ_FACT);
	edu_write(&e, EDU_REG_FACT, 4);
	edu_wait_irq(&e, 0);
	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_FACT), 24);
	memset(gpa_ptr(DMA_SRC), 0x3c, DMA_CHUNK);
	edu_dma_start(&e, DMA_SRC, EDU_DMA_BUF, DMA_CHUNK, 0);
	edu_wait_irq(&e, 1);
	GUEST_ASSERT_EQ(e.last_status, EDU_IRQ_DMA);
	test_report("vfio_edu_observe", UVMM_RESULT_PASS, NULL);
}
