/* Page-table edits on the running 4-level tables: the boot identity map is
 * reached through itself (table GPA == VA), split tables come from a pool. */
#include <stdint.h>
#include <uvmm/cpu.h>
#include <uvmm/paging.h>

#define PT_POOL_PAGES 16
#define PT_ENTRIES 512

static uint64_t pt_pool[PT_POOL_PAGES][PT_ENTRIES] __attribute__((aligned(4096)));
static unsigned pt_pool_used;

static unsigned index_at(uint64_t va, int level)
{
	return (unsigned)(va >> (12 + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

static uint64_t *table_of(uint64_t entry)
{
	return (uint64_t *)(uintptr_t)(entry & PTE_ADDR_MASK);
}

uint64_t *pt_walk(uint64_t va, int *level)
{
	uint64_t *table = table_of(read_cr3());
	int l;

	for (l = 4;; l--) {
		uint64_t *e = &table[index_at(va, l)];

		*level = l;
		if (!(*e & PTE_P))
			return l == 1 ? e : 0;
		if (l == 1 || (l <= 3 && (*e & PTE_PS)))
			return e;
		table = table_of(*e);
	}
}

int pt_split_2m(uint64_t va)
{
	int level;
	uint64_t *pde = pt_walk(va, &level);
	uint64_t *pt, base, flags;
	unsigned i;

	if (pde && level == 1)
		return 0;
	if (!pde || level != 2 || pt_pool_used == PT_POOL_PAGES)
		return -1;
	pt = pt_pool[pt_pool_used++];
	base = *pde & PTE_ADDR_MASK & ~(LARGE_PAGE_SIZE - 1);
	/* PS moves out; in a 2 MiB PDE bit 12 is PAT, which the boot map never sets. */
	flags = *pde & ~PTE_ADDR_MASK & ~PTE_PS;
	for (i = 0; i < PT_ENTRIES; i++)
		pt[i] = (base + i * PAGE_SIZE) | flags;
	*pde = (uint64_t)(uintptr_t)pt | PTE_P | PTE_W | (flags & (PTE_U | PTE_A));
	/* A 2 MiB translation may be cached in several TLB entries: flush all. */
	write_cr3(read_cr3());
	return 0;
}

static uint64_t *pte_for(uint64_t va)
{
	int level;
	uint64_t *e;

	if (pt_split_2m(va) != 0)
		return 0;
	e = pt_walk(va, &level);
	return e && level == 1 ? e : 0;
}

int pt_map_4k(uint64_t va, uint64_t pa, uint64_t flags)
{
	uint64_t *pte = pte_for(va);

	if (!pte)
		return -1;
	*pte = (pa & PTE_ADDR_MASK) | (flags & ~PTE_ADDR_MASK) | PTE_P;
	invlpg((const void *)(uintptr_t)va);
	return 0;
}

int pt_unmap_4k(uint64_t va)
{
	uint64_t *pte = pte_for(va);

	if (!pte)
		return -1;
	*pte = 0;
	invlpg((const void *)(uintptr_t)va);
	return 0;
}
