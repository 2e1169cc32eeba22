/* The LAPIC timer in TSC-deadline mode: the deadline is MSR 0x6e0, written
 * and read inside KVM (no MSR exit). The interrupt comes once the TSC passes
 * the deadline, and the MSR reads 0 after it fired (SDM 10.5.4.1). */
#include <uvmm/guest.h>
#include <uvmm/lapic.h>

#define VEC 0x40
/* The armed-state checks run with a deadline that cannot pass while they
 * run at any host speed (2^40 TSC cycles: minutes at any TSC rate; once
 * passed, the MSR would read 0); then the deadline is moved close (~1 ms at
 * 2.6 GHz), which is what must fire. A near deadline for the checks failed
 * nested under load: 26M cycles went by between the write and the read. */
#define FAR (1ull << 40)
#define NEAR 2600000ull

EXPECT_CASE(case_deadline_armed, "deadline-armed");
EXPECT_CASE(case_deadline_fired, "deadline-fired");
UVMM_OPTIONS("irqchip=1");

static volatile int fired;
static volatile uint64_t tsc_at_irq;

static void on_timer(struct exc_frame *f)
{
	(void)f;
	tsc_at_irq = rdtsc();
	fired++;
	lapic_eoi();
}

void guest_main(void)
{
	uint64_t deadline;

	/* uvmm announces TSC-deadline when KVM has KVM_CAP_TSC_DEADLINE_TIMER;
	 * elsewhere (QEMU TCG, older machines) the CPU decides. */
	if (!(cpuid(1, 0).ecx & (1u << 24)) && !uvmm_present())
		guest_skip("this CPU has no TSC-deadline timer (CPUID.1:ECX[24])");
	GUEST_ASSERT(cpuid(1, 0).ecx & (1u << 24));
	idt_set_handler(VEC, on_timer);
	lapic_enable();
	cli();
	deadline = rdtsc() + FAR;
	lapic_timer_tsc_deadline(VEC, deadline);
	GUEST_ASSERT_EQ(lapic_read(LAPIC_LVT_TIMER), LAPIC_TIMER_TSC_DEADLINE | VEC);
	GUEST_ASSERT_EQ(rdmsr(X86_MSR_TSC_DEADLINE), deadline);
	/* Initial-count writes are ignored in this mode. */
	GUEST_ASSERT_EQ(lapic_read(LAPIC_TIMER_CUR), 0);
	report_pass(case_deadline_armed);

	/* A new write moves the deadline (SDM 10.5.4.1). */
	deadline = rdtsc() + NEAR;
	wrmsr(X86_MSR_TSC_DEADLINE, deadline);

	wait_for_flag(&fired);
	GUEST_ASSERT_EQ(fired, 1);
	GUEST_ASSERT(tsc_at_irq >= deadline);
	GUEST_ASSERT_EQ(rdmsr(X86_MSR_TSC_DEADLINE), 0);
	report_pass(case_deadline_fired);
}
