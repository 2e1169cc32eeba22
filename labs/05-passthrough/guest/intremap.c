/* Lab 5, part C: interrupt remapping (README.md, "Part C"). An MSI is a
 * 4-byte write into the MSI window 0xfee00000-0xfeefffff; edu, told to DMA
 * there, forges one. Forge three and find out what arrived, here (edu's
 * handler counts e.irqs, every other vector counts irq_hits) and at the host
 * (uvmm_iommu_host(): dev_irqs, spurious, unhandled):
 *   1. remappable format, handle LAB5_BAD_HANDLE      -> "bad-handle-blocked"
 *   2. remappable format, the host's handle for edu   -> "good-handle-delivered"
 *   3. compatibility format, vector LAB5_COMPAT_VECTOR -> "compat-not-here"
 * lab5.h has the addresses; ir_setup, ir_dma and ir_settle do the set-up,
 * one DMA with its completion interrupt, and interrupts on for a while. */
#include "lab5.h"

#include <uvmm/value.h>

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");

/* TODO 1: the VT-d remappable-format MSI address of an interrupt-remapping
 * table entry (VT-d spec 5.1.2.2: which bits hold the handle? which bit says
 * "remappable"?). */
static uint64_t remappable(unsigned handle)
{
	(void)handle;
	return 0;
}

/* TODO 2: make edu write `data` (4 bytes) to `addr`: put the dword in
 * IR_DATA_PAGE, DMA it into edu's buffer (ir_dma), then DMA 4 bytes from
 * edu's buffer to addr with interrupts off (cli) and *without* edu's
 * completion interrupt; wait about 3 * IR_SETTLE_CYCLES / 2 TSC cycles (edu
 * takes its time), poll EDU_REG_DMA_CMD until the start bit clears, then
 * ir_settle(). */
static void forge(struct edu *e, uint64_t addr, uint32_t data)
{
	(void)e;
	(void)addr;
	(void)data;
}

void guest_main(void)
{
	static struct uvmm_iommu_host host;
	struct edu e;

	/* edu's MSI on IR_VEC; host = the host's first view, with the address
	 * and data the host programmed into edu's real MSI capability. */
	ir_setup(&e, UVMM_HOST_IOMMU_VTD, &host);

	/* TODO 3: for each case: uvmm_iommu_host() before and after forge(),
	 * count what arrived, report with test_reportf(NAME, ok, ...). The data
	 * DMA's own completion interrupt is one of edu's: account for it. For
	 * case 3 also state what the host saw with report_value() (never graded:
	 * why? README.md). */
	(void)remappable;
	(void)forge;
}
