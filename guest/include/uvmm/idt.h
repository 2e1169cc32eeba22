/* 64-bit IDT: every vector has a stub; vectors without a handler report
 * vector, error code, RIP and CR2 through the EXCEPTION hypercall and exit 1. */
#ifndef UVMM_IDT_H
#define UVMM_IDT_H

#include <stdint.h>

#include "abi.h"

/* The stack as the common stub leaves it; a handler may change any field
 * (e.g. rip to resume elsewhere) and the stub's IRETQ uses the new values. */
struct exc_frame {
	uint64_t cr2;
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rdi, rsi, rbp, rbx, rdx, rcx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

/* The VMM reads this frame (abi.h struct uvmm_exc_frame): same layout. */
_Static_assert(sizeof(struct exc_frame) == sizeof(struct uvmm_exc_frame), "exc_frame layout");
_Static_assert(__builtin_offsetof(struct exc_frame, rip) ==
	       __builtin_offsetof(struct uvmm_exc_frame, rip), "exc_frame layout");
_Static_assert(__builtin_offsetof(struct exc_frame, rax) ==
	       __builtin_offsetof(struct uvmm_exc_frame, rax), "exc_frame layout");

typedef void (*exc_handler_t)(struct exc_frame *f);

#define X86_VEC_DE 0
#define X86_VEC_DB 1
#define X86_VEC_BP 3
#define X86_VEC_UD 6
#define X86_VEC_DF 8
#define X86_VEC_GP 13
#define X86_VEC_PF 14

/* Fills all 256 gates and loads the IDT; the runtime does this before guest_main. */
void idt_init(void);
/* Installs h for vector (NULL restores the default report-and-exit). */
void idt_set_handler(unsigned vector, exc_handler_t h);
/* Sets the gate's DPL: 3 lets `int vector` in from CPL 3 (0, the default, #GPs). */
void idt_set_dpl(unsigned vector, unsigned dpl);
/* Called by the assembly stubs. */
void idt_dispatch(struct exc_frame *f);

/* One wait for an interrupt: `sti; hlt; cli`, entered and left with IF=0.
 * STI's one-instruction shadow means an interrupt pending at the STI is taken
 * after the HLT, so a check of a flag under IF=0 followed by this never
 * sleeps past the interrupt that set it. An interrupt delivered inside the
 * shadow (at the HLT itself) breaks that: idt_dispatch reports it as the
 * failure "sti-shadow" and the guest exits 1 rather than sleep for good. */
void irq_wait_once(void);

/* A handler that counts: irq_hits is incremented and irq_last_vector set for
 * every interrupt it takes (no EOI: for injection without an irqchip;
 * lapic.h has irq_count_eoi for interrupts through the LAPIC). */
extern volatile int irq_hits;
extern volatile uint64_t irq_last_vector;
void irq_count(struct exc_frame *f);

#endif
