/* The test API's conveniences, each in use: debug prints the checker never
 * sees, a formatted run-time expectation, comparison asserts with messages
 * that hold, named cases, and the implied clean exit at the end. */
#include <uvmm/guest.h>

EXPECT("hcall expect *"); /* and what it splices in: the outb */
EXPECT_CASE(case_formatted_expect, "formatted-expect");
EXPECT_CASE(case_comparisons, "comparisons");

void guest_main(void)
{
	unsigned port = 0x80, value = 42;

	debug_printf("debug output is never checked: %u\n", value);
	GUEST_ASSERT_EQ(uvmm_expect_addf("pio.out 0x%x:1 = 0x%x", port, value), UVMM_HC_OK);
	outb((uint16_t)port, (uint8_t)value);
	report_pass(case_formatted_expect);

	debug_printf("between two checked exits\n");
	GUEST_ASSERT_LT(1, 2, "one is below two");
	GUEST_ASSERT_LE(2, 2);
	GUEST_ASSERT_GT(3, 2, "with %s", "a formatted message");
	GUEST_ASSERT_GE(3, 3);
	GUEST_ASSERT(value == 42, "value is %u", value);
	report_pass(case_comparisons);
	debug_printf("the implied end follows\n");
}
