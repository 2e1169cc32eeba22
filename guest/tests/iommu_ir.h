/* Interrupt remapping, tested through DMA (docs/vfio.md): edu, told to DMA 4
 * bytes to an address in the MSI window 0xfee00000-0xfeefffff, makes an
 * interrupt request with that address and data, which only the IOMMU's
 * interrupt remapping stands between and the host's (or a guest's) CPUs. The
 * tests observe what arrives: at this guest (every vector counted) and at the
 * host (its interrupt counters and kernel log: hypercall iommu). They need
 * edu's DMA mask to reach 0xfee00000 (QEMU's default is 28 bits: the nested
 * job starts edu with dma_mask=0xffffffffffffffff) and the host to be the
 * one whose IOMMU is meant (VT-d or AMD-Vi); they SKIP otherwise. */
#ifndef IOMMU_IR_H
#define IOMMU_IR_H

#include <uvmm/iommu.h>
#include <uvmm/reportf.h>
#include <uvmm/lapic.h>

#include "vfio_expect.h"

#define IR_VEC 0x48               /* edu's own MSI in this guest */
#define IR_HIGH_IOVA 0x10000000ull /* beyond a 28-bit DMA mask */
#define IR_PROBE_PAGE 0x806000ull
#define IR_DATA_PAGE 0x807000ull  /* the dword the DMA writes */
#define IR_SETTLE_CYCLES 200000000ull

/* edu_probe, edu's MSI on IR_VEC, every other vector counted (irq_hits),
 * and the DMA-mask check: a DMA to IR_HIGH_IOVA must land in its page. */
#define IR_EXPECT_SETUP                                                                 \
	VFIO_EXPECT_PROBE VFIO_EXPECT_QUIESCE VFIO_EXPECT_MSI("0x48")                   \
	"hcall iommu 0x0 0x10000000 0x806000 0x1000 0x3 0x0\n"                           \
	VFIO_EXPECT_DMA("0x800000", "0x40000", "0x5") VFIO_EXPECT_IRQ("0x100")          \
	VFIO_EXPECT_DMA("0x40000", "0x10000000", "0x7") VFIO_EXPECT_IRQ("0x100")        \
	"hcall iommu 0x1 0x10000000 0x0 0x1000 0x0 0x0\n"                                \
	"hcall iommu 0x2 0x0 0x0 0x0 0x0 *\n"

/* The forged request: the data dword into edu's buffer, then a 4-byte DMA
 * to the address (declared at run time: `hcall expect *` first). */
#define IR_EXPECT_FORGE                                                                 \
	VFIO_EXPECT_DMA("0x807000", "0x40000", "0x5") VFIO_EXPECT_IRQ("0x100")          \
	"hcall expect *\n"
#define IR_CASE(name) "hcall report * \"" name "\" *\n"

#define ir_report test_reportf

/* A DMA of cnt bytes, its completion interrupt waited for. */
static inline void ir_dma(struct edu *e, uint64_t src, uint64_t dst, uint32_t cnt, int to_ram)
{
	int seen = e->irqs;

	edu_write(e, EDU_REG_DMA_SRC, (uint32_t)src);
	edu_write(e, EDU_REG_DMA_DST, (uint32_t)dst);
	edu_write(e, EDU_REG_DMA_CNT, cnt);
	edu_write(e, EDU_REG_DMA_CMD, EDU_DMA_START | EDU_DMA_IRQ | (to_ram ? EDU_DMA_TO_RAM : 0));
	edu_wait_irq(e, seen);
}

/* Interrupts on for a while, so that anything the request caused has come. */
static inline void ir_settle(void)
{
	uint64_t t0 = rdtsc();

	sti();
	while (rdtsc() - t0 < IR_SETTLE_CYCLES)
		__asm__ volatile("pause" ::: "memory");
	cli();
}

/* Setup as IR_EXPECT_SETUP says; skips unless the host's IOMMU is `kind` and
 * the host shows the device's MSI. Fills *h0. */
static inline void ir_setup(struct edu *e, uint64_t kind, struct uvmm_iommu_host *h0)
{
	uint8_t *probe = (uint8_t *)(uintptr_t)IR_PROBE_PAGE;

	memset(gpa_ptr(DMA_SRC), 0x5c, EDU_DMA_MAX);
	memset(probe, 0, 4096);
	GUEST_ASSERT_EQ(edu_probe(e), 0);
	edu_msi_enable(e, IR_VEC);
	for (unsigned v = 32; v < 256; v++)
		if (v != IR_VEC)
			idt_set_handler(v, irq_count_eoi);
	GUEST_ASSERT_EQ(uvmm_iommu_map(IR_HIGH_IOVA, probe, 4096, UVMM_IOMMU_READ | UVMM_IOMMU_WRITE),
			UVMM_HC_OK);
	ir_dma(e, DMA_SRC, EDU_DMA_BUF, DMA_CHUNK, 0);
	ir_dma(e, EDU_DMA_BUF, IR_HIGH_IOVA, DMA_CHUNK, 1);
	GUEST_ASSERT_EQ(uvmm_iommu_unmap(IR_HIGH_IOVA, 4096), UVMM_HC_OK);
	GUEST_ASSERT_EQ(uvmm_iommu_host(h0), UVMM_HC_OK);
	if (probe[0] != 0x5c)
		guest_skip("edu's DMA mask does not reach 0x10000000, nor the MSI window "
			   "(start it with -device edu,dma_mask=0xffffffffffffffff)");
	if (h0->iommu != kind)
		guest_skip(kind == UVMM_HOST_IOMMU_VTD ? "the host's IOMMU is not VT-d"
						       : "the host's IOMMU is not AMD-Vi");
	if (!(h0->valid & UVMM_HOST_MSI) || !(h0->valid & UVMM_HOST_IRQS))
		guest_skip("the host's view of the device (its MSI, /proc/interrupts) is not readable");
}

/* Makes edu DMA-write data to addr (4 bytes: one interrupt request). The
 * DMA raises no completion interrupt: one on the same vector right after the
 * request would coalesce with it in the receiving LAPIC's IRR (seen: the
 * host counted two interrupts for the two). The guest waits ~0.3 s (edu's
 * DMA takes 100 ms of virtual time), then polls the command register until
 * edu says done (bit 0 clear: 0x2), all with IF=0: an interrupt the request
 * caused here is taken in ir_settle, after the polls. */
static inline void ir_forge(struct edu *e, uint64_t addr, uint32_t data)
{
	uint64_t t0;

	*(volatile uint32_t *)(uintptr_t)IR_DATA_PAGE = data;
	ir_dma(e, IR_DATA_PAGE, EDU_DMA_BUF, DMA_CHUNK, 0);
	GUEST_ASSERT_EQ(uvmm_expect_addf("mmio.write 0xc0000080:4 = 0x40000\n"
					 "mmio.write 0xc0000088:4 = 0x%llx\n"
					 "mmio.write 0xc0000090:4 = 0x4\n"
					 "mmio.write 0xc0000098:4 = 0x3\n"
					 "repeat 0.. {\n  mmio.read 0xc0000098:4 = 0x3\n}\n"
					 "mmio.read 0xc0000098:4 = 0x2\n",
					 (unsigned long long)addr), UVMM_HC_OK);
	cli();
	edu_write(e, EDU_REG_DMA_SRC, EDU_DMA_BUF);
	edu_write(e, EDU_REG_DMA_DST, (uint32_t)addr);
	edu_write(e, EDU_REG_DMA_CNT, 4);
	edu_write(e, EDU_REG_DMA_CMD, EDU_DMA_START | EDU_DMA_TO_RAM);
	t0 = rdtsc();
	while (rdtsc() - t0 < 3 * IR_SETTLE_CYCLES / 2)
		__asm__ volatile("pause" ::: "memory");
	while (edu_read(e, EDU_REG_DMA_CMD) & EDU_DMA_START)
		;
	ir_settle();
}

/* VT-d remappable-format MSI address for a handle (interrupt format bit 4,
 * handle[14:0] in bits 19:5, handle[15] in bit 2). */
static inline uint64_t vtd_remappable(unsigned handle)
{
	return 0xfee00000ull | (uint64_t)(handle & 0x7fff) << 5 | 1u << 4 | (uint64_t)(handle >> 15 & 1) << 2;
}

#endif
