/* The tutorial's hyperupcall (docs/hyperupcalls.md): at every exit, uvmm
 * runs this before its checker; it counts the guest's OUTs to port 0x80 in
 * the guest's own counter and fails the run (r0 = 1) past the limit. */
#include <uvmm/hupcall_bpf.h>

#include "hupcall_count_prog.h"

HUPCALL_PROG(exit)
long count_out(const struct uvmm_hupcall_exit_ctx *ctx, struct counter *c)
{
	if (ctx->kind != UVMM_EK_PIO_OUT || ctx->addr != COUNT_PORT)
		return 0;
	c->writes++;
	c->last = ctx->value;
	return ctx->value > c->limit;
}
