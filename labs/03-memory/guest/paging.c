/* Lab 3 part A: your page tables (labs/03-memory/README.md). The test is
 * given (include/paging_main.h, included at the end); it calls the three
 * functions below. Tables and pages come from alloc_frame() (a zeroed 4 KiB
 * frame, guest-physical = virtual in the boot identity map). */
#include <uvmm/guest.h>
#include <uvmm/paging.h>

uint64_t alloc_frame(void);

/* Map the 4 KiB page at va to frame pa with flags (PTE_W, PTE_U, ...; add
 * PTE_P), building the missing tables of the 4-level walk from CR3.
 * Return 0, or -1 when it cannot. */
int map_page(uint64_t va, uint64_t pa, uint64_t flags)
{
	(void)va;
	(void)pa;
	(void)flags;
	return -1; /* TODO */
}

/* Remove the mapping of va; the next access to it must fault. */
void unmap_page(uint64_t va)
{
	(void)va; /* TODO */
}

/* A #PF at cr2 inside the demand region: map a fresh frame there and return
 * 0 (the access is retried), or -1 (the test fails). */
int demand_fault(uint64_t cr2, uint64_t error_code)
{
	(void)cr2;
	(void)error_code;
	return -1; /* TODO */
}

#include "paging_main.h"
