/* A DMA round trip through the IOMMU (IOVA = GPA): a 4 KiB pattern RAM ->
 * edu's buffer -> other RAM, in two halves (vfio_expect.h), each completion an
 * MSI; the copy is checked byte for byte. */
#include "vfio_expect.h"

#define VEC 0x42

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");
EXPECT(VFIO_EXPECT_PROBE);
EXPECT(VFIO_EXPECT_QUIESCE);
EXPECT(VFIO_EXPECT_MSI("0x42"));
EXPECT(VFIO_EXPECT_DMA("0x800000", "0x40000", "0x5"));
EXPECT(VFIO_EXPECT_IRQ("0x100"));
EXPECT(VFIO_EXPECT_DMA("0x40000", "0x801000", "0x7"));
EXPECT(VFIO_EXPECT_IRQ("0x100"));
EXPECT(VFIO_EXPECT_DMA("0x800800", "0x40000", "0x5"));
EXPECT(VFIO_EXPECT_IRQ("0x100"));
EXPECT(VFIO_EXPECT_DMA("0x40000", "0x801800", "0x7"));
EXPECT(VFIO_EXPECT_IRQ("0x100"));
EXPECT("mmio.read 0xc0000098:4 = 0x6");   /* start bit clear: done */
EXPECT(VFIO_EXPECT_PASS("vfio_edu_dma"));

void guest_main(void)
{
	uint8_t *src = gpa_ptr(DMA_SRC), *dst = gpa_ptr(DMA_DST);
	struct edu e;
	int irqs = 0;

	for (unsigned i = 0; i < EDU_DMA_MAX; i++) {
		src[i] = (uint8_t)(i * 7 + 3);
		dst[i] = 0;
	}
	GUEST_ASSERT_EQ(edu_probe(&e), 0);
	edu_msi_enable(&e, VEC);

	for (unsigned off = 0; off < EDU_DMA_MAX; off += DMA_CHUNK) {
		edu_dma_start(&e, DMA_SRC + off, EDU_DMA_BUF, DMA_CHUNK, 0);
		edu_wait_irq(&e, irqs++);
		GUEST_ASSERT_EQ(e.last_status, EDU_IRQ_DMA);
		edu_dma_start(&e, EDU_DMA_BUF, DMA_DST + off, DMA_CHUNK, 1);
		edu_wait_irq(&e, irqs++);
		GUEST_ASSERT_EQ(e.last_status, EDU_IRQ_DMA);
	}
	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_DMA_CMD), EDU_DMA_TO_RAM | EDU_DMA_IRQ);
	for (unsigned i = 0; i < EDU_DMA_MAX; i++)
		if (dst[i] != src[i])
			GUEST_ASSERT_EQ(i, EDU_DMA_MAX); /* names the first differing byte */
	test_report("vfio_edu_dma", UVMM_RESULT_PASS, NULL);
}
