/* The benchmark's programs: the question answered in uvmm, and the free
 * pages of the pool named for reclaim (the walk unrolled: 256 words). */
#include <uvmm/hupcall_bpf.h>

#include "bench_hupcall_prog.h"

HUPCALL_PROG(timer)
long answer(const struct uvmm_hupcall_timer_ctx *ctx, struct question *q)
{
	(void)ctx;
	q->asked++;
	return (long)q->pending;
}

HUPCALL_PROG(reclaim)
long reclaim(const struct uvmm_hupcall_reclaim_ctx *ctx, const struct pool *p)
{
	(void)ctx;
#pragma clang loop unroll(full)
	for (unsigned i = 0; i < POOL_WORDS; i++)
		if (p->free[i])
			hu_discard_mask(POOL_BASE + i * 64ull * 4096ull, p->free[i]);
	return 0;
}
