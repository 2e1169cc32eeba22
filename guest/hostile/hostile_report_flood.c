/* 1000 reports, more than the 256 uvmm keeps, with names and reasons of the
 * maximum length and full of bytes that need escaping in TAP, JUnit and
 * logs (quotes, backslashes, newlines, NUL, 0xff). uvmm keeps the first 256,
 * counts the rest as dropped, and its reports stay well-formed. */
#include "hostile.h"

#define REPORTS 1000

EXPECT("repeat 1000 {");
EXPECT("  hcall report skip * *");
EXPECT("}");

static char name[UVMM_HC_STRING_MAX], reason[UVMM_HC_STRING_MAX];

void guest_main(void)
{
	static const char nasty[] = "\"\\\n\r\t<&>]]>\0\xff\xfe#";

	for (unsigned i = 0; i < sizeof(name); i++) {
		name[i] = nasty[i % (sizeof(nasty) - 1)];
		reason[i] = nasty[(i + 3) % (sizeof(nasty) - 1)];
	}
	for (unsigned i = 0; i < REPORTS; i++) {
		struct uvmm_hc_report r = { uvmm_gpa(name), sizeof(name), UVMM_RESULT_SKIP,
					    uvmm_gpa(reason), sizeof(reason) };

		GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_REPORT, &r), UVMM_HC_OK);
	}
}
