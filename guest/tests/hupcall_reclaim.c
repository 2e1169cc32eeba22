/* Reclaim (hyperupcalls paper: discarding free memory instead of
 * ballooning): the guest fills a 4 MiB pool, frees half of it in its own
 * bitmap and asks uvmm to reclaim. uvmm runs the guest's program
 * (hupcall_reclaim.bpf.c), which names the free pages; uvmm discards them
 * (madvise) and measures guest RAM's resident pages before and after. The
 * guest then proves that no page in use lost a byte and that every freed
 * page reads back as zero. */
#include <uvmm/guest.h>
#include <uvmm/hupcall.h>

#include "hupcall_reclaim_prog.h"

HUPCALL_OBJECT(reclaim_obj);

EXPECT("hcall hupcall 0x0 0x1 * * * * 0x0 0x0");
EXPECT("hcall hupcall 0x2 0x1 0x0 0x0 0x0 0x0 0x0 0x0");
EXPECT("hupcall reclaim 512 = 0x200");
EXPECT_CASE(case_discarded, "free-pages-discarded");
EXPECT_CASE(case_in_use_kept, "in-use-pages-kept");
EXPECT_CASE(case_zero, "freed-pages-read-zero");

/* Words written and checked per page: the first, one in the middle, the
 * last (guest code is slow under some KVMs; three words find a lost page). */
static const unsigned words[] = { 0, 255, 511 };
#define NWORDS (sizeof(words) / sizeof(words[0]))

static struct pool pool = { .base = POOL_BASE, .npages = POOL_PAGES };

static volatile uint64_t *page(unsigned i)
{
	return (volatile uint64_t *)(uintptr_t)(POOL_BASE + (uint64_t)i * 4096);
}

static uint64_t pattern(unsigned i, unsigned w)
{
	return (POOL_BASE + (uint64_t)i * 4096 + w * 8) ^ 0x5a5a5a5a00000000ull;
}

/* Odd pages of the first half and the whole last quarter: 512 pages. */
static int freed(unsigned i)
{
	return (i < POOL_PAGES / 2 && (i & 1)) || i >= POOL_PAGES * 3 / 4;
}

void guest_main(void)
{
	struct uvmm_hupcall_out out;
	unsigned nfree = 0, bad_kept = 0, bad_zero = 0;
	long st;

	for (unsigned i = 0; i < POOL_PAGES; i++)
		for (unsigned k = 0; k < NWORDS; k++)
			page(i)[words[k]] = pattern(i, words[k]);
	for (unsigned i = 0; i < POOL_PAGES; i++)
		if (freed(i)) {
			pool.free[i / 64] |= 1ull << (i % 64);
			nfree++;
		}
	GUEST_ASSERT_EQ(nfree, 512);
	st = hupcall_attach(&reclaim_obj, "hupcall/reclaim", UVMM_HUPCALL_RECLAIM, &pool, sizeof(pool),
			    0, 0, &out);
	GUEST_ASSERT_EQ(st, UVMM_HC_OK, "%s", out.msg);
	st = hupcall_trigger(UVMM_HUPCALL_RECLAIM, &out);
	GUEST_ASSERT_EQ(st, UVMM_HC_OK, "%s", out.msg);
	GUEST_ASSERT_EQ(out.run_error, UVMM_HUPCALL_RUN_OK, "%s", out.msg);
	GUEST_ASSERT_EQ(out.r0, nfree);
	GUEST_ASSERT_EQ(out.pages, nfree);
	/* Every freed page was resident (written above) and is not now. */
	GUEST_ASSERT_GE(out.resident_before, out.resident_after + nfree);
	debug_printf("reclaim: %llu pages discarded, resident %llu -> %llu pages\n",
		     (unsigned long long)out.pages, (unsigned long long)out.resident_before,
		     (unsigned long long)out.resident_after);
	report_pass(case_discarded);

	for (unsigned i = 0; i < POOL_PAGES; i++)
		for (unsigned k = 0; k < NWORDS; k++) {
			uint64_t v = page(i)[words[k]];

			if (freed(i))
				bad_zero += v != 0;
			else
				bad_kept += v != pattern(i, words[k]);
		}
	GUEST_ASSERT_EQ(bad_kept, 0);
	report_pass(case_in_use_kept);
	GUEST_ASSERT_EQ(bad_zero, 0);
	report_pass(case_zero);
}
