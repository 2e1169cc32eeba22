/* Lab 5 (draft), part A: copy a 4 KiB buffer RAM -> edu -> RAM by DMA
 * through the IOMMU (uvmm/edu.h is the driver: edu_probe, edu_msi_enable,
 * edu_dma_start, edu_wait_irq), then report "dma-roundtrip" if the bytes
 * came back. Move at most 2 KiB per DMA: QEMU's edu aborts QEMU on a
 * transfer that ends exactly at the end of its buffer.
 * labs/05-passthrough/README.md. */
#include <uvmm/edu.h>
#include <uvmm/guest.h>

#define VEC 0x42
#define SRC 0x800000ull
#define DST 0x801000ull

EXPECT_CASE(case_copy, "dma-roundtrip");
UVMM_OPTIONS("irqchip=1 vfio=auto vfio_mode=trap vfio_irq=irqfd");

void guest_main(void)
{
	/* TODO */
}
