/* Interrupt remapping on AMD-Vi (AMD IOMMU spec 2.2.5): every MSI a device
 * sends is remapped through the interrupt table its Device Table Entry names;
 * the data's low 11 bits index it. edu DMA-writes the MSI the host programmed
 * for it (its own table entry): delivered once, as edu's interrupt, on the
 * host's edu line and at this guest's edu vector, while edu raised nothing. */
#include "iommu_ir.h"

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");
EXPECT(IR_EXPECT_SETUP);
EXPECT(IR_EXPECT_FORGE);
EXPECT("repeat 0..1 {");
EXPECT(VFIO_EXPECT_IRQ("0x0"));
EXPECT("}");
EXPECT("hcall iommu 0x2 0x0 0x0 0x0 0x0 *");
EXPECT(IR_CASE("own-entry-remapped"));

static struct uvmm_iommu_host h0, h1;

void guest_main(void)
{
	struct edu e;
	uint64_t dev, edu0;

	ir_setup(&e, UVMM_HOST_IOMMU_AMD, &h0);
	edu0 = (uint64_t)e.irqs;
	ir_forge(&e, h0.msi_addr, (uint32_t)h0.msi_data);
	GUEST_ASSERT_EQ(uvmm_iommu_host(&h1), UVMM_HC_OK);
	dev = h1.dev_irqs - h0.dev_irqs;
	ir_report("own-entry-remapped", (uint64_t)e.irqs - edu0 == 2 && dev == 2 && irq_hits == 0,
		  "address 0x%llx data 0x%llx: this guest took %llu on edu's vector (want 2: the data DMA's "
		  "completion and the request), the host's edu line %llu (want 2)", (unsigned long long)h0.msi_addr,
		  (unsigned long long)h0.msi_data, (unsigned long long)((uint64_t)e.irqs - edu0),
		  (unsigned long long)dev);
}
