/* Interrupt remapping faults are recorded (VT-d spec 7.1.1, 10.4.14): an MSI
 * with the not-present handle 0xfffe (as iommu_ir_bad_handle) must leave a
 * fault record with reason 0x22 (IRTE not present) that the host's IOMMU
 * driver logs ("DMAR: [INTR-REMAP] ... fault index 0xfffe [fault reason
 * 0x22]"). */
#include "iommu_ir.h"

#define HANDLE 0xfffe

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");
EXPECT(IR_EXPECT_SETUP);
EXPECT(IR_EXPECT_FORGE);
EXPECT("hcall iommu 0x2 0x0 0x0 0x0 0x0 *");
EXPECT(IR_CASE("bad-handle-fault-logged"));

static struct uvmm_iommu_host h0, h1;

void guest_main(void)
{
	struct edu e;

	ir_setup(&e, UVMM_HOST_IOMMU_VTD, &h0);
	if (!(h0.valid & UVMM_HOST_LOG))
		guest_skip("the host's kernel log is not readable");
	ir_forge(&e, vtd_remappable(HANDLE), 0);
	GUEST_ASSERT_EQ(uvmm_iommu_host(&h1), UVMM_HC_OK);
	ir_report("bad-handle-fault-logged",
		  h1.ir_faults > h0.ir_faults && h1.last_reason == 0x22 && h1.last_addr == HANDLE,
		  "%llu interrupt-remapping fault(s) logged, last reason 0x%llx index 0x%llx; want reason 0x22 "
		  "(IRTE not present) at index 0x%x", (unsigned long long)(h1.ir_faults - h0.ir_faults),
		  (unsigned long long)h1.last_reason, (unsigned long long)h1.last_addr, HANDLE);
}
