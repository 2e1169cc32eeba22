/* Interrupt remapping, remappable format with a handle the host never set up
 * (VT-d spec 5.1.4, 7.1): edu DMA-writes an MSI whose handle 0xfffe names an
 * interrupt-remapping table entry that is not present. The IOMMU must block
 * it: nothing may arrive at this guest or at the host (no interrupt on the
 * device's lines, no spurious or stray interrupt). Whether the fault is
 * logged is iommu_ir_fault_log's business. */
#include "iommu_ir.h"

#define HANDLE 0xfffe

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");
EXPECT(IR_EXPECT_SETUP);
EXPECT(IR_EXPECT_FORGE);
EXPECT("hcall iommu 0x2 0x0 0x0 0x0 0x0 *");
EXPECT(IR_CASE("bad-handle-blocked-guest") IR_CASE("bad-handle-blocked-host"));

static struct uvmm_iommu_host h0, h1;

void guest_main(void)
{
	struct edu e;
	uint64_t dev, spu, unh, edu_irqs;

	ir_setup(&e, UVMM_HOST_IOMMU_VTD, &h0);
	edu_irqs = (uint64_t)e.irqs;
	ir_forge(&e, vtd_remappable(HANDLE), 0);
	GUEST_ASSERT_EQ(uvmm_iommu_host(&h1), UVMM_HC_OK);
	dev = h1.dev_irqs - h0.dev_irqs;
	spu = h1.spurious - h0.spurious;
	unh = h1.unhandled - h0.unhandled;
	ir_report("bad-handle-blocked-guest", irq_hits == 0 && (uint64_t)e.irqs == edu_irqs + 1,
		  "handle 0x%x (address 0x%llx): this guest took %d stray interrupt(s) and %llu of edu's; "
		  "want only the data DMA's completion", HANDLE, (unsigned long long)vtd_remappable(HANDLE), irq_hits,
		  (unsigned long long)((uint64_t)e.irqs - edu_irqs));
	/* edu's one completion (the data DMA) comes through its line: that is all. */
	ir_report("bad-handle-blocked-host", dev == 1 && spu == 0 && unh == 0,
		  "the host's device lines counted %llu interrupt(s) (want 1: the data DMA's completion), SPU %llu, stray "
		  "lines %llu", (unsigned long long)dev, (unsigned long long)spu, (unsigned long long)unh);
}
