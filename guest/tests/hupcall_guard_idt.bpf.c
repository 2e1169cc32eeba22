/* The guard: at every exit, the kernel text and the IDT hash as they did at
 * registration (uvmm's hash helper reads them through the region window). */
#include <uvmm/hupcall_bpf.h>

#include "hupcall_guard_prog.h"

HUPCALL_PROG(exit)
long guard_exit(const struct uvmm_hupcall_exit_ctx *ctx, void *region, uint64_t len,
		const struct guard *g)
{
	(void)ctx;
	(void)region;
	(void)len;
	if (hu_hash((const void *)g->text, g->text_len) != g->text_hash)
		return GUARD_TEXT_CHANGED;
	if (hu_hash((const void *)g->idt, g->idt_len) != g->idt_hash)
		return GUARD_IDT_CHANGED;
	return 0;
}
