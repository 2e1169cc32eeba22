/* The guest allocator's state a reclaim program reads: a pool of pages and
 * its free bitmap (bit set = page free). */
#ifndef HUPCALL_RECLAIM_PROG_H
#define HUPCALL_RECLAIM_PROG_H

#include <stdint.h>

#define POOL_BASE 0x400000ull  /* 4 MiB .. 8 MiB of guest RAM */
#define POOL_PAGES 1024u
#define POOL_WORDS (POOL_PAGES / 64)

struct pool {
	uint64_t base;
	uint64_t npages;
	uint64_t free[POOL_WORDS];
};

#endif
