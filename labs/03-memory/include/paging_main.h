/* Lab 3 part A, given: the test of guest/paging.c (included at its end).
 * The boot stub identity-maps 0..4 GiB with 2 MiB pages; everything here is
 * above that, at PML4 entry 1 (512 GiB), where nothing is mapped until the
 * student's map_page builds the tables. Frames come from FRAME_POOL (guest-
 * physical, fixed so that the answer key never names a moving address). */
#ifndef LAB_PAGING_MAIN_H
#define LAB_PAGING_MAIN_H

#include <uvmm/guest.h>
#include <uvmm/paging.h>

#define VA_BASE 0x8000000000ull        /* PML4 entry 1: unmapped at boot */
#define VA_A (VA_BASE + 0x1000)
#define VA_B (VA_BASE + 0x40201000ull) /* another PDPT and PD entry */
#define VA_RO (VA_BASE + 0x5000)
#define DEMAND_BASE (VA_BASE + 0x80000000ull)
#define DEMAND_PAGES 16
#define FRAME_POOL 0x800000ull         /* 8 MiB: 256 frames for tables and pages */
#define FRAME_POOL_FRAMES 256

int map_page(uint64_t va, uint64_t pa, uint64_t flags);
void unmap_page(uint64_t va);
int demand_fault(uint64_t cr2, uint64_t error_code);

EXPECT_CASE(case_map, "map");
EXPECT_CASE(case_alias, "alias");
EXPECT_CASE(case_unmap, "unmap");
EXPECT_CASE(case_codes, "fault-codes");
EXPECT_CASE(case_demand, "demand");

static unsigned frames_used;

/* A zeroed 4 KiB frame (for a table or a page), or 0 when none is left. */
uint64_t alloc_frame(void)
{
	uint64_t pa;

	if (frames_used == FRAME_POOL_FRAMES)
		return 0;
	pa = FRAME_POOL + (uint64_t)frames_used++ * PAGE_SIZE;
	memset((void *)(uintptr_t)pa, 0, PAGE_SIZE);
	return pa;
}

static struct {
	unsigned faults, demand_calls;
	uint64_t cr2, error_code;
} seen;

/* Faults on the demand region go to the student's demand_fault; any other
 * #PF is recorded and the faulting access (marked with TRAP_BEGIN) skipped. */
static void pf_handler(struct exc_frame *f)
{
	if (f->cr2 >= DEMAND_BASE && f->cr2 < DEMAND_BASE + DEMAND_PAGES * PAGE_SIZE) {
		seen.demand_calls++;
		if (demand_fault(f->cr2, f->error_code) == 0)
			return; /* retry the access */
	}
	if (f->rip != f->r10) {
		uvmm_report_exception(f->vector, f->error_code, f->rip, f->cr2);
		guest_exit(1);
	}
	seen.faults++;
	seen.cr2 = f->cr2;
	seen.error_code = f->error_code;
	f->rip = f->r11;
}

#define TRY_READ(va)                                                                    \
	__asm__ volatile("leaq 1f(%%rip), %%r10\n\tleaq 2f(%%rip), %%r11\n1:\tmovq (%0), %%rax\n2:\n" \
			 : : "r"(va) : "rax", "r10", "r11", "memory")
#define TRY_WRITE(va)                                                                   \
	__asm__ volatile("leaq 1f(%%rip), %%r10\n\tleaq 2f(%%rip), %%r11\n1:\tmovq $7, (%0)\n2:\n" \
			 : : "r"(va) : "r10", "r11", "memory")

void guest_main(void)
{
	volatile uint64_t *a = (volatile uint64_t *)(uintptr_t)VA_A;
	volatile uint64_t *b = (volatile uint64_t *)(uintptr_t)VA_B;
	uint64_t t_start = rdtsc(), t0, t_demand;
	uint64_t frame = alloc_frame(), ok = 1;

	idt_set_handler(X86_VEC_PF, pf_handler);
	/* Without CR0.WP, CPL 0 writes ignore read-only pages (SDM 4.6.1). */
	write_cr0(read_cr0() | X86_CR0_WP);

	/* 1. A mapping: a store through VA_A lands in its frame. */
	if (map_page(VA_A, frame, PTE_W) == 0) {
		*a = 0x1122334455667788ull;
		if (*(volatile uint64_t *)(uintptr_t)frame == 0x1122334455667788ull)
			report_pass(case_map);
	}
	/* 2. Two virtual pages, one frame: each sees the other's stores. */
	if (map_page(VA_B, frame, PTE_W) == 0) {
		b[1] = 0xabcdull;
		if (a[1] == 0xabcdull && *b == 0x1122334455667788ull)
			report_pass(case_alias);
	}
	/* 3. Unmapped: the next access faults, at that address. */
	unmap_page(VA_A);
	TRY_READ(VA_A);
	if (seen.faults == 1 && seen.cr2 == VA_A && b[1] == 0xabcdull)
		report_pass(case_unmap);
	/* 4. The error codes: not present (read, write), then a write to a
	 * present read-only page. */
	TRY_READ(VA_BASE + 0x3000);
	ok &= seen.faults == 2 && seen.error_code == 0x0;
	TRY_WRITE(VA_BASE + 0x3000);
	ok &= seen.faults == 3 && seen.error_code == 0x2;
	if (map_page(VA_RO, alloc_frame(), 0) == 0) {
		TRY_READ(VA_RO);
		ok &= seen.faults == 3;
		TRY_WRITE(VA_RO);
		ok &= seen.faults == 4 && seen.error_code == 0x3 && seen.cr2 == VA_RO;
		if (ok)
			report_pass(case_codes);
	}
	/* 5. Demand paging: each first touch of a page faults once. */
	ok = 1;
	t0 = rdtsc();
	for (unsigned i = 0; i < DEMAND_PAGES; i++)
		*(volatile uint64_t *)(uintptr_t)(DEMAND_BASE + i * PAGE_SIZE + 8) = 100 + i;
	t_demand = rdtsc() - t0;
	for (unsigned i = 0; i < DEMAND_PAGES; i++)
		ok &= *(volatile uint64_t *)(uintptr_t)(DEMAND_BASE + i * PAGE_SIZE + 8) == 100 + i;
	if (ok && seen.demand_calls == DEMAND_PAGES && seen.faults == 4)
		report_pass(case_demand);
	/* What a first touch costs here (shadow or nested paging): part C. */
	printf("demand paging: %llu cycles per fault, from start %llu cycles\n",
	       (unsigned long long)(t_demand / DEMAND_PAGES), (unsigned long long)(rdtsc() - t_start));
}

#endif
