/* DMA after unmap, and the guest's view of a blocked DMA, with edu (trap
 * mode). The guest maps IOVA W to page A, edu writes a pattern there (A has
 * it); W is unmapped and edu writes another pattern to W: the IOMMU must block
 * it (A keeps the first pattern; whether the host's IOMMU logs the fault is
 * iommu_dma_fault_log's business). What the guest sees of that: edu completes as always (command bit 0 clears, its
 * completion interrupt with status 0x100) — nothing in the device says the
 * DMA went nowhere. A read from the unmapped W must not see A's bytes. W is
 * then remapped to page B: edu's write lands in B only. */
#include "vfio_expect.h"
#include <uvmm/iommu.h>
#include <uvmm/reportf.h>

#define VEC 0x47
#define W IOMMU_TEST_IOVA
#define PAGE_A 0x803000ull
#define PAGE_B 0x804000ull
#define PAGE_R 0x805000ull /* where the device buffer is read back to */
#define P1 0x11
#define P2 0x22
#define POISON 0xee
#define RW (UVMM_IOMMU_READ | UVMM_IOMMU_WRITE)
#define CASE(name) "hcall report * \"" name "\" *\n"

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");
EXPECT(VFIO_EXPECT_PROBE VFIO_EXPECT_QUIESCE VFIO_EXPECT_MSI("0x47"));
EXPECT(VFIO_EXPECT_DMA("0x800000", "0x40000", "0x5") VFIO_EXPECT_IRQ("0x100"));
EXPECT("hcall iommu 0x0 0x8000000 0x803000 0x1000 0x3 0x0");
EXPECT(VFIO_EXPECT_DMA("0x40000", "0x8000000", "0x7") VFIO_EXPECT_IRQ("0x100"));
EXPECT(CASE("mapped-write"));
EXPECT("hcall iommu 0x1 0x8000000 0x0 0x1000 0x0 0x0");
EXPECT(VFIO_EXPECT_DMA("0x801000", "0x40000", "0x5") VFIO_EXPECT_IRQ("0x100"));
/* The blocked write: started, and completed like any other. */
EXPECT(VFIO_EXPECT_DMA("0x40000", "0x8000000", "0x7") VFIO_EXPECT_IRQ("*"));
EXPECT("mmio.read 0xc0000098:4 = *");
EXPECT(CASE("unmapped-write-blocked") CASE("blocked-write-edu-view"));
/* The blocked read, then the buffer read back to R. */
EXPECT(VFIO_EXPECT_DMA("0x8000000", "0x40000", "0x5") VFIO_EXPECT_IRQ("*"));
EXPECT(VFIO_EXPECT_DMA("0x40000", "0x805000", "0x7") VFIO_EXPECT_IRQ("0x100"));
EXPECT(CASE("unmapped-read-blocked"));
EXPECT("hcall iommu 0x0 0x8000000 0x804000 0x1000 0x3 0x0");
EXPECT(VFIO_EXPECT_DMA("0x801000", "0x40000", "0x5") VFIO_EXPECT_IRQ("0x100"));
EXPECT(VFIO_EXPECT_DMA("0x40000", "0x8000000", "0x7") VFIO_EXPECT_IRQ("0x100"));
EXPECT(CASE("remapped-write-new-page"));
EXPECT("hcall iommu 0x1 0x8000000 0x0 0x1000 0x0 0x0");

/* 1 when p[0..n) is all v. */
static int all(const uint8_t *p, unsigned n, uint8_t v)
{
	for (unsigned i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

#define report test_reportf

static void dma(struct edu *e, uint64_t src, uint64_t dst, int to_ram)
{
	int seen = e->irqs;

	edu_dma_start(e, src, dst, DMA_CHUNK, to_ram);
	edu_wait_irq(e, seen);
}

void guest_main(void)
{
	uint8_t *a = gpa_ptr(PAGE_A), *b = gpa_ptr(PAGE_B), *r = gpa_ptr(PAGE_R);
	uint32_t status, cmd;
	struct edu e;

	memset(gpa_ptr(DMA_SRC), P1, EDU_DMA_MAX);
	memset(gpa_ptr(DMA_DST), P2, EDU_DMA_MAX);
	memset(a, POISON, 4096);
	memset(b, POISON, 4096);
	memset(r, POISON, 4096);
	GUEST_ASSERT_EQ(edu_probe(&e), 0);
	edu_msi_enable(&e, VEC);

	dma(&e, DMA_SRC, EDU_DMA_BUF, 0);                     /* P1 into the device */
	GUEST_ASSERT_EQ(uvmm_iommu_map(W, a, 4096, RW), UVMM_HC_OK);
	dma(&e, EDU_DMA_BUF, W, 1);
	report("mapped-write", all(a, DMA_CHUNK, P1) && all(a + DMA_CHUNK, 4096 - DMA_CHUNK, POISON),
	       "W -> page A: A[0] 0x%x, A[0x%x] 0x%x (want 0x%x, then untouched 0x%x)", a[0], DMA_CHUNK,
	       a[DMA_CHUNK], P1, POISON);

	GUEST_ASSERT_EQ(uvmm_iommu_unmap(W, 4096), UVMM_HC_OK);
	dma(&e, DMA_DST, EDU_DMA_BUF, 0);                     /* P2 into the device */
	dma(&e, EDU_DMA_BUF, W, 1);                           /* to the unmapped W */
	status = e.last_status;
	cmd = edu_read(&e, EDU_REG_DMA_CMD);
	report("unmapped-write-blocked", all(a, DMA_CHUNK, P1) && all(a + DMA_CHUNK, 4096 - DMA_CHUNK, POISON),
	       "after unmap: A[0] 0x%x (want 0x%x: the IOMMU blocked the write of 0x%x)", a[0], P1, P2);
	report("blocked-write-edu-view", status == EDU_IRQ_DMA && !(cmd & EDU_DMA_START),
	       "edu: interrupt status 0x%x, command 0x%x: it completes with its interrupt as if the DMA "
	       "had landed (the device cannot tell)", status, cmd);

	dma(&e, W, EDU_DMA_BUF, 0);                           /* read from the unmapped W */
	status = e.last_status;
	dma(&e, EDU_DMA_BUF, PAGE_R, 1);
	report("unmapped-read-blocked", !all(r, DMA_CHUNK, P1),
	       "edu's buffer after a read from the unmapped W: R[0] 0x%x (%s; A holds 0x%x), completion status 0x%x",
	       r[0], all(r, DMA_CHUNK, 0) ? "all zero" : all(r, DMA_CHUNK, P2) ? "unchanged" : "other", P1, status);

	GUEST_ASSERT_EQ(uvmm_iommu_map(W, b, 4096, RW), UVMM_HC_OK);
	dma(&e, DMA_DST, EDU_DMA_BUF, 0);
	dma(&e, EDU_DMA_BUF, W, 1);
	report("remapped-write-new-page", all(b, DMA_CHUNK, P2) && all(b + DMA_CHUNK, 4096 - DMA_CHUNK, POISON) &&
					     all(a, DMA_CHUNK, P1),
	       "W -> page B: B[0] 0x%x (want 0x%x), A[0] 0x%x (want 0x%x, unchanged)", b[0], P2, a[0], P1);
	GUEST_ASSERT_EQ(uvmm_iommu_unmap(W, 4096), UVMM_HC_OK);
}
