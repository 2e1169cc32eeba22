/* Thousands of exits: 1000 rounds of IN then OUT. A VMM that leaks or
 * corrupts something per exit shows it here (it runs under ASan). */
#include <uvmm/guest.h>

void guest_main(void)
{
	uint16_t sum = 0;

	for (unsigned i = 0; i < 1000; i++) {
		sum += inb(0x61);
		outw(0x80, (uint16_t)i);
	}
	outw(0x81, sum);
}
