/* The irq call with IF=1: at the hypercall's exit KVM already reports
 * ready_for_interrupt_injection (IF=1, no STI/MOV-SS shadow), so uvmm injects
 * with KVM_INTERRUPT before re-entering and no irq_window exit happens. The
 * handler runs right after the OUT completes, before the next statement. */
#include <uvmm/guest.h>

#define VEC 0x30

EXPECT("hcall irq 0x30");
EXPECT_CASE(case_irq_inject_if1, "irq_inject_if1");
UVMM_OPTIONS("irqchip=0");

void guest_main(void)
{
	struct uvmm_hc_irq irq = { .vector = VEC };
	long st;
	int after;

	idt_set_handler(VEC, irq_count);
	sti();
	st = uvmm_hypercall(UVMM_HC_IRQ, &irq);
	after = irq_hits;
	GUEST_ASSERT_EQ(st, UVMM_HC_OK);
	GUEST_ASSERT_EQ(after, 1);
	GUEST_ASSERT_EQ(irq_last_vector, VEC);
	report_pass(case_irq_inject_if1);
}
