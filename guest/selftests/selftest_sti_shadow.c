/* Harness self-test, not part of the suite: the runtime's STI-shadow check
 * must catch an interrupt whose return RIP is the HLT of irq_wait_once().
 * No CPU can be made to do that on purpose, so the frame such a delivery
 * would push is handed to idt_dispatch() as the interrupt stub would. */
#include <uvmm/guest.h>

extern const char irq_wait_hlt[];

EXPECT("hcall report fail \"sti-shadow\" *");
EXPECT_END("pio.out 0xf4:4 = 0x1");

static void never(struct exc_frame *f)
{
	(void)f;
	test_report("handler-ran", UVMM_RESULT_FAIL, "the check let the interrupt through");
}

void guest_main(void)
{
	struct exc_frame f = { .vector = 0x41, .rip = (uintptr_t)irq_wait_hlt, .cs = 0x08 };

	idt_set_handler(0x41, never);
	idt_dispatch(&f);
	test_report("after-dispatch", UVMM_RESULT_FAIL, "idt_dispatch returned");
}
