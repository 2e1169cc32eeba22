/* Lab 6 hidden: a wrong exit program: it counts OUTs and INs to every port, not only lo..hi.
 * The student's guest/exit_count.c embedding it must fail. */
#include <uvmm/hupcall_bpf.h>

#include "exit_count.h"

HUPCALL_PROG(exit)
long exit_count(const struct uvmm_hupcall_exit_ctx *ctx, struct exit_stats *s)
{
	uint64_t port = ctx->addr;

	s->exits++;
	if (ctx->kind == UVMM_EK_PIO_IN) {
		s->ins++;
		return 0;
	}
	if (ctx->kind != UVMM_EK_PIO_OUT)
		return 0;
	s->outs++;
	s->sum += ctx->value;
	s->last = ctx->value;
	if (port >= s->lo && port - s->lo < WATCH_SLOTS)
		s->per_port[port - s->lo]++;
	return ctx->value > s->limit;
}
