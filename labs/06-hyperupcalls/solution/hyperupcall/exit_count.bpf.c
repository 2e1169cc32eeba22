/* Lab 6, Part A (reference): the exit program. uvmm runs it on every VM exit
 * of the guest that registered it, before its checker sees the exit; r1 is
 * the exit's record, r2 the region (struct exit_stats, include/exit_count.h,
 * whose contract this implements). */
#include <uvmm/hupcall_bpf.h>

#include "exit_count.h"

HUPCALL_PROG(exit)
long exit_count(const struct uvmm_hupcall_exit_ctx *ctx, struct exit_stats *s)
{
	uint64_t port = ctx->addr;

	s->exits++;
	if (port < s->lo || port > s->hi)
		return 0;
	if (ctx->kind == UVMM_EK_PIO_IN) {
		s->ins++;
		return 0;
	}
	if (ctx->kind != UVMM_EK_PIO_OUT)
		return 0;
	s->outs++;
	s->sum += ctx->value;
	s->last = ctx->value;
	/* The index comes from the guest's exit: bound it before using it.
	 * uvmm checks the store at run time anyway, but a store past the array
	 * inside the region would silently corrupt the guest's own data. */
	if (port - s->lo < WATCH_SLOTS)
		s->per_port[port - s->lo]++;
	return ctx->value > s->limit;
}
