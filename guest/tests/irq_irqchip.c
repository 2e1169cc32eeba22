/* The irq call with an in-kernel irqchip becomes an MSI to the calling vCPU's
 * own LAPIC (fixed, vector 0x30): no irq_window exit, and with IF=1 the
 * handler runs right after the OUT (the IF=0 case is irq_pending_sti). */
#include <uvmm/guest.h>
#include <uvmm/lapic.h>

#define VEC 0x30

EXPECT("hcall irq 0x30");
EXPECT_CASE(case_irq_irqchip, "irq_irqchip");
UVMM_OPTIONS("irqchip=1");

void guest_main(void)
{
	struct uvmm_hc_irq irq = { .vector = VEC };
	long st;
	int now;

	idt_set_handler(VEC, irq_count_eoi);
	lapic_enable();

	sti();
	st = uvmm_hypercall(UVMM_HC_IRQ, &irq);
	now = irq_hits;
	GUEST_ASSERT_EQ(st, UVMM_HC_OK);
	GUEST_ASSERT_EQ(now, 1);
	GUEST_ASSERT_EQ(irq_last_vector, VEC);
	report_pass(case_irq_irqchip);

}
