/* Which pages are free: the guest's own bitmap, walked by uvmm (loop-free:
 * the walk is unrolled), each word's free pages named with discard_mask. */
#include <uvmm/hupcall_bpf.h>

#include "hupcall_reclaim_prog.h"

HUPCALL_PROG(reclaim)
long reclaim(const struct uvmm_hupcall_reclaim_ctx *ctx, const struct pool *p)
{
	long n = 0;

	(void)ctx;
#pragma clang loop unroll(full)
	for (unsigned i = 0; i < POOL_WORDS; i++) {
		uint64_t w = p->free[i];

		if (w) {
			hu_discard_mask(p->base + i * 64ull * 4096ull, w);
			n += __builtin_popcountll(w);
		}
	}
	return n;
}
