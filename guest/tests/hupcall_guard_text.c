/* Self-protection, the text half: the guard (hupcall_guard_idt.bpf.c) passes
 * an exit, then the guest patches one byte of its own code (an unused
 * function) and its next exit gets verdict 1, ending the run. */
#include "hupcall_guard.h"

HUPCALL_OBJECT(guard_obj);

EXPECT("hcall hupcall 0x0 0x0 * * * * 0x0 *");
EXPECT("hupcall exit 0 = 0x0");
EXPECT("pio.out 0x80:1 = 0x1");
EXPECT_END("hupcall exit 0 = 0x1");
UVMM_OPTIONS("mem=32M");

__attribute__((noinline, used)) void guard_victim(void)
{
	__asm__ volatile("nop");
}

void guest_main(void)
{
	guard_register(&guard_obj);
	outb(0x80, 1);
	/* Identity-mapped and writable: what a rootkit patching the kernel does. */
	*(volatile uint8_t *)(uintptr_t)guard_victim ^= 0x90;
	outb(0x80, 2);
	GUEST_ASSERT(0, "the guard let changed text pass");
}
