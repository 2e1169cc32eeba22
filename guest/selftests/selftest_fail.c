/* Harness self-test, not part of the suite: every exit is as declared, but the
 * guest's own assertion fails, so the verdict must be GUEST_FAIL. */
#include <uvmm/guest.h>

EXPECT("hcall assert * * \"one == 2\" 0x1 0x2");
EXPECT_END("pio.out 0xf4:4 = 0x1");

void guest_main(void)
{
	volatile int one = 1;

	GUEST_ASSERT_EQ(one, 2);
}
