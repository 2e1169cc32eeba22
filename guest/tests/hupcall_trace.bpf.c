/* Tracing (hyperupcalls paper): every exit appends a record to the guest's
 * ring, from uvmm, without entering the guest. */
#include <uvmm/hupcall_bpf.h>

#include "hupcall_trace_prog.h"

HUPCALL_PROG(exit)
long trace_exit(const struct uvmm_hupcall_exit_ctx *ctx, struct trace_ring *ring)
{
	struct trace_rec *r = &ring->rec[ring->head & (TRACE_SLOTS - 1)];

	r->seq = ctx->h.seq;
	r->kind = ctx->kind;
	r->addr = ctx->addr;
	r->value = ctx->value;
	r->now_ns = hu_now_ns();
	ring->head++;
	return 0;
}
