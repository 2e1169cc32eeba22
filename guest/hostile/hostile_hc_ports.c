/* The hypercall ports used the wrong way: IN of every width, OUT of 1 and 2
 * bytes, `rep insl` (one exit with count 4), and the unused call numbers
 * (15: a new call shortens this list).
 * Each is refused (EINVAL, or ENOSYS for unused numbers) without reading
 * guest memory, and a valid call right after works. */
#include "hostile.h"

EXPECT("repeat 3 {");
EXPECT("  hcall console !einval");
EXPECT("}");
EXPECT("hcall exit !einval");
EXPECT("hcall exit !einval");
EXPECT("hcall report !einval");
EXPECT("hcall 15 !enosys");
EXPECT("hcall console \"still fine\"");
EXPECT_CASE(case_misused_ports, "misused-ports");

static uint32_t sink[4] __attribute__((aligned(64)));

/* The numbers no call has (the EXPECT list above names each). */
static const unsigned unused[] = { 15 };
_Static_assert(UVMM_HC_COUNT == 15 && UVMM_HC_HUPCALL == 13 && UVMM_HC_IOMMU == 14,
	       "the EXPECT list and unused[] name the unused call 15");

void guest_main(void)
{
	const uint16_t base = UVMM_HC_PORT_BASE;
	static const char ok[] = "still fine";

	GUEST_ASSERT_EQ(inb(base), 0xff);
	GUEST_ASSERT_EQ(inw(base), 0xffff);
	GUEST_ASSERT_EQ(inl(base), 0xffffffffu);
	outb(base + UVMM_HC_EXIT, 0);
	outw(base + UVMM_HC_EXIT, 0);
	insl(base + UVMM_HC_REPORT, sink, 4);
	for (unsigned i = 0; i < 4; i++)
		GUEST_ASSERT_EQ(sink[i], 0xffffffffu);
	for (unsigned i = 0; i < sizeof(unused) / sizeof(unused[0]); i++) {
		uint32_t eax = 0x100000;

		__asm__ volatile("outl %0, %w1" : "+a"(eax) : "Nd"((uint16_t)(base + unused[i])) : "memory");
		GUEST_ASSERT_EQ((int32_t)eax, UVMM_HC_ENOSYS);
	}
	GUEST_ASSERT_EQ(console_at(uvmm_gpa(ok), sizeof(ok) - 1), UVMM_HC_OK);
	report_pass(case_misused_ports);
}
