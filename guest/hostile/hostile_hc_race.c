/* A second vCPU rewrites the argument block during the call (TOCTOU): the AP
 * flips the console length between 8 and 2^63 and the buffer between a valid
 * string and 2^64-8, in a tight loop, while the BSP makes 2000 calls with the
 * same block. uvmm copies the block once, so every call is either accepted
 * with exactly "ABCDEFGH" (a consistent copy) or refused (EINVAL or EFAULT);
 * it never crashes and never reads past the string. */
#include "hostile.h"
#include <uvmm/lapic.h>
#include <uvmm/smp.h>

#define CALLS 2000

EXPECT("ignore console");
EXPECT_CASE(case_ap_flipping, "ap-flipping");
EXPECT_CASE(case_every_call_ok_or_refused, "every-call-ok-or-refused");
UVMM_OPTIONS("irqchip=1 cpus=2");

static const char text[] = "ABCDEFGH";
static volatile struct uvmm_hc_console block;
static volatile int started, stop;
static volatile uint64_t flips;

static void ap_main(unsigned cpu)
{
	(void)cpu;
	__atomic_store_n(&started, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		block.len = 1ull << 63;
		block.buf = ~0ull - 7;
		block.len = 8;
		block.buf = uvmm_gpa(text);
		flips++;
	}
}

void guest_main(void)
{
	unsigned ok = 0, refused = 0;

	block.buf = uvmm_gpa(text);
	block.len = 8;
	lapic_enable();
	GUEST_ASSERT_EQ(smp_start_ap(1, ap_main), 0);
	while (!__atomic_load_n(&started, __ATOMIC_ACQUIRE))
		__asm__ volatile("pause");
	report_pass(case_ap_flipping);
	for (unsigned i = 0; i < CALLS; i++) {
		long r = uvmm_hypercall(UVMM_HC_CONSOLE, (void *)&block);

		if (r == UVMM_HC_OK)
			ok++;
		else if (r == UVMM_HC_EINVAL || r == UVMM_HC_EFAULT)
			refused++;
		else
			GUEST_ASSERT_EQ(r, UVMM_HC_OK);
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	GUEST_ASSERT_EQ(ok + refused, CALLS);
	GUEST_ASSERT_NE(flips, 0);
	report_pass(case_every_call_ok_or_refused);
}
