/* A RAM slot added at run time is plain memory (no exits); once removed the
 * same GPA is unbacked and a read exits as MMIO (all-ones, nothing there);
 * added again it has fresh, zeroed backing. */
#include <uvmm/guest.h>

#define SLOT 2
#define SLOT_GPA 0x40000000ull
#define SLOT_SIZE 0x4000ull

EXPECT("hcall memslot 0 2 0x40000000 0x4000 0x0");
EXPECT_CASE(case_ram, "ram");
EXPECT("hcall memslot 1 2 0x40000000 0x4000 0x0");
EXPECT("mmio.read 0x40000000:8 = 0xffffffffffffffff");
EXPECT("mmio.write 0x40003ff8:4 = 0x12345678");
EXPECT_CASE(case_removed, "removed");
EXPECT("hcall memslot 0 2 0x40000000 0x4000 0x0");
EXPECT_CASE(case_re_added, "re-added");

static volatile uint64_t *const slot_mem = (volatile uint64_t *)(uintptr_t)SLOT_GPA;
#define LAST_WORD (SLOT_SIZE / 8 - 1)

void guest_main(void)
{
	struct uvmm_hc_memslot add = { UVMM_SLOT_ADD, SLOT, SLOT_GPA, SLOT_SIZE, 0 };
	struct uvmm_hc_memslot del = add;

	del.op = UVMM_SLOT_REMOVE;
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MEMSLOT, &add), UVMM_HC_OK);
	GUEST_ASSERT_EQ(slot_mem[0], 0);
	slot_mem[0] = 0x1122334455667788ull;
	slot_mem[LAST_WORD] = 0xcafef00dull;
	GUEST_ASSERT_EQ(slot_mem[0], 0x1122334455667788ull);
	GUEST_ASSERT_EQ(slot_mem[LAST_WORD], 0xcafef00dull);
	report_pass(case_ram);

	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MEMSLOT, &del), UVMM_HC_OK);
	GUEST_ASSERT_EQ(mmio_read64(SLOT_GPA), ~0ull);
	mmio_write32(SLOT_GPA + SLOT_SIZE - 8, 0x12345678); /* dropped */
	report_pass(case_removed);

	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MEMSLOT, &add), UVMM_HC_OK);
	GUEST_ASSERT_EQ(slot_mem[0], 0);
	GUEST_ASSERT_EQ(slot_mem[LAST_WORD], 0);
	slot_mem[1] = 42;
	GUEST_ASSERT_EQ(slot_mem[1], 42);
	report_pass(case_re_added);
}
