/* A periodic program: counts its runs in the guest's memory. */
#include <uvmm/hupcall_bpf.h>

#include "hupcall_timer_prog.h"

HUPCALL_PROG(timer)
long tick(const struct uvmm_hupcall_timer_ctx *ctx, struct ticks *t)
{
	t->count++;
	t->last_seq = ctx->h.seq;
	t->period_ns = ctx->period_ns;
	return (long)t->count;
}
