/* Shared by the hupcall_guard_* tests: the paper's self-protection case. An
 * exit program (hupcall_guard_idt.bpf.c) hashes the kernel text and the IDT at
 * every exit and fails the run when either changed since registration. */
#ifndef HUPCALL_GUARD_H
#define HUPCALL_GUARD_H

#include <uvmm/guest.h>
#include <uvmm/hupcall.h>

#include "hupcall_guard_prog.h"

extern char __image_start[], __text_end[], __bss_end[];

static struct guard guard;

/* Hashes what must not change and registers the guard with a region from
 * the image start to the end of bss (text, rodata, data, the IDT, guard). */
static inline void guard_register(const struct hupcall_object *obj)
{
	struct desc_ptr idtr;
	struct uvmm_hupcall_out out;
	long st;

	sidt(&idtr);
	guard.text = uvmm_gpa(__image_start);
	guard.text_len = (uint64_t)(__text_end - __image_start);
	guard.text_hash = hupcall_hash(__image_start, guard.text_len);
	guard.idt = idtr.base;
	guard.idt_len = idtr.limit + 1u;
	guard.idt_hash = hupcall_hash((const void *)(uintptr_t)idtr.base, guard.idt_len);
	GUEST_ASSERT(idtr.base + guard.idt_len <= uvmm_gpa(__bss_end));
	st = hupcall_attach(obj, "hupcall/exit", UVMM_HUPCALL_EXIT, __image_start,
			    (uint64_t)(__bss_end - __image_start), 0, uvmm_gpa(&guard), &out);
	GUEST_ASSERT_EQ(st, UVMM_HC_OK, "%s", out.msg);
}

#endif
