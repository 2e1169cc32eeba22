/* Lab 6, Part C: four exit programs uvmm's verifier refuses (README.md).
 * Given: do not change them. guests/refuse.c registers each one and prints
 * uvmm's answer; `uvmm bpf dis` shows what clang made of them. Each would be
 * harmless in a guest's kernel; run inside the VMM it is not. */
#include <uvmm/hupcall_bpf.h>

/* A guest linked list, such as a run queue: how many waiting tasks? */
struct task {
	uint64_t next; /* guest-physical address of the next one, 0 at the end */
	uint64_t state;
};

/* loop: walks the list to its end. */
__attribute__((section("unsafe/loop"), used))
long count_waiting(const struct uvmm_hupcall_exit_ctx *ctx, const struct task *head)
{
	uint64_t waiting = 0;

	(void)ctx;
	for (const struct task *t = head; t; t = (const struct task *)t->next)
		waiting += t->state == 1;
	return waiting > 100;
}

/* helper: gives a page back to the host at every HLT. */
__attribute__((section("unsafe/helper"), used))
long free_on_halt(const struct uvmm_hupcall_exit_ctx *ctx, const void *region)
{
	if (ctx->kind == UVMM_EK_HLT)
		hu_discard((uint64_t)region, 4096);
	return 0;
}

/* stack: peeks above its own stack frame, where a native caller's data is. */
__attribute__((section("unsafe/stack"), used))
long peek_caller(const struct uvmm_hupcall_exit_ctx *ctx)
{
	uint64_t above;

	if (ctx->kind != UVMM_EK_PIO_OUT)
		return 0;
	asm volatile("%0 = *(u64 *)(r10 + 8)" : "=r"(above));
	return above == 0x5a5a5a5a;
}

/* r10: moves its frame pointer, to use more stack than it was given. */
__attribute__((section("unsafe/r10"), used))
long grow_frame(const struct uvmm_hupcall_exit_ctx *ctx)
{
	if (ctx->kind != UVMM_EK_PIO_OUT)
		return 0;
	asm volatile("r10 += -1024" ::: "memory");
	return 0;
}
