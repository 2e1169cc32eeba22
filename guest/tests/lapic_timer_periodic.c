/* The LAPIC timer in periodic mode raises its vector once per period, all
 * inside KVM. On the third interrupt the handler masks and stops the timer
 * before its EOI; a one-shot watchdog on another vector then proves that no
 * fourth interrupt comes for one and a half periods more (a latched one would
 * come at once, a still running timer within one period).
 * Why it cannot race: a fourth interrupt could only be latched in the IRR by
 * an expiry between the third delivery and the stop. Nested under QEMU TCG
 * that window measured up to 1.4 ms (0.1 ms here), so the period is 10 ms.
 * The handler checks the IRR after the stop: a host too slow for this period
 * fails with that reason rather than with a wrong tick count. */
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
	wait_for_flag(&done);
	/* Non-zero: the period is too short for this host (see the top). */
	GUEST_ASSERT_EQ(latched_after_stop, 0);
	GUEST_ASSERT_EQ(ticks, TICKS);
	GUEST_ASSERT_EQ(lapic_read(LAPIC_LVT_TIMER), LAPIC_LVT_MASKED | LAPIC_TIMER_PERIODIC | VEC);
	GUEST_ASSERT_EQ(lapic_read(LAPIC_TIMER_INIT), 0);
	GUEST_ASSERT_EQ(lapic_read(LAPIC_TIMER_CUR), 0);
	report_pass(case_three_ticks);

	/* IF=1 from here: a latched fourth tick would be taken at once. */
	lapic_timer_oneshot(WATCHDOG_VEC, PERIOD / 2 * 3);
	wait_for_flag(&watchdog_fired);
	GUEST_ASSERT_EQ(watchdog_fired, 1);
	GUEST_ASSERT_EQ(ticks, TICKS);
	GUEST_ASSERT(!lapic_requested(VEC));
	report_pass(case_stopped_silent);
}
