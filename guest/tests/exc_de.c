/* #DE: division by zero at 8, 32 and 64 bits, and the signed overflow
 * INT64_MIN / -1, each caught by the guest's IDT at the faulting DIV. */
#include <uvmm/guest.h>
#include <uvmm/trap.h>

/* Each fault: `hcall expect` declares the exact `hcall exception 0 0x0 RIP 0x0`
 * (RIP known only at run time), which follows it. */
EXPECT("hcall expect *");
EXPECT("hcall expect *");
EXPECT("hcall expect *");
EXPECT_CASE(case_div_by_zero, "div-by-zero");
EXPECT("hcall expect *");
EXPECT_CASE(case_idiv_overflow, "idiv-overflow");

static void div_by_zero(void)
{
	uint64_t rax = 0x1234, rdx = 0, zero = 0;

	__asm__ volatile(TRAP_BEGIN "divb %b2" TRAP_END
			 : "+a"(rax) : "d"(rdx), "q"(zero) : TRAP_CLOBBERS);
	TRAP_ASSERT(X86_VEC_DE, 0, 1);
	/* A faulting DIV leaves its destination untouched. */
	GUEST_ASSERT_EQ(rax, 0x1234);
	trap_report();

	__asm__ volatile(TRAP_BEGIN "divl %k2" TRAP_END
			 : "+a"(rax), "+d"(rdx) : "r"(zero) : TRAP_CLOBBERS);
	TRAP_ASSERT(X86_VEC_DE, 0, 2);
	trap_report();

	__asm__ volatile(TRAP_BEGIN "divq %2" TRAP_END
			 : "+a"(rax), "+d"(rdx) : "r"(zero) : TRAP_CLOBBERS);
	TRAP_ASSERT(X86_VEC_DE, 0, 3);
	GUEST_ASSERT_EQ(rax, 0x1234);
	GUEST_ASSERT_EQ(rdx, 0);
	trap_report();
	report_pass(case_div_by_zero);
}

static void idiv_overflow(void)
{
	uint64_t rax = 1ull << 63, rdx = ~0ull, minus_one = ~0ull;

	/* RDX:RAX = INT64_MIN (sign-extended); the quotient 2^63 does not fit. */
	__asm__ volatile(TRAP_BEGIN "idivq %2" TRAP_END
			 : "+a"(rax), "+d"(rdx) : "r"(minus_one) : TRAP_CLOBBERS);
	TRAP_ASSERT(X86_VEC_DE, 0, 4);
	GUEST_ASSERT_EQ(rax, 1ull << 63);
	trap_report();
	report_pass(case_idiv_overflow);
}

void guest_main(void)
{
	trap_catch(X86_VEC_DE);
	div_by_zero();
	idiv_overflow();
}
