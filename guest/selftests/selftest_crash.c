/* Harness self-test, not part of the suite: a triple fault nobody declared.
 * Checked, it is a MISMATCH; with --no-check, a GUEST_CRASH. */
#include <uvmm/guest.h>

EXPECT("pio.out 0x80:1 = 0x1");
EXPECT_NO_END(); /* the run must not end by itself */

void guest_main(void)
{
	static const struct { uint16_t limit; uint64_t base; } __attribute__((packed)) empty = { 0, 0 };

	outb(0x80, 1);
	__asm__ volatile("lidt %0; int3" : : "m"(empty));
}
