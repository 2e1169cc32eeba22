/* Self-protection (hyperupcalls paper): an exit program checks at every exit
 * that the IDT and the kernel text are unchanged. Three port writes pass it
 * (each exit is preceded by the program's verdict 0); then the guest changes
 * one IDT gate (a DPL, as a rootkit hooking a vector would) and its next exit
 * gets verdict 2, which ends the run: the guest-supplied checker caught it. */
#include "hupcall_guard.h"

HUPCALL_OBJECT(guard_obj);

EXPECT("hcall hupcall 0x0 0x0 * * * * 0x0 *");
EXPECT("repeat 3 {");
EXPECT("  hupcall exit 0 = 0x0");
EXPECT("  pio.out 0x80:1 = *");
EXPECT("}");
EXPECT("hupcall exit 0 = 0x0");
EXPECT_CASE(case_unchanged, "idt-and-text-unchanged");
EXPECT_END("hupcall exit 0 = 0x2");
UVMM_OPTIONS("mem=32M");

void guest_main(void)
{
	guard_register(&guard_obj);
	for (unsigned i = 1; i <= 3; i++)
		outb(0x80, (uint8_t)i);
	report_pass(case_unchanged);
	idt_set_dpl(0x99, 3);
	outb(0x80, 0xee); /* judged before uvmm handles it: the run ends here */
	GUEST_ASSERT(0, "the guard let a changed IDT pass");
}
