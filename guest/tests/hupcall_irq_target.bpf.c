/* Where a lowest-priority MSI goes (the paper's TLB-shootdown case): not to
 * a halted vCPU, which it would have to wake, when a running vCPU the guest
 * does not call busy can take it; otherwise to the destination it named. */
#include <uvmm/hupcall_bpf.h>

#include "hupcall_irq_target_prog.h"

HUPCALL_PROG(irq_target)
long pick(const struct uvmm_hupcall_irq_ctx *ctx, const struct sched_state *s)
{
	uint32_t dest = ctx->dest;

	if (dest >= ctx->ncpus || dest >= SCHED_CPUS || ctx->halted[dest] != 1)
		return dest;
#pragma clang loop unroll(full)
	for (uint32_t i = 0; i < SCHED_CPUS; i++)
		if (i < ctx->ncpus && ctx->halted[i] == 0 && !s->busy[i])
			return i;
	return dest;
}
