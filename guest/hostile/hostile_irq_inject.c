/* Without an in-kernel irqchip, uvmm holds one interrupt per vCPU until the
 * guest opens an interrupt window. A storm of `hcall irq` with IF=0: the
 * first is held, the next 999 are refused (EINVAL, the slot is taken),
 * vectors outside 32..255 are refused; nothing queues up without bound. On
 * STI the one held interrupt arrives, once. */
#include "hostile.h"

#define VEC 0x50

EXPECT("hcall irq 0x50");
EXPECT("repeat 999 {");
EXPECT("  hcall irq !einval");
EXPECT("}");
EXPECT("repeat 3 {");
EXPECT("  hcall irq !einval");
EXPECT("}");
EXPECT("irq_window");
EXPECT_CASE(case_one_held_interrupt, "one-held-interrupt");
UVMM_OPTIONS("irqchip=0");

static volatile unsigned got;

static void on_irq(struct exc_frame *f)
{
	(void)f;
	got++;
}

void guest_main(void)
{
	const uint64_t bad[] = { 0, 31, 256 };

	idt_set_handler(VEC, on_irq);
	cli();
	for (unsigned i = 0; i < 1000; i++) {
		struct uvmm_hc_irq q = { VEC };

		GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_IRQ, &q), i ? UVMM_HC_EINVAL : UVMM_HC_OK);
	}
	for (unsigned i = 0; i < 3; i++) {
		struct uvmm_hc_irq q = { bad[i] };

		GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_IRQ, &q), UVMM_HC_EINVAL);
	}
	GUEST_ASSERT_EQ(got, 0);
	sti();
	for (volatile int i = 0; i < 1000; i++)
		;
	cli();
	GUEST_ASSERT_EQ(got, 1);
	report_pass(case_one_held_interrupt);
}
