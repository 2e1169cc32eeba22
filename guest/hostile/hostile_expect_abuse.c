/* The expect hypercall fed text a parser could choke on: 16 KiB (the limit)
 * of comments holding NUL bytes, 0xff, lone quotes and backslashes, then a
 * block 8 deep (the limit) built from lines that nest; the parser must take
 * both without reading past the copy, and the spliced items must then be
 * matched like any others. */
#include "hostile.h"

EXPECT("hcall expect *");
EXPECT("hcall expect *");
EXPECT_CASE(case_spliced, "spliced");

static char text[UVMM_HC_EXPECT_MAX];

/* Each block must start with an exit item: one OUT per level. */
static const char nested[] =
	"repeat 1 {\npio.out 0x80:1 = 0x1\nrepeat 1 {\npio.out 0x80:1 = 0x2\n"
	"repeat 1 {\npio.out 0x80:1 = 0x3\nrepeat 1 {\npio.out 0x80:1 = 0x4\n"
	"repeat 1 {\npio.out 0x80:1 = 0x5\nrepeat 1 {\npio.out 0x80:1 = 0x6\n"
	"repeat 1 {\npio.out 0x80:1 = 0x7\nrepeat 1 {\npio.out 0x80:1 = 0x8\n"
	"}\n}\n}\n}\n}\n}\n}\n}\n";

void guest_main(void)
{
	static const char junk[] = "# \0\xff\"\\ \x01\x7f";
	struct uvmm_hc_expect e = { uvmm_gpa(text), sizeof(text) };
	struct uvmm_hc_expect n = { uvmm_gpa(nested), sizeof(nested) - 1 };

	for (unsigned i = 0; i < sizeof(text); i++)
		text[i] = (i % 80 == 79) ? '\n' : junk[i % 80 < 2 ? i % 80 : 2 + i % (sizeof(junk) - 3)];
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_EXPECT, &e), UVMM_HC_OK);
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_EXPECT, &n), UVMM_HC_OK);
	for (unsigned v = 1; v <= 8; v++)
		outb(0x80, (uint8_t)v);
	report_pass(case_spliced);
}
