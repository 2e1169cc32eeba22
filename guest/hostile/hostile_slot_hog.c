/* Guest-added memslots are what a guest can make uvmm allocate beyond its
 * RAM: their total at any time is capped (UVMM_SLOTS_TOTAL_MAX). One slot of
 * the cap fits; one page more is refused (the slot numbers are free, the
 * space is not); after removing the first, the second fits. */
#include "hostile.h"

#define GPA 0x40000000ull

EXPECT("hcall memslot 0x0 0x1 0x40000000 0x4000000 0x0");
EXPECT("hcall memslot !einval");
EXPECT("hcall memslot 0x1 0x1 0x0 0x0 0x0");
EXPECT("hcall memslot 0x0 0x2 0x48000000 0x1000 0x0");
EXPECT_CASE(case_slot_total, "slot-total");

static long slot(uint64_t op, uint64_t nr, uint64_t gpa, uint64_t size)
{
	struct uvmm_hc_memslot m = { op, nr, gpa, size, 0 };

	return uvmm_hypercall(UVMM_HC_MEMSLOT, &m);
}

void guest_main(void)
{
	_Static_assert(UVMM_SLOTS_TOTAL_MAX == 0x4000000ull, "the expectations spell the cap");
	GUEST_ASSERT_EQ(slot(UVMM_SLOT_ADD, 1, GPA, UVMM_SLOTS_TOTAL_MAX), UVMM_HC_OK);
	GUEST_ASSERT_EQ(slot(UVMM_SLOT_ADD, 2, GPA + 0x8000000, 0x1000), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(slot(UVMM_SLOT_REMOVE, 1, 0, 0), UVMM_HC_OK);
	GUEST_ASSERT_EQ(slot(UVMM_SLOT_ADD, 2, GPA + 0x8000000, 0x1000), UVMM_HC_OK);
	report_pass(case_slot_total);
}
