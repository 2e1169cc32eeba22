/* Dirty-log requests that would make the VMM write a bitmap where it must
 * not: slot 0 (RAM), an unknown slot, a slot without dirty logging, a buffer
 * past RAM, one that wraps past 2^64, one straddling the end of RAM, a
 * length too short, a length of 2^64-1 with a valid buffer (only the needed
 * bytes are written: the guard after them survives). */
#include "hostile.h"

#define GPA 0x40000000ull

EXPECT("hcall memslot 0x0 0x1 0x40000000 0x10000 0x2");
EXPECT("hcall memslot 0x0 0x2 0x50000000 0x1000 0x0");
EXPECT("repeat 4 {");
EXPECT("  hcall dirty_log !einval");
EXPECT("}");
EXPECT("repeat 3 {");
EXPECT("  hcall dirty_log !efault");
EXPECT("}");
EXPECT("hcall dirty_log 0x1 * 0xffffffffffffffff");
EXPECT_CASE(case_hostile_dirty_log, "hostile-dirty-log");

static uint64_t bitmap[2];

void guest_main(void)
{
	struct uvmm_hc_memslot a = { UVMM_SLOT_ADD, 1, GPA, 0x10000, UVMM_SLOT_LOG_DIRTY };
	struct uvmm_hc_memslot b = { UVMM_SLOT_ADD, 2, 0x50000000, 0x1000, 0 };
	uint64_t top = ram_size();
	const struct uvmm_hc_dirty_log einval[] = {
		{ 0, uvmm_gpa(bitmap), 8 }, { 9, uvmm_gpa(bitmap), 8 }, { 2, uvmm_gpa(bitmap), 8 },
		{ 1, uvmm_gpa(bitmap), 0 },
	};
	const struct uvmm_hc_dirty_log efault[] = {
		{ 1, top, 8 }, { 1, ~0ull - 3, 8 }, { 1, top - 4, 8 },
	};
	struct uvmm_hc_dirty_log huge = { 1, uvmm_gpa(bitmap), ~0ull };

	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MEMSLOT, &a), UVMM_HC_OK);
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MEMSLOT, &b), UVMM_HC_OK);
	for (unsigned i = 0; i < 4; i++) {
		struct uvmm_hc_dirty_log d = einval[i];
		GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_DIRTY_LOG, &d), UVMM_HC_EINVAL);
	}
	for (unsigned i = 0; i < 3; i++) {
		struct uvmm_hc_dirty_log d = efault[i];
		GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_DIRTY_LOG, &d), UVMM_HC_EFAULT);
	}
	bitmap[1] = 0x5a5a5a5a5a5a5a5aull;
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_DIRTY_LOG, &huge), UVMM_HC_OK);
	GUEST_ASSERT_EQ(bitmap[1], 0x5a5a5a5a5a5a5a5aull);
	report_pass(case_hostile_dirty_log);
}
