/* 4-level page tables of a 64-bit guest: walk the identity map the boot stub
 * built (0..4 GiB, 2 MiB pages), split 2 MiB pages, map/unmap 4 KiB pages. */
#ifndef UVMM_PAGING_H
#define UVMM_PAGING_H

#include <stdint.h>

#define PTE_P (1ull << 0)
#define PTE_W (1ull << 1)
#define PTE_U (1ull << 2)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_A (1ull << 5)
#define PTE_D (1ull << 6)
#define PTE_PS (1ull << 7)
#define PTE_NX (1ull << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000ull

#define PAGE_SIZE 4096ull
#define LARGE_PAGE_SIZE (2ull << 20)

/* Leaf entry that maps va and its level (1 = 4 KiB PTE, 2 = 2 MiB PDE,
 * 3 = 1 GiB PDPTE), or NULL when a level on the way is not present; then
 * *level says where the walk stopped. Tables are reached through the identity map. */
uint64_t *pt_walk(uint64_t va, int *level);

/* Replaces the 2 MiB page holding va by a page table of 512 4 KiB pages with
 * the same frames and flags. 0, or -1 when va is not in a 2 MiB page or the
 * runtime's pool of page tables is used up. Already split: 0. */
int pt_split_2m(uint64_t va);

/* Maps the 4 KiB page at va to pa with flags (PTE_P added), splitting as
 * needed, then invlpg. 0 or -1. */
int pt_map_4k(uint64_t va, uint64_t pa, uint64_t flags);

/* Clears the 4 KiB mapping of va (splitting first), then invlpg. 0 or -1. */
int pt_unmap_4k(uint64_t va);

#endif
