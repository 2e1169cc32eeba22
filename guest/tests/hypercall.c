/* Every hypercall the runtime offers, plus the three ways a call is rejected:
 * a block outside RAM, a length over the limit, a number with no call. */
#include <uvmm/guest.h>

#define RUNTIME_EXIT "pio.out 0x80:1 = 0x42\n"

EXPECT("hcall console \"console via hypercall\\n\"");
EXPECT_CASE(case_console, "console");
EXPECT("hcall report skip \"optional-feature\" \"not available here\"");
/* The next exit is spliced in at run time by the expect hypercall itself. */
EXPECT("hcall expect \"" "pio.out 0x80:1 = 0x42\\n" "\"");
EXPECT("hcall console !efault");
EXPECT("hcall console !einval");
EXPECT("hcall 15 !enosys");
EXPECT_CASE(case_rejections, "rejections");

/* Beyond any RAM uvmm gives a guest (at most 3 GiB), below 4 GiB. */
#define BAD_GPA 0xfffff000u

static char too_long[UVMM_HC_CONSOLE_MAX + 1];

void guest_main(void)
{
	static const char msg[] = "console via hypercall\n";
	struct uvmm_hc_console c = { .buf = uvmm_gpa(too_long), .len = sizeof(too_long) };
	struct uvmm_hc_exit unused = { 0 };

	GUEST_ASSERT_EQ(uvmm_console_write(msg, sizeof(msg) - 1), UVMM_HC_OK);
	GUEST_ASSERT_EQ(report_pass(case_console), UVMM_HC_OK);
	GUEST_ASSERT_EQ(test_report("optional-feature", UVMM_RESULT_SKIP, "not available here"),
			UVMM_HC_OK);

	GUEST_ASSERT_EQ(uvmm_expect_add(RUNTIME_EXIT), UVMM_HC_OK);
	outb(0x80, 0x42);

	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_CONSOLE, (void *)(uintptr_t)BAD_GPA), UVMM_HC_EFAULT);
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_CONSOLE, &c), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_PORT_COUNT - 1, &unused), UVMM_HC_ENOSYS);
	GUEST_ASSERT_EQ(report_pass(case_rejections), UVMM_HC_OK);
}
