/* The timer event as an upcall, the hypercall round trip hyperupcalls are
 * measured against: every 2 ms uvmm sends vector 0x60 to vCPU 0 and waits;
 * the guest's handler answers with the ANSWER hypercall, and the answer is
 * the tick's r0 (`hupcall timer N = ANSWER`, recorded right after the
 * answering exit). The guest waits in HLT between ticks. */
#include <uvmm/guest.h>
#include <uvmm/hupcall.h>
#include <uvmm/lapic.h>

#define VEC 0x60
#define PERIOD_US 2000u

EXPECT("hcall hupcall 0x0 0x3 0x0 0x0 0x0 0x0 0x6002 0x7d0");
EXPECT("repeat 3 {");
EXPECT("  hcall hupcall 0x4 0x0 0x0 0x0 0x0 0x0 0x0 *");
EXPECT("  hupcall timer * = *");
EXPECT("}");
EXPECT("hcall hupcall 0x1 0x3 0x0 0x0 0x0 0x0 0x0 0x0");
EXPECT("hcall hupcall 0x3 0x3 0x0 0x0 0x0 0x0 0x0 0x0");
EXPECT_CASE(case_answered, "three-upcalls-answered");
UVMM_OPTIONS("irqchip=1");

static volatile int answers;

/* The third answer's handler unregisters. On a slow host the fourth tick's
 * question can be out before that (its MSI pending while the handler runs
 * with IF=0): uvmm withdraws it at the unregistration, and the guest owes
 * it no answer, so a late vector is only acknowledged. */
static void on_upcall(struct exc_frame *f)
{
	(void)f;
	if (answers == 3) {
		lapic_eoi();
		return;
	}
	answers++;
	GUEST_ASSERT_EQ(hupcall_answer(0x100 + (uint64_t)answers), UVMM_HC_OK);
	if (answers == 3)
		GUEST_ASSERT_EQ(hupcall_unregister(UVMM_HUPCALL_TIMER), UVMM_HC_OK);
	lapic_eoi();
}

void guest_main(void)
{
	struct uvmm_hupcall_out out;
	long st;

	idt_set_handler(VEC, on_upcall);
	lapic_enable();
	st = hupcall_register_upcall(UVMM_HUPCALL_TIMER, VEC, PERIOD_US, &out);
	GUEST_ASSERT_EQ(st, UVMM_HC_OK, "%s", out.msg);
	cli();
	while (answers < 3)
		irq_wait_once();
	GUEST_ASSERT_EQ(hupcall_status(UVMM_HUPCALL_TIMER, &out), UVMM_HC_OK);
	GUEST_ASSERT_EQ(out.runs, 3);
	GUEST_ASSERT_EQ(out.r0, 0x103);
	GUEST_ASSERT_EQ(out.run_error, UVMM_HUPCALL_RUN_OK);
	report_pass(case_answered);
}
