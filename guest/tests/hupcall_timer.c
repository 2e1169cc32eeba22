/* The timer event: a program (hupcall_timer.bpf.c) uvmm runs every 2 ms, the
 * period the guest chose, from its timer thread. The guest spins, with no
 * exit, until the program has counted 5 runs in its memory; each run is in
 * the trace (`hupcall timer N = N`) between the registration and the
 * unregistration, and none comes after. */
#include <uvmm/guest.h>
#include <uvmm/hupcall.h>

#include "hupcall_timer_prog.h"

HUPCALL_OBJECT(timer_obj);

#define PERIOD_US 2000u

EXPECT("hcall hupcall 0x0 0x3 * * * * 0x1 0x7d0");
EXPECT("repeat 5.. {");
EXPECT("  hupcall timer * = *");
EXPECT("}");
EXPECT("hcall hupcall 0x1 0x3 0x0 0x0 0x0 0x0 0x0 0x0");
EXPECT("hcall hupcall 0x3 0x3 0x0 0x0 0x0 0x0 0x0 0x0");
EXPECT_CASE(case_ticks, "five-ticks-counted");
EXPECT_CASE(case_stopped, "no-tick-after-unregister");

static volatile struct ticks ticks;

void guest_main(void)
{
	struct uvmm_hupcall_out out;
	uint64_t n;
	long st;

	st = hupcall_attach(&timer_obj, "hupcall/timer", UVMM_HUPCALL_TIMER, (const void *)&ticks,
			    sizeof(ticks), UVMM_HUPCALL_WRITE, PERIOD_US, &out);
	GUEST_ASSERT_EQ(st, UVMM_HC_OK, "%s", out.msg);
	while (ticks.count < 5)
		__asm__ volatile("pause");
	GUEST_ASSERT_EQ(hupcall_unregister(UVMM_HUPCALL_TIMER), UVMM_HC_OK);
	n = ticks.count;
	GUEST_ASSERT_EQ(hupcall_status(UVMM_HUPCALL_TIMER, &out), UVMM_HC_OK);
	GUEST_ASSERT_EQ(out.registered, 0);
	GUEST_ASSERT_EQ(out.runs, n);
	GUEST_ASSERT_EQ(ticks.last_seq, n);
	GUEST_ASSERT_EQ(ticks.period_ns, PERIOD_US * 1000ull);
	report_pass(case_ticks);
	/* Ten periods more: nothing runs once unregistered. */
	for (uint64_t t = rdtsc(); rdtsc() - t < 100000000ull;)
		__asm__ volatile("pause");
	GUEST_ASSERT_EQ(ticks.count, n);
	report_pass(case_stopped);
}
