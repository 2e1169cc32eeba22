/* Memslot requests built to overflow the VMM's range checks: gpa + size
 * wrapping past 2^64, a size of 2^64-1, slot numbers 16 and 2^64-1, an op
 * of 2^64-1, all flag bits. All EINVAL. Then 200 add/remove cycles of a
 * 64 MiB slot: every one succeeds (nothing leaks, so the host never runs out
 * of mappings or KVM slots), and the slot table stays consistent. */
#include "hostile.h"

#define GPA 0x40000000ull
#define CYCLES 200

EXPECT("repeat 7 {");
EXPECT("  hcall memslot !einval");
EXPECT("}");
EXPECT_CASE(case_overflowing_requests, "overflowing-requests");
EXPECT("repeat 200 {");
EXPECT("  hcall memslot 0x0 0x2 0x40000000 0x4000000 0x0");
EXPECT("  hcall memslot 0x1 0x2 0x40000000 0x4000000 0x0");
EXPECT("}");
EXPECT_CASE(case_add_remove_churn, "add-remove-churn");

static const struct uvmm_hc_memslot bad[] = {
	{ UVMM_SLOT_ADD, 2, 0xfffffffffffff000ull, 0x2000, 0 },
	{ UVMM_SLOT_ADD, 2, GPA, ~0ull, 0 },
	{ UVMM_SLOT_ADD, 2, GPA, 0ull - GPA, 0 },
	{ UVMM_SLOT_ADD, 16, GPA, 0x1000, 0 },
	{ UVMM_SLOT_ADD, ~0ull, GPA, 0x1000, 0 },
	{ ~0ull, 2, GPA, 0x1000, 0 },
	{ UVMM_SLOT_ADD, 2, GPA, 0x1000, ~0ull },
};

void guest_main(void)
{
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct uvmm_hc_memslot b = bad[i];

		GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MEMSLOT, &b), UVMM_HC_EINVAL);
	}
	report_pass(case_overflowing_requests);
	for (unsigned i = 0; i < CYCLES; i++) {
		struct uvmm_hc_memslot m = { UVMM_SLOT_ADD, 2, GPA, UVMM_SLOT_MAX_SIZE, 0 };

		GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MEMSLOT, &m), UVMM_HC_OK);
		m.op = UVMM_SLOT_REMOVE;
		GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MEMSLOT, &m), UVMM_HC_OK);
	}
	report_pass(case_add_remove_churn);
}
