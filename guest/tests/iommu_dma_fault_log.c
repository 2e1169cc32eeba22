/* A blocked DMA is recorded (VT-d spec 7.2, AMD IOMMU spec 2.5.3): edu's
 * write to an IOVA the guest mapped and unmapped again must leave a fault for
 * the host's IOMMU driver to log, naming edu and that IOVA ("DMAR: [DMA Write
 * NO_PASID] Request device [00:01.0] fault addr 0x8000000 [fault reason 0x05]",
 * or AMD-Vi's "IO_PAGE_FAULT device=... address=0x8000000"). That the write
 * lands nowhere is iommu_edu_unmap's business. The write is made twice, half
 * a second apart: QEMU's intel-iommu records no new fault for a source while
 * an earlier one of it is still unread ("compression of faults"), and the
 * host's driver reads them asynchronously; one line is what is asked. */
#include <uvmm/iommu.h>
#include <uvmm/reportf.h>

#include "vfio_expect.h"

#define VEC 0x49
#define W IOMMU_TEST_IOVA
#define PAGE_A 0x803000ull
#define SETTLE_CYCLES 1500000000ull

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");
EXPECT(VFIO_EXPECT_PROBE VFIO_EXPECT_QUIESCE VFIO_EXPECT_MSI("0x49"));
EXPECT(VFIO_EXPECT_DMA("0x800000", "0x40000", "0x5") VFIO_EXPECT_IRQ("0x100"));
EXPECT("hcall iommu 0x0 0x8000000 0x803000 0x1000 0x3 0x0");
EXPECT("hcall iommu 0x1 0x8000000 0x0 0x1000 0x0 0x0");
EXPECT("hcall iommu 0x2 0x0 0x0 0x0 0x0 *");
EXPECT(VFIO_EXPECT_DMA("0x40000", "0x8000000", "0x7") VFIO_EXPECT_IRQ("*"));
EXPECT(VFIO_EXPECT_DMA("0x40000", "0x8000000", "0x7") VFIO_EXPECT_IRQ("*"));
EXPECT("hcall iommu 0x2 0x0 0x0 0x0 0x0 *");
EXPECT("hcall report * \"blocked-write-fault-logged\" *");

static struct uvmm_iommu_host h0, h1;

void guest_main(void)
{
	struct edu e;
	uint64_t faults;
	int seen;

	memset(gpa_ptr(DMA_SRC), 0x33, EDU_DMA_MAX);
	GUEST_ASSERT_EQ(edu_probe(&e), 0);
	edu_msi_enable(&e, VEC);
	edu_dma_start(&e, DMA_SRC, EDU_DMA_BUF, DMA_CHUNK, 0);
	edu_wait_irq(&e, 0);
	GUEST_ASSERT_EQ(uvmm_iommu_map(W, gpa_ptr(PAGE_A), 4096, UVMM_IOMMU_READ | UVMM_IOMMU_WRITE), UVMM_HC_OK);
	GUEST_ASSERT_EQ(uvmm_iommu_unmap(W, 4096), UVMM_HC_OK);
	GUEST_ASSERT_EQ(uvmm_iommu_host(&h0), UVMM_HC_OK);
	if (!(h0.valid & UVMM_HOST_LOG))
		guest_skip("the host's kernel log is not readable");
	for (int k = 0; k < 2; k++) {
		uint64_t t0 = rdtsc();

		seen = e.irqs;
		edu_dma_start(&e, EDU_DMA_BUF, W, DMA_CHUNK, 1);
		edu_wait_irq(&e, seen);
		while (rdtsc() - t0 < SETTLE_CYCLES)
			__asm__ volatile("pause" ::: "memory");
	}
	GUEST_ASSERT_EQ(uvmm_iommu_host(&h1), UVMM_HC_OK);
	faults = h1.dma_faults - h0.dma_faults;
	test_reportf("blocked-write-fault-logged", faults > 0 && (h1.last_addr & ~0xfffull) == W,
		     "host IOMMU kind %llu: %llu DMA fault line(s) naming edu, last addr 0x%llx reason 0x%llx; "
		     "want one at 0x%llx (for two blocked writes)", (unsigned long long)h1.iommu,
		     (unsigned long long)faults, (unsigned long long)h1.last_addr,
		     (unsigned long long)h1.last_reason, (unsigned long long)W);
}
