/* The 64-bit IDT: 256 interrupt gates pointing at the stubs in idt_entry.asm,
 * a per-vector handler table, and the default report-and-exit handler. */
#include <stdint.h>
#include <uvmm/cpu.h>
#include <uvmm/hypercall.h>
#include <uvmm/idt.h>
#include <uvmm/printf.h>
#include <uvmm/result_lines.h>
#include <uvmm/test.h>

#define IDT_VECTORS 256
#define KERNEL_CS 0x08      /* the boot stub's 64-bit code segment */
#define GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate */
#define GATE_DPL_MASK 0x60

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
};

extern const uint64_t idt_stub_table[IDT_VECTORS]; /* idt_entry.asm */

static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));
static exc_handler_t handlers[IDT_VECTORS];

void idt_init(void)
{
	struct desc_ptr d = { .limit = sizeof(idt) - 1, .base = (uintptr_t)idt };
	unsigned v;

	for (v = 0; v < IDT_VECTORS; v++) {
		uint64_t a = idt_stub_table[v];

		idt[v] = (struct idt_gate){
			.offset_lo = (uint16_t)a,
			.selector = KERNEL_CS,
			.type = GATE_INTERRUPT,
			.offset_mid = (uint16_t)(a >> 16),
			.offset_hi = (uint32_t)(a >> 32),
		};
	}
	lidt(&d);
}

void idt_set_handler(unsigned vector, exc_handler_t h)
{
	if (vector < IDT_VECTORS)
		handlers[vector] = h;
}

void idt_set_dpl(unsigned vector, unsigned dpl)
{
	if (vector < IDT_VECTORS)
		idt[vector].type = (uint8_t)((idt[vector].type & ~GATE_DPL_MASK) | (dpl & 3) << 5);
}

/* An exception nobody expected: tell the VMM, then fail the run. */
static void unhandled(const struct exc_frame *f)
{
	if (uvmm_report_exception(f->vector, f->error_code, f->rip, f->cr2) != UVMM_HC_UNANSWERED)
		guest_exit(1);
	result_emit(&(struct result_event){ .kind = RESULT_EXCEPTION,
					    .v = { f->vector, f->error_code, f->rip, f->cr2 } });
	guest_exit(1);
}

__asm__(".text\n"
	".globl irq_wait_once\n"
	"irq_wait_once:\n"
	"	sti\n"
	".globl irq_wait_hlt\n"
	"irq_wait_hlt:\n"
	"	hlt\n"
	"	cli\n"
	"	ret\n");
extern const char irq_wait_hlt[];

/* Seen on nested KVM under QEMU TCG: a rare interrupt lands with RIP still at
 * the HLT. Returning there would sleep forever (a TIMEOUT that says nothing);
 * the report names what the CPU got wrong. */
static void sti_shadow_broken(const struct exc_frame *f)
{
	char why[128];

	snprintf(why, sizeof(why), "interrupt 0x%llx delivered inside the STI shadow, before the HLT at rip 0x%llx",
		 (unsigned long long)f->vector, (unsigned long long)f->rip);
	test_report("sti-shadow", UVMM_RESULT_FAIL, why);
	guest_exit(1);
}

volatile int irq_hits;
volatile uint64_t irq_last_vector;

void irq_count(struct exc_frame *f)
{
	irq_last_vector = f->vector;
	irq_hits++;
}

void idt_dispatch(struct exc_frame *f)
{
	exc_handler_t h = handlers[f->vector & (IDT_VECTORS - 1)];

	if (f->vector >= 32 && f->rip == (uintptr_t)irq_wait_hlt)
		sti_shadow_broken(f);

	if (h)
		h(f);
	else
		unhandled(f);
}
