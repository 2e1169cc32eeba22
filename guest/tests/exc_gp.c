/* #GP with its error code: a selector past the GDT limit into DS (error =
 * the selector), a code segment into SS (error = the selector), and a
 * non-canonical load (error 0), each caught at the faulting instruction. */
#include <uvmm/guest.h>
#include <uvmm/trap.h>

/* The runtime's GDT has 4 descriptors (limit 0x1f); 0x08 is its 64-bit code. */
#define SEL_PAST_LIMIT 0x28
#define SEL_CODE64 0x08
#define NONCANONICAL 0x8000000000000000ull

EXPECT("hcall expect *");
EXPECT_CASE(case_bad_selector_ds, "bad-selector-ds");
EXPECT("hcall expect *");
EXPECT_CASE(case_code_selector_ss, "code-selector-ss");
EXPECT("hcall expect *");
EXPECT_CASE(case_noncanonical, "noncanonical");

static uint16_t read_ds(void)
{
	uint16_t v;

	__asm__ volatile("mov %%ds, %0" : "=r"(v));
	return v;
}

static void bad_selector_ds(void)
{
	uint16_t before = read_ds(), sel = SEL_PAST_LIMIT;

	__asm__ volatile(TRAP_BEGIN "mov %0, %%ds" TRAP_END : : "r"(sel) : TRAP_CLOBBERS);
	TRAP_ASSERT(X86_VEC_GP, SEL_PAST_LIMIT, 1);
	GUEST_ASSERT_EQ(read_ds(), before);
	trap_report();
	report_pass(case_bad_selector_ds);
}

static void code_selector_ss(void)
{
	uint16_t sel = SEL_CODE64;

	__asm__ volatile(TRAP_BEGIN "mov %0, %%ss" TRAP_END : : "r"(sel) : TRAP_CLOBBERS);
	TRAP_ASSERT(X86_VEC_GP, SEL_CODE64, 2);
	trap_report();
	report_pass(case_code_selector_ss);
}

static void noncanonical(void)
{
	uint64_t v = 0x5a5a;

	/* Through RDI, never RBP or RSP: a non-canonical address through those
	 * is #SS, not #GP (SDM 6.15), and the compiler may pick either. */
	__asm__ volatile(TRAP_BEGIN "movq (%1), %0" TRAP_END
			 : "+r"(v) : "D"(NONCANONICAL) : TRAP_CLOBBERS);
	TRAP_ASSERT(X86_VEC_GP, 0, 3);
	/* #GP is not a page fault: CR2 keeps whatever it held. */
	GUEST_ASSERT_NE(trap_seen.cr2, NONCANONICAL);
	GUEST_ASSERT_EQ(v, 0x5a5a);
	trap_report();
	report_pass(case_noncanonical);
}

void guest_main(void)
{
	struct desc_ptr gdt;

	sgdt(&gdt);
	GUEST_ASSERT(gdt.limit < SEL_PAST_LIMIT);
	trap_catch(X86_VEC_GP);
	bad_selector_ds();
	code_selector_ss();
	noncanonical();
}
