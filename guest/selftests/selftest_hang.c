/* Harness self-test, not part of the suite: spins forever without a single
 * exit, so only the watchdog (signal + immediate_exit) can end the run. */
#include <uvmm/guest.h>

EXPECT("pio.out 0x80:1 = 0x1");
EXPECT_NO_END(); /* the run must not end by itself */

void guest_main(void)
{
	outb(0x80, 1);
	for (;;)
		__asm__ volatile("pause");
}
