/* An interrupt storm, bounded: 300 self-IPIs through the in-kernel LAPIC
 * (no exits), then 500 MSIs the guest asks uvmm to signal to itself, each
 * taken by a handler that counts it. Every interrupt arrives exactly once,
 * and the VMM's per-exit work stays constant (the run takes well under a
 * second on stock KVM). */
#include "hostile.h"
#include <uvmm/lapic.h>

#define VEC_IPI 0x40
#define VEC_MSI 0x41
#define IPIS 300u
#define MSIS 500u

EXPECT_CASE(case_self_ipi_storm, "self-ipi-storm");
EXPECT("repeat 500 {");
EXPECT("  hcall msi 0xfee00000 0x41");
EXPECT("}");
EXPECT_CASE(case_msi_storm, "msi-storm");
UVMM_OPTIONS("irqchip=1");

static volatile unsigned ipis, msis;

static void on_ipi(struct exc_frame *f)
{
	(void)f;
	ipis++;
	lapic_eoi();
}

static void on_msi(struct exc_frame *f)
{
	(void)f;
	msis++;
	lapic_eoi();
}

void guest_main(void)
{
	struct uvmm_hc_msi m = { 0xfee00000ull, VEC_MSI };

	idt_set_handler(VEC_IPI, on_ipi);
	idt_set_handler(VEC_MSI, on_msi);
	lapic_enable();
	sti();
	for (unsigned i = 0; i < IPIS; i++) {
		unsigned before = ipis;

		/* Destination shorthand "self" (bits 18-19 = 01). */
		lapic_send_ipi(0, LAPIC_ICR_FIXED | LAPIC_ICR_ASSERT | (1u << 18) | VEC_IPI);
		while (ipis == before)
			__asm__ volatile("pause");
	}
	GUEST_ASSERT_EQ(ipis, IPIS);
	report_pass(case_self_ipi_storm);
	for (unsigned i = 0; i < MSIS; i++) {
		unsigned before = msis;

		GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MSI, &m), UVMM_HC_OK);
		while (msis == before)
			__asm__ volatile("pause");
	}
	GUEST_ASSERT_EQ(msis, MSIS);
	report_pass(case_msi_storm);
}
