/* Lab 6, Part A: your exit program (README.md). uvmm runs it on every VM exit
 * of the guest that registered it, before its checker sees the exit; r1 is
 * the exit's record (struct uvmm_hupcall_exit_ctx, <uvmm/abi.h>), r2 the
 * region (struct exit_stats). Implement the contract written in
 * include/exit_count.h. No loops, no global variables, no function calls
 * but uvmm's helpers: the verifier refuses them (Part C). */
#include <uvmm/hupcall_bpf.h>

#include "exit_count.h"

HUPCALL_PROG(exit)
long exit_count(const struct uvmm_hupcall_exit_ctx *ctx, struct exit_stats *s)
{
	(void)ctx;
	(void)s;
	/* TODO: count the exit, then the watched OUTs and INs; return the verdict. */
	return 0;
}
