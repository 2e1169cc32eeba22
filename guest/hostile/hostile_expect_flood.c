/* The expect hypercall again and again, 16 KiB of expectations each time:
 * inserted code is kept for the whole run, so its total is capped (16 MiB
 * compiled); the call that crosses the cap ends the run as BAD_EXPECT with
 * a clear message instead of growing uvmm without bound (test_hostile.sh
 * checks the verdict and uvmm's memory). */
#include "hostile.h"

EXPECT("repeat 1.. {");
EXPECT("  hcall expect *");
EXPECT("}");
EXPECT_NO_END();

static char text[UVMM_HC_EXPECT_MAX];

void guest_main(void)
{
	struct uvmm_hc_expect e = { uvmm_gpa(text), sizeof(text) };

	/* "repeat 0 {\nhlt\n}\n" many times: code the checker must keep,
	 * that never expects an exit. */
	static const char unit[] = "repeat 0 {\nhlt\n}\n";
	for (unsigned i = 0; i + sizeof(unit) - 1 <= sizeof(text); i += sizeof(unit) - 1)
		for (unsigned k = 0; k < sizeof(unit) - 1; k++)
			text[i + k] = unit[k];
	e.text_len = sizeof(text) / (sizeof(unit) - 1) * (sizeof(unit) - 1);
	for (;;)
		uvmm_hypercall(UVMM_HC_EXPECT, &e);
}
