/* Lab 5, part B: DMA isolation (README.md, "Part B"). With the IOMMU
 * control hypercall (uvmm/iommu.h: uvmm_iommu_map, uvmm_iommu_unmap) map
 * IOVA LAB5_IOVA to page A, let edu write through it, unmap it, let edu write
 * to it again, and show that the IOMMU blocked that write; then map the IOVA
 * to page B and show that the write lands there only. lab5.h has the
 * addresses and patterns the answer key names. */
#include <uvmm/edu.h>
#include <uvmm/guest.h>
#include <uvmm/iommu.h>
#include <uvmm/reportf.h>

#include "lab5.h"

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");

void guest_main(void)
{
	uint8_t *a = gpa_ptr(LAB5_PAGE_A), *b = gpa_ptr(LAB5_PAGE_B);
	struct edu e;

	lab5_isolation_setup(&e);

	/* TODO 1: DMA_CHUNK bytes of P1 from DMA_SRC into edu's buffer; map
	 * LAB5_IOVA to page A (read and write); edu's buffer out to LAB5_IOVA.
	 * Wait for each DMA's interrupt. Report "mapped-write" with
	 * test_reportf(): passed when A holds P1 where edu wrote, poison after. */

	/* TODO 2: unmap LAB5_IOVA; P2 from DMA_DST into edu's buffer; edu's
	 * buffer out to LAB5_IOVA again. Report "unmapped-write-blocked": A and
	 * B unchanged. (What does edu tell you about that DMA?) */

	/* TODO 3: map LAB5_IOVA to page B; edu's buffer (still P2) out to it.
	 * Report "remapped-write-new-page": B holds P2, A still P1. Unmap. */
	(void)a;
	(void)b;
}
