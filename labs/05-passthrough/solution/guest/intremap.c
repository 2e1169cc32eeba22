/* Lab 5 reference solution, part C: interrupt remapping. edu, told to DMA 4
 * bytes into the MSI window (0xfee00000-0xfeefffff), makes an interrupt
 * request with that address and data: a forged MSI. Three of them, each
 * followed by a look at what arrived here (every vector counted) and at the
 * host (hypercall iommu HOST: the device's interrupt lines, spurious and
 * unhandled interrupts):
 *   1. remappable format, handle LAB5_BAD_HANDLE (an entry no one set up):
 *      blocked, nothing arrives anywhere;
 *   2. remappable format with the host's own handle for edu: delivered, as
 *      edu's interrupt, to this guest;
 *   3. compatibility format, vector LAB5_COMPAT_VECTOR: nothing reaches this
 *      guest; whether the host took it is the IOMMU's business (hardware with
 *      CFI clear blocks it; QEMU's intel-iommu delivers it, a known deviation:
 *      guest/deviations.txt, iommu_ir_compat), so it is stated as a value. */
#include "lab5.h"

#include <uvmm/value.h>

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");

/* VT-d remappable-format MSI address (VT-d spec 5.1.2.2): 0xfee, handle
 * bits 14:0 in address bits 19:5, interrupt format bit 4 = 1, handle bit 15
 * in bit 2. */
static uint64_t remappable(unsigned handle)
{
	return 0xfee00000ull | (uint64_t)(handle & 0x7fff) << 5 | 1u << 4 | (uint64_t)(handle >> 15 & 1) << 2;
}

/* The forged request: the data dword into edu's buffer (a DMA with its
 * completion interrupt), then edu's buffer out to addr, 4 bytes, with no
 * completion interrupt (it would coalesce with the request). With IF=0, wait
 * out edu's DMA time and poll until edu says done; then interrupts on for a
 * while, so that whatever the request caused arrives. */
static void forge(struct edu *e, uint64_t addr, uint32_t data)
{
	uint64_t t0;

	*(volatile uint32_t *)(uintptr_t)IR_DATA_PAGE = data;
	ir_dma(e, IR_DATA_PAGE, EDU_DMA_BUF, DMA_CHUNK, 0);
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

struct seen {
	uint64_t edu, other, dev, stray; /* here on edu's vector, here elsewhere, host */
};

/* Forges one request; what arrived since just before it. */
static struct seen forge_and_look(struct edu *e, uint64_t addr, uint32_t data)
{
	static struct uvmm_iommu_host h0, h1;
	int edu0 = e->irqs, hits0 = irq_hits;
	struct seen s;

	GUEST_ASSERT_EQ(uvmm_iommu_host(&h0), UVMM_HC_OK);
	forge(e, addr, data);
	GUEST_ASSERT_EQ(uvmm_iommu_host(&h1), UVMM_HC_OK);
	s.edu = (uint64_t)(e->irqs - edu0);
	s.other = (uint64_t)(irq_hits - hits0);
	s.dev = h1.dev_irqs - h0.dev_irqs;
	s.stray = (h1.spurious - h0.spurious) + (h1.unhandled - h0.unhandled);
	return s;
}

void guest_main(void)
{
	static struct uvmm_iommu_host host;
	struct edu e;
	struct seen s;

	ir_setup(&e, UVMM_HOST_IOMMU_VTD, &host);

	/* 1. Only the data DMA's completion may arrive (1 here, 1 at the host). */
	s = forge_and_look(&e, remappable(LAB5_BAD_HANDLE), 0);
	test_reportf("bad-handle-blocked", s.edu == 1 && s.other == 0 && s.dev == 1 && s.stray == 0,
		     "here %llu on edu's vector, %llu elsewhere; host: edu lines %llu, stray %llu",
		     (unsigned long long)s.edu, (unsigned long long)s.other, (unsigned long long)s.dev,
		     (unsigned long long)s.stray);

	/* 2. The host's handle: the completion and the forged request, both as
	 * edu's interrupt (2 here, 2 on the host's edu line). */
	s = forge_and_look(&e, host.msi_addr, (uint32_t)host.msi_data);
	test_reportf("good-handle-delivered", s.edu == 2 && s.other == 0 && s.dev == 2,
		     "address 0x%llx data 0x%llx: here %llu on edu's vector, %llu elsewhere; host edu lines %llu",
		     (unsigned long long)host.msi_addr, (unsigned long long)host.msi_data,
		     (unsigned long long)s.edu, (unsigned long long)s.other, (unsigned long long)s.dev);

	/* 3. Compatibility format: never this guest's; the host's view is a value. */
	s = forge_and_look(&e, 0xfee00000ull, LAB5_COMPAT_VECTOR);
	report_value("compat-host-stray", s.stray);
	test_reportf("compat-not-here", s.edu == 1 && s.other == 0,
		     "here %llu on edu's vector, %llu elsewhere; the host saw %llu stray interrupt(s)",
		     (unsigned long long)s.edu, (unsigned long long)s.other, (unsigned long long)s.stray);
}
