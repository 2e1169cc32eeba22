/* For the gdb stub's tests, not a suite test: a real-mode guest (gcc -m16,
 * segment bases 0) that counts in tick(), so gdb (architecture i8086) can
 * break, step and print in 16-bit code. */
#include <uvmm/guest.h>

UVMM_OPTIONS("mode=real");
EXPECT("pio.out 0x80:2 = 0x1");
EXPECT("pio.out 0x80:2 = 0x3");
EXPECT("pio.out 0x80:2 = 0x6");

volatile uint16_t counter;

__attribute__((noinline)) void tick(unsigned round)
{
	counter += (uint16_t)round; /* LINE_TICK16 */
}

void guest_main(void)
{
	for (unsigned round = 1; round <= 3; round++) {
		tick(round);
		outw(0x80, counter);
	}
}
