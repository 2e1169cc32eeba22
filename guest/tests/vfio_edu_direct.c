/* BAR0 mapped straight into the guest (vfio_mode=direct: a memslot on the
 * mmapped VFIO region): identification, factorial with MSI and a DMA round
 * trip cause no exit at all; only the config accesses are trapped. */
#include "vfio_expect.h"

#define VEC 0x44

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=direct vfio_irq=irqfd");
EXPECT(VFIO_EXPECT_PROBE);
EXPECT(VFIO_EXPECT_MSI("0x44"));
EXPECT(VFIO_EXPECT_PASS("vfio_edu_direct"));

void guest_main(void)
{
	uint8_t *src = gpa_ptr(DMA_SRC), *dst = gpa_ptr(DMA_DST);
	struct edu e;

	for (unsigned i = 0; i < EDU_DMA_MAX; i++) {
		src[i] = (uint8_t)(i ^ 0x5c);
		dst[i] = 0;
	}
	GUEST_ASSERT_EQ(edu_probe(&e), 0);
	edu_msi_enable(&e, VEC);
	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_ID), EDU_ID_VALUE);
	edu_write(&e, EDU_REG_LIVE, 0x0f0f0f0f);
	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_LIVE), 0xf0f0f0f0u);

	edu_write(&e, EDU_REG_STATUS, EDU_STATUS_IRQ_FACT);
	edu_write(&e, EDU_REG_FACT, 6);
	edu_wait_irq(&e, 0);
	GUEST_ASSERT_EQ(edu_read(&e, EDU_REG_FACT), 720);

	for (unsigned off = 0, n = 1; off < EDU_DMA_MAX; off += DMA_CHUNK) {
		edu_dma_start(&e, DMA_SRC + off, EDU_DMA_BUF, DMA_CHUNK, 0);
		edu_wait_irq(&e, (int)n++);
		edu_dma_start(&e, EDU_DMA_BUF, DMA_DST + off, DMA_CHUNK, 1);
		edu_wait_irq(&e, (int)n++);
	}
	GUEST_ASSERT_EQ(e.last_status, EDU_IRQ_DMA);
	GUEST_ASSERT_EQ(memcmp(src, dst, EDU_DMA_MAX), 0);
	test_report("vfio_edu_direct", UVMM_RESULT_PASS, NULL);
}
