/* The BSP starts the AP (APIC ID 1) with INIT-SIPI-SIPI through its xAPIC;
 * KVM handles all of it (no exits). The AP, in long mode on its own stack,
 * reports from its own vCPU, then sets a flag the BSP spins on without
 * exits, so the AP's report is always the first exit. */
#include <uvmm/guest.h>
#include <uvmm/lapic.h>
#include <uvmm/smp.h>

#define AP_ID 1
#define POLLS 1000000000u

EXPECT_CASE(case_ap_online, "ap-online");
EXPECT_CASE(case_smp_boot, "smp_boot");
UVMM_OPTIONS("irqchip=1 cpus=2");

static volatile int ap_done;
static volatile unsigned ap_seen_id;
static volatile uint64_t ap_cr3, ap_efer;

static void ap_main(unsigned cpu)
{
	ap_seen_id = cpu;
	ap_cr3 = read_cr3();
	ap_efer = rdmsr(X86_MSR_EFER);
	report_pass(case_ap_online);
	__atomic_store_n(&ap_done, 1, __ATOMIC_RELEASE);
}

void guest_main(void)
{
	uint32_t i;

	GUEST_ASSERT_EQ(lapic_id(), 0);
	GUEST_ASSERT_EQ(smp_start_ap(AP_ID, ap_main), 0);
	for (i = 0; i < POLLS && !__atomic_load_n(&ap_done, __ATOMIC_ACQUIRE); i++)
		__asm__ volatile("pause");
	GUEST_ASSERT_EQ(ap_done, 1);
	GUEST_ASSERT_EQ(ap_seen_id, AP_ID);
	GUEST_ASSERT_EQ(ap_cr3, read_cr3());
	GUEST_ASSERT(ap_efer & X86_EFER_LMA);
	report_pass(case_smp_boot);
}
