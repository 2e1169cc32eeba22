/* The IOMMU keeps the device inside guest RAM: a DMA device -> 0x0f800000
 * (outside the 16 MiB of RAM, but inside edu's 28-bit reach; its low 24 bits
 * alias a watched RAM buffer) must write nothing. edu still signals completion
 * (it ignores DMA errors), so the guest checks that the watched buffers are
 * unchanged, and that a legal DMA afterwards still works. The VMM checks its
 * canaries around guest RAM after the run. */
#include "vfio_expect.h"

#define VEC 0x45
#define OUTSIDE 0x0f800000ull /* aliases DMA_SRC modulo 16 MiB */

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");
EXPECT(VFIO_EXPECT_PROBE);
EXPECT(VFIO_EXPECT_QUIESCE);
EXPECT(VFIO_EXPECT_MSI("0x45"));
EXPECT(VFIO_EXPECT_DMA("0x801000", "0x40000", "0x5"));
EXPECT(VFIO_EXPECT_IRQ("0x100"));
EXPECT(VFIO_EXPECT_DMA("0x40000", "0xf800000", "0x7"));
EXPECT(VFIO_EXPECT_IRQ("0x100"));
EXPECT(VFIO_EXPECT_DMA("0x40000", "0x802000", "0x7"));
EXPECT(VFIO_EXPECT_IRQ("0x100"));
EXPECT(VFIO_EXPECT_PASS("vfio_isolation"));

void guest_main(void)
{
	uint8_t *watch = gpa_ptr(DMA_SRC), *pattern = gpa_ptr(DMA_DST), *spare = gpa_ptr(DMA_SPARE);
	struct edu e;

	memset(watch, 0x5a, EDU_DMA_MAX);
	memset(pattern, 0xa5, EDU_DMA_MAX);
	memset(spare, 0, EDU_DMA_MAX);
	GUEST_ASSERT_EQ(edu_probe(&e), 0);
	edu_msi_enable(&e, VEC);

	edu_dma_start(&e, DMA_DST, EDU_DMA_BUF, DMA_CHUNK, 0);
	edu_wait_irq(&e, 0);
	edu_dma_start(&e, EDU_DMA_BUF, OUTSIDE, DMA_CHUNK, 1);
	edu_wait_irq(&e, 1);
	for (unsigned i = 0; i < EDU_DMA_MAX; i++) {
		GUEST_ASSERT_EQ(watch[i], 0x5a);
		GUEST_ASSERT_EQ(pattern[i], 0xa5);
	}
	edu_dma_start(&e, EDU_DMA_BUF, DMA_SPARE, DMA_CHUNK, 1);
	edu_wait_irq(&e, 2);
	GUEST_ASSERT_EQ(memcmp(spare, pattern, DMA_CHUNK), 0);
	GUEST_ASSERT_EQ(spare[DMA_CHUNK], 0);
	test_report("vfio_isolation", UVMM_RESULT_PASS, NULL);
}
