/* An endless loop with interrupts off and no exits at all. It cannot PASS:
 * the verdict it must get is TIMEOUT, with the last exit and the registers,
 * and the VMM must stop it at its time limit (tests/integration/test_hostile.sh
 * runs it with --timeout 1; it is not in the suite). */
#include "hostile.h"

EXPECT_CASE(case_spinning, "spinning");
EXPECT_NO_END(); /* the run must not end by itself */

void guest_main(void)
{
	report_pass(case_spinning);
	cli();
	for (;;)
		__asm__ volatile("" : : : "memory");
}
