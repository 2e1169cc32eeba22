/* For the gdb stub's tests, not a suite test: two vCPUs (two gdb threads)
 * each count in their own function, so a breakpoint, a backtrace and the
 * registers differ per thread. The BSP waits for the AP without exits. */
#include <uvmm/guest.h>
#include <uvmm/smp.h>

EXPECT("hcall report pass \"ap-counted\"");
EXPECT("hcall report pass \"bsp-counted\"");
UVMM_OPTIONS("irqchip=1 cpus=2");

#define ROUNDS 1000u

volatile uint64_t ap_count, bsp_count;
static volatile int ap_done;

__attribute__((noinline)) void ap_step(void)
{
	ap_count++; /* LINE_AP_STEP */
}

__attribute__((noinline)) void bsp_step(void)
{
	bsp_count++; /* LINE_BSP_STEP */
}

static void ap_main(unsigned cpu)
{
	(void)cpu;
	for (unsigned i = 0; i < ROUNDS; i++)
		ap_step();
	test_report("ap-counted", ap_count == ROUNDS ? UVMM_RESULT_PASS : UVMM_RESULT_FAIL, NULL);
	__atomic_store_n(&ap_done, 1, __ATOMIC_RELEASE);
}

void guest_main(void)
{
	GUEST_ASSERT_EQ(smp_start_ap(1, ap_main), 0);
	for (unsigned i = 0; i < ROUNDS; i++)
		bsp_step();
	while (!__atomic_load_n(&ap_done, __ATOMIC_ACQUIRE))
		__asm__ volatile("pause");
	test_report("bsp-counted", bsp_count == ROUNDS ? UVMM_RESULT_PASS : UVMM_RESULT_FAIL, NULL);
}
