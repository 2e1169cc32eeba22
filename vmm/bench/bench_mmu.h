/* uvmm bench --mmu: the cost of MMU operations inside a guest (CR3 switch,
 * INVLPG, PTE write, page fault, 4 KiB vs 2 MiB touches; guest/bench/bench_mmu.c)
 * on this host's KVM, as time per operation and KVM's own counters per
 * operation (exits to KVM, page faults it fixed, guest faults it reflected,
 * INVLPGs and TLB flushes it handled, instructions it emulated). The same
 * guest runs under nested paging and under shadow paging (docs/bench.md). */
#ifndef UVMM_BENCH_BENCH_MMU_H
#define UVMM_BENCH_BENCH_MMU_H

#include <stdint.h>
#include <stdio.h>

#include "bench/bench.h"

#define BENCH_MMU_OPS 6
#define BENCH_MMU_STATS 6

extern const char *const bench_mmu_op_names[BENCH_MMU_OPS];
extern const char *const bench_mmu_stat_names[BENCH_MMU_STATS];

struct bench_mmu_results {
	char host[512];
	char paging[64];            /* how KVM translates guest memory, e.g. "npt=Y" */
	uint32_t n;                 /* operations per guest run */
	unsigned reps;
	double ns_per_op[BENCH_MMU_OPS];      /* medians over the repetitions */
	double per_op[BENCH_MMU_OPS][BENCH_MMU_STATS];
	int stats_ok;               /* KVM gave binary statistics */
	int failures;               /* runs that failed or whose guest found a wrong result */
};

/* Runs image once per operation and repetition in this process (the raw
 * KVM loop: the guest's two exits cost nothing that matters here). Returns
 * the number of failed runs (also in r->failures); reasons go to log. */
int bench_mmu_measure(const char *image, uint32_t n, unsigned reps, struct bench_mmu_results *r,
		      FILE *log);
void bench_mmu_print(const struct bench_mmu_results *r, FILE *out);
/* Returns 0 or -1 (the file could not be written). */
int bench_mmu_write_json(const struct bench_mmu_results *r, const char *path);

#endif
