/* A comparison assert with a formatted message fails: the log shows the
 * expression, the message and both values. */
#include <uvmm/guest.h>

EXPECT("hcall assert * * \"used < limit: slot 7 is full\" 0x5 0x3");
EXPECT_END("pio.out 0xf4:4 = 0x1");

void guest_main(void)
{
	unsigned used = 5, limit = 3, slot = 7;

	GUEST_ASSERT_LT(used, limit, "slot %u is full", slot);
}
