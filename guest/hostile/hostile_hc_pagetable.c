/* Hypercall buffers that point into the guest's own page tables (CR3's
 * PML4 and the page directory): that is guest RAM, so the calls are valid
 * and the VMM copies the bytes as text. Decided: uvmm never interprets guest
 * page tables and only reads what a call names, so the tables must be
 * byte-for-byte unchanged afterwards and paging must keep working. */
#include "hostile.h"

EXPECT("repeat 3 {");
EXPECT("  hcall console *");
EXPECT("}");
EXPECT_CASE(case_page_table_buffers, "page-table-buffers");
EXPECT("mmio.read 0xd0000000:4 = 0x4d4d5655");
EXPECT_CASE(case_paging_still_works, "paging-still-works");

static uint64_t sum(const uint64_t *p, unsigned n)
{
	uint64_t s = 0;

	for (unsigned i = 0; i < n; i++)
		s = s * 31 + p[i];
	return s;
}

void guest_main(void)
{
	uint64_t cr3 = read_cr3() & PTE_ADDR_MASK;
	const uint64_t *pml4 = (const uint64_t *)(uintptr_t)cr3;
	uint64_t pdpt = pml4[0] & PTE_ADDR_MASK;
	uint64_t before = sum(pml4, 512), before2 = sum((const uint64_t *)(uintptr_t)pdpt, 512);

	GUEST_ASSERT_EQ(console_at(cr3, 64), UVMM_HC_OK);
	GUEST_ASSERT_EQ(console_at(pdpt, UVMM_HC_CONSOLE_MAX), UVMM_HC_OK);
	/* The last bytes of the PML4 page and the first of the next page. */
	GUEST_ASSERT_EQ(console_at(cr3 + 4096 - 32, 64), UVMM_HC_OK);
	GUEST_ASSERT_EQ(read_cr3() & PTE_ADDR_MASK, cr3);
	GUEST_ASSERT_EQ(sum(pml4, 512), before);
	GUEST_ASSERT_EQ(sum((const uint64_t *)(uintptr_t)pdpt, 512), before2);
	report_pass(case_page_table_buffers);
	GUEST_ASSERT_EQ(mmio_read32(UVMM_TESTDEV_BASE + UVMM_TESTDEV_ID), UVMM_TESTDEV_MAGIC);
	report_pass(case_paging_still_works);
}
