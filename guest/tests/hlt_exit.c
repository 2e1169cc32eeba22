/* Without an in-kernel irqchip, HLT with IF=1 and nothing pending exits to
 * user space as `hlt`; uvmm resumes after it. Three ways to reach it: HLT in
 * STI's shadow, HLT long after STI, and HLT called through a pointer with
 * interrupts already on. Each time the code after HLT runs once and IF stays set. */
#include <uvmm/guest.h>

EXPECT("repeat 3 {");
EXPECT("  hlt");
EXPECT("}");
EXPECT_CASE(case_hlt_exit, "hlt_exit");
UVMM_OPTIONS("irqchip=0");

static volatile int resumed;

static void hlt_in_sti_shadow(void)
{
	cli();
	__asm__ volatile("sti; hlt" : : : "memory");
	resumed++;
}

static void hlt_after_sti(void)
{
	sti();
	__asm__ volatile("nop; nop; nop" : : : "memory");
	hlt();
	resumed++;
}

static void hlt_plain(void)
{
	hlt();
	resumed++;
}

static void (*const paths[])(void) = { hlt_in_sti_shadow, hlt_after_sti, hlt_plain };

void guest_main(void)
{
	for (unsigned i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		paths[i]();
		GUEST_ASSERT_EQ(resumed, i + 1);
		GUEST_ASSERT(read_flags() & X86_RFLAGS_IF);
	}
	report_pass(case_hlt_exit);
}
