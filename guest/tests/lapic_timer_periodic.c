/* The LAPIC timer in periodic mode raises its vector once per period, all
 * inside KVM. On the third interrupt the handler masks and stops the timer
 * before its EOI; a one-shot watchdog on another vector (the same timer,
 * reprogrammed) then proves that the stopped period leaves nothing queued
 * behind for one and a half periods more.
 * Exact at any host speed: an expiry between the third delivery and the stop
 * is latched in the IRR, which the architecture allows (nested under a loaded
 * QEMU TCG that window has exceeded the 10 ms period). The handler samples the
 * IRR after the mask and the stop, when no new expiry can latch, so the test
 * knows whether exactly one more tick is owed: it must arrive once, and
 * nothing after it. An expiry KVM kept queued past the stop would add one. */
#include <uvmm/guest.h>
#include <uvmm/lapic.h>

#define VEC 0x40
#define WATCHDOG_VEC 0x41
#define PERIOD 10000000u /* bus clocks at divide 1: 10 ms at KVM's 1 GHz APIC bus */
#define TICKS 3

EXPECT_CASE(case_three_ticks, "three-ticks");
EXPECT_CASE(case_stopped_silent, "stopped-silent");
UVMM_OPTIONS("irqchip=1");

static volatile int ticks;
static volatile int done;
static volatile int latched_after_stop;
static volatile int watchdog_fired;

static void on_timer(struct exc_frame *f)
{
	(void)f;
	if (++ticks == TICKS) {
		lapic_timer_mask();
		lapic_timer_stop();
		latched_after_stop = lapic_requested(VEC);
		done = 1;
	}
	lapic_eoi();
}

static void on_watchdog(struct exc_frame *f)
{
	(void)f;
	watchdog_fired++;
	lapic_eoi();
}

void guest_main(void)
{
	idt_set_handler(VEC, on_timer);
	idt_set_handler(WATCHDOG_VEC, on_watchdog);
	lapic_enable();
	cli();
	lapic_timer_periodic(VEC, PERIOD);
	GUEST_ASSERT_EQ(lapic_read(LAPIC_LVT_TIMER), LAPIC_TIMER_PERIODIC | VEC);
	GUEST_ASSERT_EQ(lapic_read(LAPIC_TIMER_INIT), PERIOD);
	/* IF stays clear after the third tick: a latched one waits in the IRR. */
	while (!done)
		irq_wait_once();
	GUEST_ASSERT_EQ(ticks, TICKS);
	GUEST_ASSERT_EQ(lapic_requested(VEC), latched_after_stop);
	GUEST_ASSERT_EQ(lapic_read(LAPIC_LVT_TIMER), LAPIC_LVT_MASKED | LAPIC_TIMER_PERIODIC | VEC);
	GUEST_ASSERT_EQ(lapic_read(LAPIC_TIMER_INIT), 0);
	GUEST_ASSERT_EQ(lapic_read(LAPIC_TIMER_CUR), 0);
	report_pass(case_three_ticks);

	/* IF=1 from here: the owed tick, if any, is taken at once. */
	lapic_timer_oneshot(WATCHDOG_VEC, PERIOD / 2 * 3);
	wait_for_flag(&watchdog_fired);
	GUEST_ASSERT_EQ(watchdog_fired, 1);
	GUEST_ASSERT_EQ(ticks, TICKS + latched_after_stop);
	GUEST_ASSERT(!lapic_requested(VEC));
	report_pass(case_stopped_silent);
}
