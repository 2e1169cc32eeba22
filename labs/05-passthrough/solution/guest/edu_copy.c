/* Lab 5 (draft) reference solution, part A: a 4 KiB buffer copied RAM ->
 * edu -> RAM by DMA through the IOMMU, in halves (QEMU's edu refuses, and
 * aborts QEMU on, a transfer that ends exactly at the end of its 4 KiB
 * buffer), each completed by an MSI, then checked byte for byte. Runs where QEMU's edu is passed through with VFIO
 * (the nested job: make nested-check; docs/vfio.md). */
#include <uvmm/edu.h>
#include <uvmm/guest.h>

#define VEC 0x42
#define SRC 0x800000ull
#define DST 0x801000ull
#define HALF (EDU_DMA_MAX / 2)

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
	for (unsigned off = 0, irqs = 0; off < EDU_DMA_MAX; off += HALF) {
		edu_dma_start(&e, SRC + off, EDU_DMA_BUF, HALF, 0);
		edu_wait_irq(&e, irqs++);
		edu_dma_start(&e, EDU_DMA_BUF, DST + off, HALF, 1);
		edu_wait_irq(&e, irqs++);
	}
	if (memcmp(src, dst, EDU_DMA_MAX) == 0)
		report_pass(case_copy);
}
