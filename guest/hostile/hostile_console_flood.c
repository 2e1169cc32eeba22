/* Console flood: 10 MiB through the console hypercall (2560 calls of 4 KiB)
 * and 8 KiB through COM1, one OUT per byte. uvmm passes the first 1 MiB
 * to its console and drops the rest with a note; its memory stays flat
 * (tests/integration/test_hostile.sh measures VmRSS and the output size). */
#include "hostile.h"

#define CALLS 2560u
#define COM1_BYTES (8u << 10)

EXPECT("ignore console");
EXPECT_CASE(case_hypercall_flood, "hypercall-flood");
EXPECT_CASE(case_com1_flood, "com1-flood");

static char chunk[UVMM_HC_CONSOLE_MAX];

void guest_main(void)
{
	for (unsigned i = 0; i < sizeof(chunk); i++)
		chunk[i] = (i % 64 == 63) ? '\n' : (char)('a' + i % 26);
	for (unsigned i = 0; i < CALLS; i++)
		GUEST_ASSERT_EQ(console_at(uvmm_gpa(chunk), sizeof(chunk)), UVMM_HC_OK);
	report_pass(case_hypercall_flood);
	for (unsigned i = 0; i < COM1_BYTES; i++)
		outb(UVMM_COM1_PORT, (uint8_t)chunk[i % sizeof(chunk)]);
	report_pass(case_com1_flood);
}
