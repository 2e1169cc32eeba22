/* Lab 5 reference solution, part B: DMA isolation. IOVA W is mapped to page
 * A; edu writes P1 through W (A has it); W is unmapped and edu writes P2 to W
 * again: the IOMMU must block it (A keeps P1, although edu completes as if
 * the write had landed); W is mapped to page B: the same write lands in B
 * only. Each DMA moves DMA_CHUNK bytes and is completed by edu's MSI. */
#include <uvmm/edu.h>
#include <uvmm/guest.h>
#include <uvmm/iommu.h>
#include <uvmm/reportf.h>

#include "lab5.h"

#define RW (UVMM_IOMMU_READ | UVMM_IOMMU_WRITE)

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");

/* One DMA, its completion interrupt waited for. */
static void dma(struct edu *e, uint64_t src, uint64_t dst, int to_ram)
{
	int seen = e->irqs;

	edu_dma_start(e, src, dst, DMA_CHUNK, to_ram);
	edu_wait_irq(e, seen);
}

/* Page p holds v in its first DMA_CHUNK bytes and is poison after them. */
static int holds(const uint8_t *p, uint8_t v)
{
	return lab5_all(p, DMA_CHUNK, v) && lab5_all(p + DMA_CHUNK, 4096 - DMA_CHUNK, LAB5_POISON);
}

void guest_main(void)
{
	uint8_t *a = gpa_ptr(LAB5_PAGE_A), *b = gpa_ptr(LAB5_PAGE_B);
	struct edu e;

	lab5_isolation_setup(&e);

	/* 1. mapped: P1 into the device, then out through W into A. */
	dma(&e, DMA_SRC, EDU_DMA_BUF, 0);
	GUEST_ASSERT_EQ(uvmm_iommu_map(LAB5_IOVA, a, 4096, RW), UVMM_HC_OK);
	dma(&e, EDU_DMA_BUF, LAB5_IOVA, 1);
	test_reportf("mapped-write", holds(a, LAB5_P1), "A[0] 0x%x, A[0x%x] 0x%x", a[0], DMA_CHUNK, a[DMA_CHUNK]);

	/* 2. unmapped: P2 into the device, out to W: the IOMMU blocks it. */
	GUEST_ASSERT_EQ(uvmm_iommu_unmap(LAB5_IOVA, 4096), UVMM_HC_OK);
	dma(&e, DMA_DST, EDU_DMA_BUF, 0);
	dma(&e, EDU_DMA_BUF, LAB5_IOVA, 1);
	test_reportf("unmapped-write-blocked", holds(a, LAB5_P1) && holds(b, LAB5_POISON),
		     "after the unmap A[0] 0x%x (want 0x%x), B[0] 0x%x", a[0], LAB5_P1, b[0]);

	/* 3. remapped to B: the device still holds P2; the write lands in B. */
	GUEST_ASSERT_EQ(uvmm_iommu_map(LAB5_IOVA, b, 4096, RW), UVMM_HC_OK);
	dma(&e, EDU_DMA_BUF, LAB5_IOVA, 1);
	test_reportf("remapped-write-new-page", holds(b, LAB5_P2) && holds(a, LAB5_P1),
		     "B[0] 0x%x (want 0x%x), A[0] 0x%x (want 0x%x)", b[0], LAB5_P2, a[0], LAB5_P1);
	GUEST_ASSERT_EQ(uvmm_iommu_unmap(LAB5_IOVA, 4096), UVMM_HC_OK);
}
