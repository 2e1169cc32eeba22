/* Without an in-kernel irqchip uvmm injects with KVM_INTERRUPT. The irq call
 * is made with IF=0, so uvmm must ask for an interrupt window: KVM exits
 * (irq_window) once STI's shadow has passed, uvmm injects, and the handler runs
 * before the instruction after `sti; nop`. */
#include <uvmm/guest.h>

#define VEC 0x30

EXPECT("hcall irq 0x30");
EXPECT("irq_window");
EXPECT_CASE(case_irq_inject, "irq_inject");
UVMM_OPTIONS("irqchip=0");

void guest_main(void)
{
	struct uvmm_hc_irq irq = { .vector = VEC };
	int after;

	idt_set_handler(VEC, irq_count);
	cli();
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_IRQ, &irq), UVMM_HC_OK);
	GUEST_ASSERT_EQ(irq_hits, 0);
	__asm__ volatile("sti; nop" : : : "memory");
	after = irq_hits;
	GUEST_ASSERT_EQ(after, 1);
	GUEST_ASSERT_EQ(irq_last_vector, VEC);
	GUEST_ASSERT(read_flags() & X86_RFLAGS_IF);
	report_pass(case_irq_inject);
}
