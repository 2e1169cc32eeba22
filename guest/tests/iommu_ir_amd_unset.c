/* Interrupt remapping on AMD-Vi: edu DMA-writes an MSI whose data indexes
 * entry 0x7ff of the interrupt table, an entry the host never set up. The
 * IOMMU must block it: nothing arrives at this guest or at the host. */
#include "iommu_ir.h"

#define BAD_INDEX 0x7ffu

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");
EXPECT(IR_EXPECT_SETUP);
EXPECT(IR_EXPECT_FORGE);
EXPECT("hcall iommu 0x2 0x0 0x0 0x0 0x0 *");
EXPECT(IR_CASE("unset-entry-blocked"));

static struct uvmm_iommu_host h0, h1;

void guest_main(void)
{
	struct edu e;
	uint64_t dev, edu0;

	ir_setup(&e, UVMM_HOST_IOMMU_AMD, &h0);
	if (!(h0.valid & UVMM_HOST_LOG))
		guest_skip("the host's kernel log is not readable: a forged interrupt would go unseen");
	edu0 = (uint64_t)e.irqs;
	ir_forge(&e, h0.msi_addr, ((uint32_t)h0.msi_data & ~0x7ffu) | BAD_INDEX);
	GUEST_ASSERT_EQ(uvmm_iommu_host(&h1), UVMM_HC_OK);
	dev = h1.dev_irqs - h0.dev_irqs;
	ir_report("unset-entry-blocked",
		  (uint64_t)e.irqs - edu0 == 1 && dev == 1 && irq_hits == 0 && h1.spurious == h0.spurious &&
			  h1.unhandled == h0.unhandled,
		  "index 0x%x: this guest took %llu on edu's vector and %d elsewhere (want 1: the completion), the "
		  "host's edu line %llu (want 1), stray host lines %llu", BAD_INDEX,
		  (unsigned long long)((uint64_t)e.irqs - edu0), irq_hits, (unsigned long long)dev,
		  (unsigned long long)(h1.unhandled - h0.unhandled));
}
