/* Resident memory of this process from /proc, through descriptors opened
 * before the run: a sandboxed run may read and lseek, but not open. */
#ifndef UVMM_BENCH_BENCH_MEM_H
#define UVMM_BENCH_BENCH_MEM_H

#include <stddef.h>
#include <stdint.h>

struct bench_mem_fds {
	int status; /* /proc/self/status */
	int smaps;  /* /proc/self/smaps */
};

/* Returns 0 or -1 (then nothing is open). */
int bench_mem_open(struct bench_mem_fds *f);
void bench_mem_close(struct bench_mem_fds *f);

/* VmRSS and RssAnon (KiB), and the Rss of every mapping that overlaps
 * [base, base+len) (KiB). Returns 0 or -1. No allocation. */
int bench_mem_read(const struct bench_mem_fds *f, const void *base, size_t len, uint64_t *rss_kb,
		   uint64_t *anon_kb, uint64_t *range_kb);

#endif
