/* With the in-kernel irqchip and IF=0, an interrupt (from the msi and the irq
 * call) waits in the IRR without any exit; STI opens the window one
 * instruction later, so after `sti; nop` the handler has run exactly once. */
#include <uvmm/guest.h>
#include <uvmm/lapic.h>

#define VEC_MSI 0x50
#define VEC_IRQ 0x30

EXPECT("hcall msi 0xfee00000 0x50");
EXPECT_CASE(case_msi_pending, "msi-pending");
EXPECT("hcall irq 0x30");
EXPECT_CASE(case_irq_pending, "irq-pending");
UVMM_OPTIONS("irqchip=1");

/* Raises vector with IF=0 through hypercall nr, then opens the window. */
static void pending_then_sti(unsigned nr, void *block, unsigned vector, int before)
{
	int now;

	cli();
	GUEST_ASSERT_EQ(uvmm_hypercall(nr, block), UVMM_HC_OK);
	now = irq_hits;
	GUEST_ASSERT_EQ(now, before);
	GUEST_ASSERT_EQ(lapic_requested(vector), 1);
	__asm__ volatile("sti; nop" : : : "memory");
	now = irq_hits;
	GUEST_ASSERT_EQ(now, before + 1);
	GUEST_ASSERT_EQ(irq_last_vector, vector);
	GUEST_ASSERT_EQ(lapic_requested(vector), 0);
}

void guest_main(void)
{
	struct uvmm_hc_msi msi = { .address = LAPIC_BASE, .data = VEC_MSI };
	struct uvmm_hc_irq irq = { .vector = VEC_IRQ };

	idt_set_handler(VEC_MSI, irq_count_eoi);
	idt_set_handler(VEC_IRQ, irq_count_eoi);
	lapic_enable();
	pending_then_sti(UVMM_HC_MSI, &msi, VEC_MSI, 0);
	report_pass(case_msi_pending);
	pending_then_sti(UVMM_HC_IRQ, &irq, VEC_IRQ, 1);
	report_pass(case_irq_pending);
}
