/* A triple fault: with an empty IDT (limit 0) a #UD cannot be delivered,
 * nor the #GP that follows, nor the #DF: the CPU shuts down and KVM exits
 * with KVM_EXIT_SHUTDOWN, which ends the run. */
#include <uvmm/guest.h>

EXPECT("hcall report pass \"empty-idt-loaded\"");
EXPECT("shutdown");

void guest_main(void)
{
	struct desc_ptr empty = { .limit = 0, .base = 0 }, now;

	lidt(&empty);
	sidt(&now);
	GUEST_ASSERT_EQ(now.limit, 0);
	test_report("empty-idt-loaded", UVMM_RESULT_PASS, NULL);
	__asm__ volatile("ud2");
	/* Not reached: the expectations end with the shutdown. */
	GUEST_ASSERT(0);
}
