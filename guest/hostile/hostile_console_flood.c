/* Console flood: 10 MiB through the console hypercall (2560 calls of 4 KiB)
 * and 8 KiB through COM1, one OUT per byte. uvmm passes the first 1 MiB
 * to its console and drops the rest with a note; its memory stays flat
 * (tests/integration/test_hostile.sh measures VmRSS and the output size). */
#include "hostile.h"

#define CALLS 2560u
#define COM1_BYTES (8u << 10)

EXPECT("ignore console");
EXPECT("hcall report pass \"hypercall-flood\"");
EXPECT("hcall report pass \"com1-flood\"");
EXPECT("pio.out 0xf4:4 = 0x0");

static char chunk[UVMM_HC_CONSOLE_MAX];

void guest_main(void)
{
	for (unsigned i = 0; i < sizeof(chunk); i++)
		chunk[i] = (i % 64 == 63) ? '\n' : (char)('a' + i % 26);
	for (unsigned i = 0; i < CALLS; i++)
		GUEST_ASSERT_EQ(console_at(uvmm_gpa(chunk), sizeof(chunk)), UVMM_HC_OK);
	test_report("hypercall-flood", UVMM_RESULT_PASS, NULL);
	for (unsigned i = 0; i < COM1_BYTES; i++)
		outb(UVMM_COM1_PORT, (uint8_t)chunk[i % sizeof(chunk)]);
	test_report("com1-flood", UVMM_RESULT_PASS, NULL);
}
