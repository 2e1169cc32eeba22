/* A triple fault: with an empty IDT (limit 0) a #UD cannot be delivered,
 * nor the #GP that follows, nor the #DF: the CPU shuts down and KVM exits
 * with KVM_EXIT_SHUTDOWN, which ends the run. */
#include <uvmm/guest.h>

EXPECT_CASE(case_empty_idt_loaded, "empty-idt-loaded");
EXPECT_END("shutdown");

void guest_main(void)
{
	struct desc_ptr empty = { .limit = 0, .base = 0 }, now;

	lidt(&empty);
	sidt(&now);
	GUEST_ASSERT_EQ(now.limit, 0);
	report_pass(case_empty_idt_loaded);
	__asm__ volatile("ud2");
	/* Not reached: the expectations end with the shutdown. */
	GUEST_ASSERT(0);
}
