/* Interrupt remapping, compatibility format (VT-d spec 5.1.2.1, 9.10; Linux
 * clears GCMD.CFI, "block compatibility-format MSIs"): edu DMA-writes the
 * compatibility-format message "vector 0xdf to APIC 0" (address 0xfee00000,
 * data 0xdf). With remapping on and CFI clear, the IOMMU must block it and
 * record fault reason 0x25. Nothing may arrive: not at this guest, and not at
 * the host (an interrupt on a vector no handler owns makes Linux log "No irq
 * handler for vector"; the SPU row counts spurious ones). A forged interrupt
 * that gets through fails the test.
 * Why not vector 0xff: delivered as a fixed interrupt it sets the host CPU's
 * ISR bit 255, which Linux's spurious-vector handler never EOIs (a real
 * spurious interrupt sets no ISR bit), so that CPU's priority stays at class
 * 15 and it takes no interrupt again: seen under QEMU's intel-iommu as an RCU
 * stall with the CPU stuck in the guest for good (docs/vfio.md). */
#include "iommu_ir.h"

#define FORGED_VECTOR 0xdf

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");
EXPECT(IR_EXPECT_SETUP);
EXPECT(IR_EXPECT_FORGE);
EXPECT("hcall iommu 0x2 0x0 0x0 0x0 0x0 *");
EXPECT(IR_CASE("compat-blocked-guest") IR_CASE("compat-blocked-host") IR_CASE("compat-fault-logged"));

static struct uvmm_iommu_host h0, h1;

void guest_main(void)
{
	struct edu e;
	uint64_t spu, unh, edu_irqs;

	ir_setup(&e, UVMM_HOST_IOMMU_VTD, &h0);
	if (!(h0.valid & UVMM_HOST_LOG))
		guest_skip("the host's kernel log is not readable: a forged interrupt would go unseen");
	edu_irqs = (uint64_t)e.irqs;
	ir_forge(&e, 0xfee00000ull, FORGED_VECTOR);
	GUEST_ASSERT_EQ(uvmm_iommu_host(&h1), UVMM_HC_OK);
	spu = h1.spurious - h0.spurious;
	unh = h1.unhandled - h0.unhandled;
	ir_report("compat-blocked-guest", irq_hits == 0 && (uint64_t)e.irqs == edu_irqs + 1,
		  "this guest took %d stray interrupt(s) (last vector 0x%llx) and %llu of edu's; want none beyond "
		  "the data DMA's completion", irq_hits, (unsigned long long)irq_last_vector,
		  (unsigned long long)((uint64_t)e.irqs - edu_irqs));
	ir_report("compat-blocked-host", spu == 0 && unh == 0,
		  "the host counted %llu spurious interrupt(s) (SPU) and logged %llu stray-interrupt line(s) "
		  "after the forged vector-0x%x MSI; an IOMMU with CFI clear blocks it", (unsigned long long)spu,
		  (unsigned long long)unh, FORGED_VECTOR);
	ir_report("compat-fault-logged", h1.ir_faults > h0.ir_faults && h1.last_reason == 0x25,
			  "%llu interrupt-remapping fault(s) logged, last reason 0x%llx; want reason 0x25 "
			  "(blocked a compatibility format interrupt request)",
			  (unsigned long long)(h1.ir_faults - h0.ir_faults), (unsigned long long)h1.last_reason);
}
