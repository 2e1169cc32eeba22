/* Memslot requests uvmm must refuse with EINVAL, each after a successful
 * decode (the exit shows only the call and its status): overlaps with RAM,
 * the MMIO test device and another slot, an unaligned address or size, slot
 * 0, a slot number in use, too large, past 4 GiB, unknown flags, and
 * removing a slot that does not exist. A valid slot is added and removed
 * around them to show the refusals are specific. */
#include <uvmm/guest.h>

#define GPA 0x40000000ull
#define PAGE 0x1000ull

EXPECT("hcall memslot 0 3 0x40000000 0x1000 0x0");
EXPECT("repeat 11 {");
EXPECT("  hcall memslot !einval");
EXPECT("}");
EXPECT_CASE(case_refused, "refused");
EXPECT("hcall memslot 1 3 0x40000000 0x1000 0x0");
EXPECT("hcall memslot !einval");
EXPECT_CASE(case_remove_twice, "remove-twice");

static const struct uvmm_hc_memslot bad[] = {
	{ UVMM_SLOT_ADD, 4, 0x100000, PAGE, 0 },                     /* inside RAM */
	{ UVMM_SLOT_ADD, 4, 0xfff000, 2 * PAGE, 0 },                 /* straddles the end of RAM */
	{ UVMM_SLOT_ADD, 4, UVMM_TESTDEV_BASE, PAGE, 0 },            /* the MMIO test device */
	{ UVMM_SLOT_ADD, 4, GPA + PAGE / 2, PAGE, 0 },               /* unaligned address */
	{ UVMM_SLOT_ADD, 4, GPA + 0x10000, PAGE / 2, 0 },            /* unaligned size */
	{ UVMM_SLOT_ADD, 0, GPA + 0x10000, PAGE, 0 },                /* slot 0 is RAM */
	{ UVMM_SLOT_ADD, 3, GPA + 0x10000, PAGE, 0 },                /* slot 3 in use */
	{ UVMM_SLOT_ADD, 5, GPA, PAGE, 0 },                          /* overlaps slot 3 */
	{ UVMM_SLOT_ADD, 4, GPA, UVMM_SLOT_MAX_SIZE + PAGE, 0 },     /* too large */
	{ UVMM_SLOT_ADD, 4, 0xfffff000ull, 2 * PAGE, 0 },            /* crosses 4 GiB */
	{ UVMM_SLOT_ADD, 4, GPA + 0x10000, PAGE, 4 },                /* unknown flag */
};

void guest_main(void)
{
	struct uvmm_hc_memslot ok = { UVMM_SLOT_ADD, 3, GPA, PAGE, 0 };

	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MEMSLOT, &ok), UVMM_HC_OK);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct uvmm_hc_memslot b = bad[i];

		GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MEMSLOT, &b), UVMM_HC_EINVAL);
	}
	report_pass(case_refused);

	ok.op = UVMM_SLOT_REMOVE;
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MEMSLOT, &ok), UVMM_HC_OK);
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MEMSLOT, &ok), UVMM_HC_EINVAL);
	report_pass(case_remove_twice);
}
