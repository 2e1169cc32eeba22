/* Interrupt remapping, remappable format with the handle the host set up for
 * edu's own MSI (read from the device's real MSI capability): the request is
 * delivered exactly as the host's table says, i.e. as edu's interrupt: the
 * host counts one more on edu's vfio line and this guest gets exactly one
 * interrupt on edu's vector, although edu raised nothing (its interrupt
 * status reads 0). The data dword is the host's data (the subhandle when the
 * address has SHV). */
#include "iommu_ir.h"

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");
EXPECT(IR_EXPECT_SETUP);
EXPECT(IR_EXPECT_FORGE);
/* The forged interrupt reaches edu's handler (status 0, nothing to ack);
 * optional here so that its absence is the reports' finding, not a mismatch. */
EXPECT("repeat 0..1 {");
EXPECT(VFIO_EXPECT_IRQ("0x0"));
EXPECT("}");
EXPECT("hcall iommu 0x2 0x0 0x0 0x0 0x0 *");
EXPECT(IR_CASE("good-handle-remapped-guest") IR_CASE("good-handle-remapped-host"));

static struct uvmm_iommu_host h0, h1;

void guest_main(void)
{
	struct edu e;
	uint64_t dev, edu_irqs;

	ir_setup(&e, UVMM_HOST_IOMMU_VTD, &h0);
	if (!(h0.msi_addr & 1u << 4))
		guest_skip("the host's MSI for edu is not in remappable format (interrupt remapping off?)");
	edu_irqs = (uint64_t)e.irqs;
	ir_forge(&e, h0.msi_addr, (uint32_t)h0.msi_data);
	GUEST_ASSERT_EQ(uvmm_iommu_host(&h1), UVMM_HC_OK);
	dev = h1.dev_irqs - h0.dev_irqs;
	ir_report("good-handle-remapped-guest",
		  irq_hits == 0 && (uint64_t)e.irqs == edu_irqs + 2 && e.last_status == 0,
		  "host handle address 0x%llx data 0x%llx: this guest took %llu interrupt(s) on edu's vector "
		  "(want 2: the data DMA's completion and the request, last status 0x%x) and %d elsewhere",
		  (unsigned long long)h0.msi_addr, (unsigned long long)h0.msi_data,
		  (unsigned long long)((uint64_t)e.irqs - edu_irqs), e.last_status, irq_hits);
	ir_report("good-handle-remapped-host", dev == 2,
		  "the host's edu lines counted %llu interrupt(s); want 2 (the data DMA's completion and the request, "
		  "delivered through edu's IRTE)", (unsigned long long)dev);
}
