/* The LAPIC timer in periodic mode raises its vector once per period, all
 * inside KVM. The handler masks the LVT on the third interrupt; the timer
 * keeps counting (the current count reloads) but no fourth interrupt comes. */
#include <uvmm/guest.h>
#include <uvmm/lapic.h>

#define VEC 0x40
#define PERIOD 500000u /* bus clocks at divide 1: 500 us at KVM's 1 GHz APIC bus */
#define TICKS 3
#define RELOADS_TO_WATCH 2
#define POLLS 200000000u

EXPECT("hcall report pass \"three-ticks\"");
EXPECT("hcall report pass \"masked-silent\"");
EXPECT("pio.out 0xf4:4 = 0x0");
UVMM_OPTIONS("irqchip=1");

static volatile int ticks;
static volatile int done;

static void on_timer(struct exc_frame *f)
{
	(void)f;
	if (++ticks == TICKS) {
		lapic_timer_mask();
		done = 1;
	}
	lapic_eoi();
}

/* Counts how often the current count jumps up (a period ended), up to want. */
static int watch_reloads(int want)
{
	uint32_t prev = lapic_read(LAPIC_TIMER_CUR);
	int reloads = 0;

	for (uint32_t i = 0; i < POLLS && reloads < want; i++) {
		uint32_t cur = lapic_read(LAPIC_TIMER_CUR);

		if (cur > prev)
			reloads++;
		prev = cur;
	}
	return reloads;
}

void guest_main(void)
{
	idt_set_handler(VEC, on_timer);
	lapic_enable();
	cli();
	lapic_timer_periodic(VEC, PERIOD);
	GUEST_ASSERT_EQ(lapic_read(LAPIC_LVT_TIMER), LAPIC_TIMER_PERIODIC | VEC);
	wait_for_flag(&done);
	GUEST_ASSERT_EQ(ticks, TICKS);
	GUEST_ASSERT_EQ(lapic_read(LAPIC_LVT_TIMER), LAPIC_LVT_MASKED | LAPIC_TIMER_PERIODIC | VEC);
	test_report("three-ticks", UVMM_RESULT_PASS, NULL);

	/* IF=1 here: a fourth interrupt would be taken while we watch. */
	GUEST_ASSERT_EQ(watch_reloads(RELOADS_TO_WATCH), RELOADS_TO_WATCH);
	GUEST_ASSERT_EQ(ticks, TICKS);
	lapic_timer_stop();
	GUEST_ASSERT_EQ(lapic_read(LAPIC_TIMER_CUR), 0);
	test_report("masked-silent", UVMM_RESULT_PASS, NULL);
}
