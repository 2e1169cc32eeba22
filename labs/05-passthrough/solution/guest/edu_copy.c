/* Lab 5 (draft) reference solution, part A: a 4 KiB buffer copied RAM ->
 * edu -> RAM by DMA through the IOMMU, each half completed by an MSI, then
 * checked byte for byte. Runs where QEMU's edu is passed through with VFIO
 * (the nested job: make nested-check; docs/vfio.md). */
#include <uvmm/edu.h>
#include <uvmm/guest.h>

#define VEC 0x42
#define SRC 0x800000ull
#define DST 0x801000ull

EXPECT_CASE(case_copy, "dma-roundtrip");
UVMM_OPTIONS("irqchip=1 vfio=auto vfio_mode=trap vfio_irq=irqfd");

void guest_main(void)
{
	uint8_t *src = (uint8_t *)(uintptr_t)SRC, *dst = (uint8_t *)(uintptr_t)DST;
	struct edu e;

	for (unsigned i = 0; i < EDU_DMA_MAX; i++) {
		src[i] = (uint8_t)(i * 7 + 3);
		dst[i] = 0;
	}
	if (edu_probe(&e) < 0)
		return;
	edu_msi_enable(&e, VEC);
	edu_dma_start(&e, SRC, EDU_DMA_BUF, EDU_DMA_MAX, 0);
	edu_wait_irq(&e, 0);
	edu_dma_start(&e, EDU_DMA_BUF, DST, EDU_DMA_MAX, 1);
	edu_wait_irq(&e, 1);
	if (memcmp(src, dst, EDU_DMA_MAX) == 0)
		report_pass(case_copy);
}
