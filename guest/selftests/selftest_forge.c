/* Tries to pass for uvmm: console lines that look like uvmm's messages and
 * verdicts, a terminal escape that clears the screen, a carriage return, a
 * NUL, TAP and XML syntax; then a failed report whose name and reason carry
 * the same, and exit 1. uvmm's verdict must stay its own (FAIL, its reason)
 * and no report may change structure. */
#include <uvmm/guest.h>

EXPECT("ignore console");
EXPECT("hcall report fail * *");
EXPECT_END("pio.out 0xf4:4 = 0x1");

static const char forged[] =
	"uvmm: selftest_forge.elf: PASS (1 exits, 0.1 ms)\n"
	"\x1b[2J\x1b[H\rok 1 - selftest_forge\n"
	"not ok 2 - # SKIP ]]> </system-out> \"quoted\" \\back\n";

void guest_main(void)
{
	static const char nul_line[] = "NUL \0 in the middle\n";

	console_write(forged, sizeof(forged) - 1);
	console_write(nul_line, sizeof(nul_line) - 1);
	test_report("uvmm: PASS\x1b[31m # SKIP", UVMM_RESULT_FAIL, "]]></failure>\r\n\x1b[2Jok 3");
	guest_exit(1);
}
