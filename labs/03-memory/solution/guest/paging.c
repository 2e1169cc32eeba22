/* Lab 3 part A reference solution: 4-level page tables by hand, and demand
 * paging. The test (include/paging_main.h) is given. */
#include <uvmm/guest.h>
#include <uvmm/paging.h>

uint64_t alloc_frame(void);

/* Index of va at level (4: PML4 ... 1: PT). */
static unsigned idx(uint64_t va, int level)
{
	return (unsigned)(va >> (12 + 9 * (level - 1))) & 511;
}

/* The leaf entry of va, creating the tables on the way (create), or NULL. */
static uint64_t *walk(uint64_t va, int create)
{
	uint64_t *table = (uint64_t *)(uintptr_t)(read_cr3() & PTE_ADDR_MASK);

	for (int level = 4; level > 1; level--) {
		uint64_t *e = &table[idx(va, level)];

		if (!(*e & PTE_P)) {
			uint64_t pa = create ? alloc_frame() : 0;
			if (!pa)
				return NULL;
			*e = pa | PTE_P | PTE_W;
		}
		if (*e & PTE_PS)
			return NULL; /* a large page: not ours to edit */
		table = (uint64_t *)(uintptr_t)(*e & PTE_ADDR_MASK);
	}
	return &table[idx(va, 1)];
}

int map_page(uint64_t va, uint64_t pa, uint64_t flags)
{
	uint64_t *pte = walk(va, 1);

	if (!pte)
		return -1;
	*pte = (pa & PTE_ADDR_MASK) | flags | PTE_P;
	invlpg((void *)(uintptr_t)va);
	return 0;
}

void unmap_page(uint64_t va)
{
	uint64_t *pte = walk(va, 0);

	if (pte)
		*pte = 0;
	/* The TLB may still hold the old translation: drop it. */
	invlpg((void *)(uintptr_t)va);
}

/* A first touch of a page of the demand region: give it a frame. */
int demand_fault(uint64_t cr2, uint64_t error_code)
{
	uint64_t frame;

	if (error_code & PTE_P) /* present: a protection fault, not ours */
		return -1;
	frame = alloc_frame();
	if (!frame)
		return -1;
	return map_page(cr2 & ~(PAGE_SIZE - 1), frame, PTE_W);
}

#include "paging_main.h"
