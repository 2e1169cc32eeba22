/* With the in-kernel irqchip HLT never reaches user space: the LAPIC timer
 * (one-shot, divide 1) wakes the halted vCPU inside KVM. The only exits are
 * the report and the end. */
#include <uvmm/guest.h>
#include <uvmm/lapic.h>

#define VEC 0x40
#define COUNT 50000 /* bus clocks; KVM's APIC bus runs at 1 GHz: 50 us */

EXPECT_CASE(case_hlt_irqchip_timer, "hlt_irqchip_timer");
UVMM_OPTIONS("irqchip=1");

static volatile int fired;

static void on_timer(struct exc_frame *f)
{
	(void)f;
	fired++;
	lapic_eoi();
}

void guest_main(void)
{
	idt_set_handler(VEC, on_timer);
	lapic_enable();
	cli();
	lapic_timer_oneshot(VEC, COUNT);
	wait_for_flag(&fired);
	GUEST_ASSERT_EQ(fired, 1);
	/* One-shot: the count ran out and stays at 0. */
	GUEST_ASSERT_EQ(lapic_read(LAPIC_TIMER_CUR), 0);
	report_pass(case_hlt_irqchip_timer);
}
