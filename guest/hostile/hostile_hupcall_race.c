/* Two vCPUs against the registry. First the program changes under the
 * registration (TOCTOU): vCPU 1 flips its first slot between `mov r0, 0` and
 * `ja -1` while vCPU 0 registers it as an exit program 20 times; uvmm copies
 * it once and verifies the copy, so each registration is refused (the loop)
 * or accepted, and an accepted program runs as verified (r0 = 0, never the
 * loop). Then both vCPUs register and unregister the same event as fast as
 * they can: every call is OK, EBUSY or ENOENT, until the run's cap of 64
 * registrations is used up (ENOSPC): the VMM's memory stays bounded. */
#include <uvmm/lapic.h>
#include <uvmm/smp.h>

#include "hostile_hupcall.h"

#define TOCTOU_TRIES 20

EXPECT("ignore hcall");
EXPECT("ignore hupcall");
EXPECT("ignore pio");
EXPECT_CASE(case_toctou, "program-copied-once");
EXPECT_CASE(case_race, "registrations-race-to-the-cap");
UVMM_OPTIONS("irqchip=1 cpus=2");

static volatile uint64_t flip_prog[2] = { MOV_K(0, 0), EXIT };
static const uint64_t ok_prog[] = { MOV_K(0, 0), EXIT };
static uint8_t region[64];
static volatile int phase, ap_done;
static volatile uint64_t flips;
static unsigned ok[2], busy[2], noent[2];

static long reg(unsigned event, const volatile uint64_t *p)
{
	struct uvmm_hupcall_out out;

	return hupcall_reg_raw(event, (const uint64_t *)p, 2, uvmm_gpa(region), sizeof(region), 0, 0, &out);
}

/* Registers and unregisters until the cap; counts what it got. */
static void churn(unsigned cpu)
{
	for (;;) {
		long st = reg(UVMM_HUPCALL_IRQ_TARGET, ok_prog);

		if (st == UVMM_HC_ENOSPC)
			return;
		if (st == UVMM_HC_OK)
			ok[cpu]++;
		else if (st == UVMM_HC_EBUSY)
			busy[cpu]++;
		else
			GUEST_ASSERT_EQ(st, UVMM_HC_OK, "vcpu %u", cpu);
		st = hupcall_unregister(UVMM_HUPCALL_IRQ_TARGET);
		if (st == UVMM_HC_ENOENT)
			noent[cpu]++;
		else
			GUEST_ASSERT_EQ(st, UVMM_HC_OK, "vcpu %u", cpu);
	}
}

static void ap_main(unsigned cpu)
{
	(void)cpu;
	phase = 1;
	while (phase == 1) {
		flip_prog[0] = JA(-1);
		flip_prog[0] = MOV_K(0, 0);
		flips++;
	}
	churn(1);
	ap_done = 1;
}

void guest_main(void)
{
	struct uvmm_hupcall_out out;
	unsigned accepted = 0, refused = 0;

	lapic_enable();
	GUEST_ASSERT_EQ(smp_start_ap(1, ap_main), 0);
	while (phase != 1)
		__asm__ volatile("pause");
	for (unsigned i = 0; i < TOCTOU_TRIES; i++) {
		long st = reg(UVMM_HUPCALL_EXIT, flip_prog);

		if (st == UVMM_HC_EACCES) {
			refused++;
			continue;
		}
		GUEST_ASSERT_EQ(st, UVMM_HC_OK);
		accepted++;
		outb(0x80, 1); /* judged by the program as it was verified */
		GUEST_ASSERT_EQ(hupcall_status(UVMM_HUPCALL_EXIT, &out), UVMM_HC_OK);
		GUEST_ASSERT_EQ(out.runs, 1);
		GUEST_ASSERT_EQ(out.run_error, UVMM_HUPCALL_RUN_OK, "%s", out.msg);
		GUEST_ASSERT_EQ(out.r0, 0);
		GUEST_ASSERT_EQ(hupcall_unregister(UVMM_HUPCALL_EXIT), UVMM_HC_OK);
	}
	GUEST_ASSERT_EQ(accepted + refused, TOCTOU_TRIES);
	GUEST_ASSERT_NE(flips, 0);
	debug_printf("toctou: %u accepted, %u refused, %llu flips\n", accepted, refused,
		     (unsigned long long)flips);
	report_pass(case_toctou);

	phase = 2;
	churn(0);
	while (!ap_done)
		__asm__ volatile("pause");
	GUEST_ASSERT_EQ(accepted + ok[0] + ok[1], UVMM_HUPCALL_MAX_REGISTRATIONS);
	GUEST_ASSERT_EQ(reg(UVMM_HUPCALL_TIMER, ok_prog), UVMM_HC_ENOSPC);
	debug_printf("race: vcpu0 %u ok %u busy %u noent, vcpu1 %u ok %u busy %u noent\n", ok[0], busy[0],
		     noent[0], ok[1], busy[1], noent[1]);
	report_pass(case_race);
}
