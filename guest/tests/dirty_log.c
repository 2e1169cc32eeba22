/* KVM_GET_DIRTY_LOG through the dirty_log call on a 64 KiB slot added with
 * LOG_DIRTY: written pages (and only those: a read does not dirty) show up,
 * and fetching the log clears it. */
#include <uvmm/guest.h>

#define SLOT 1
#define SLOT_GPA 0x40000000ull /* above the default 16 MiB of RAM */
#define SLOT_SIZE 0x10000ull
#define PAGE 4096u

EXPECT("hcall memslot 0 1 0x40000000 0x10000 0x2");
EXPECT("hcall dirty_log 1 * 8");
EXPECT_CASE(case_clean, "clean");
EXPECT("hcall dirty_log 1 * 8");
EXPECT_CASE(case_pages_1_3_7, "pages-1-3-7");
EXPECT("hcall dirty_log 1 * 8");
EXPECT_CASE(case_page_2_only, "page-2-only");
EXPECT("hcall dirty_log 1 * 8");
EXPECT_CASE(case_clean_again, "clean-again");
EXPECT("hcall memslot 1 1 0x40000000 0x10000 0x2");

static uint64_t bitmap;

static uint64_t fetch_log(void)
{
	struct uvmm_hc_dirty_log d = { .slot = SLOT, .bitmap = uvmm_gpa(&bitmap),
				       .bitmap_len = sizeof(bitmap) };

	bitmap = ~0ull;
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_DIRTY_LOG, &d), UVMM_HC_OK);
	return bitmap;
}

static volatile uint64_t *page(unsigned n)
{
	return (volatile uint64_t *)(uintptr_t)(SLOT_GPA + (uint64_t)n * PAGE);
}

void guest_main(void)
{
	struct uvmm_hc_memslot add = { UVMM_SLOT_ADD, SLOT, SLOT_GPA, SLOT_SIZE, UVMM_SLOT_LOG_DIRTY };
	struct uvmm_hc_memslot del = add;
	uint64_t v;

	del.op = UVMM_SLOT_REMOVE;
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MEMSLOT, &add), UVMM_HC_OK);
	GUEST_ASSERT_EQ(fetch_log(), 0);
	report_pass(case_clean);

	*page(1) = 1;
	*page(3) = 3;
	*page(7) = 7;
	v = *page(5);
	GUEST_ASSERT_EQ(v, 0);
	GUEST_ASSERT_EQ(fetch_log(), (1u << 1) | (1u << 3) | (1u << 7));
	report_pass(case_pages_1_3_7);

	*page(2) = 2;
	GUEST_ASSERT_EQ(fetch_log(), 1u << 2);
	report_pass(case_page_2_only);

	/* The data survived, and reading it back dirties nothing. */
	GUEST_ASSERT_EQ(*page(1) + *page(2) + *page(3) + *page(7), 1 + 2 + 3 + 7);
	GUEST_ASSERT_EQ(fetch_log(), 0);
	report_pass(case_clean_again);
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MEMSLOT, &del), UVMM_HC_OK);
}
