/* What the benchmark's programs and its guest share. */
#ifndef BENCH_HUPCALL_PROG_H
#define BENCH_HUPCALL_PROG_H

#include <stdint.h>

/* The question both ways: how much work is pending (one word the guest keeps). */
struct question {
	uint64_t pending;
	uint64_t asked;  /* answers given so far */
};

/* Memory discard: a 64 MiB pool above 16 MiB, bit set = page free. */
#define POOL_BASE (16ull << 20)
#define POOL_MIB 64u
#define POOL_PAGES (POOL_MIB * 256u)
#define POOL_WORDS (POOL_PAGES / 64u)

struct pool {
	uint64_t free[POOL_WORDS];
};

#endif
