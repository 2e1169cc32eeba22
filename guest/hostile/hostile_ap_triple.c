/* A triple fault on the second vCPU while the BSP keeps making exits: the AP
 * loads an empty IDT and executes ud2. KVM reports KVM_EXIT_SHUTDOWN on vCPU
 * 1; uvmm must end the run there with the shutdown as the verdict, kick the
 * BSP out of KVM_RUN and join both threads (no hang, no crash). */
#include "hostile.h"
#include <uvmm/lapic.h>
#include <uvmm/smp.h>

EXPECT_CASE(case_ap_started, "ap-started");
EXPECT("repeat 0.. {");
EXPECT("  pio.out 0x80:1 = 0x1");
EXPECT("}");
EXPECT_END("shutdown");
UVMM_OPTIONS("irqchip=1 cpus=2");

static volatile int go;

static void ap_main(unsigned cpu)
{
	struct desc_ptr empty = { .limit = 0, .base = 0 };

	(void)cpu;
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		__asm__ volatile("pause");
	lidt(&empty);
	__asm__ volatile("ud2");
}

void guest_main(void)
{
	lapic_enable();
	GUEST_ASSERT_EQ(smp_start_ap(1, ap_main), 0);
	report_pass(case_ap_started);
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	for (;;)
		outb(0x80, 1);
}
