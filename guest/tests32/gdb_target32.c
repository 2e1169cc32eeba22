/* For the gdb stub's tests, not a suite test: a 32-bit protected-mode guest
 * (paging off: kvm_pvm cannot enable 32-bit paging, guest/deviations.txt)
 * that counts in tick() like the 64-bit target, for gdb's i386 registers. */
#include <uvmm/guest.h>

UVMM_OPTIONS("mode=prot32");
EXPECT("pio.out 0x80:4 = 0x1");
EXPECT("pio.out 0x80:4 = 0x3");
EXPECT("pio.out 0x80:4 = 0x6");

volatile uint32_t counter;

__attribute__((noinline)) void tick(unsigned round)
{
	counter += round; /* LINE_TICK32 */
}

void guest_main(void)
{
	for (unsigned round = 1; round <= 3; round++) {
		tick(round);
		outl(0x80, counter);
	}
}
