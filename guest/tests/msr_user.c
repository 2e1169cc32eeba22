/* MSRs answered in user space: the scratch MSRs exit on RDMSR and WRMSR and
 * read back what was written; UVMM_MSR_REFUSED and an index just past the
 * scratch range are answered with #GP, which the guest catches. */
#include <uvmm/guest.h>
#include <uvmm/trap.h>

#define SCRATCH0 UVMM_MSR_SCRATCH
#define SCRATCH15 (UVMM_MSR_SCRATCH + UVMM_MSR_SCRATCH_COUNT - 1)
#define PAST_SCRATCH (UVMM_MSR_SCRATCH + UVMM_MSR_SCRATCH_COUNT)

EXPECT("msr.read 0x55550000 = 0x0");
EXPECT("msr.write 0x55550000 = 0x123456789abcdef0");
EXPECT("msr.write 0x5555000f = 0xffffffff00000001");
EXPECT("msr.read 0x55550000 = 0x123456789abcdef0");
EXPECT("msr.read 0x5555000f = 0xffffffff00000001");
EXPECT_CASE(case_scratch, "scratch");
EXPECT("msr.read 0x555500ff = !gp");
EXPECT("hcall expect *");
EXPECT("msr.write 0x555500ff = 0x42 !gp");
EXPECT("hcall expect *");
EXPECT_CASE(case_refused, "refused");
EXPECT("msr.read 0x55550010 = !gp");
EXPECT("msr.write 0x55550010 = 0x1 !gp");
EXPECT_CASE(case_past_scratch, "past-scratch");

static void rdmsr_gp(uint32_t index, unsigned n)
{
	uint32_t lo = 0x1111, hi = 0x2222;

	__asm__ volatile(TRAP_BEGIN "rdmsr" TRAP_END
			 : "+a"(lo), "+d"(hi) : "c"(index) : TRAP_CLOBBERS);
	TRAP_ASSERT(X86_VEC_GP, 0, n);
	/* A faulting RDMSR writes nothing. */
	GUEST_ASSERT_EQ(lo, 0x1111);
	GUEST_ASSERT_EQ(hi, 0x2222);
}

static void wrmsr_gp(uint32_t index, uint64_t v, unsigned n)
{
	__asm__ volatile(TRAP_BEGIN "wrmsr" TRAP_END
			 : : "c"(index), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : TRAP_CLOBBERS);
	TRAP_ASSERT(X86_VEC_GP, 0, n);
}

static void scratch(void)
{
	GUEST_ASSERT_EQ(rdmsr(SCRATCH0), 0);
	wrmsr(SCRATCH0, 0x123456789abcdef0ull);
	wrmsr(SCRATCH15, 0xffffffff00000001ull);
	GUEST_ASSERT_EQ(rdmsr(SCRATCH0), 0x123456789abcdef0ull);
	GUEST_ASSERT_EQ(rdmsr(SCRATCH15), 0xffffffff00000001ull);
	report_pass(case_scratch);
}

static void refused(void)
{
	rdmsr_gp(UVMM_MSR_REFUSED, 1);
	trap_report();
	wrmsr_gp(UVMM_MSR_REFUSED, 0x42, 2);
	trap_report();
	report_pass(case_refused);
}

static void past_scratch(void)
{
	rdmsr_gp(PAST_SCRATCH, 3);
	wrmsr_gp(PAST_SCRATCH, 1, 4);
	report_pass(case_past_scratch);
}

void guest_main(void)
{
	trap_catch(X86_VEC_GP);
	scratch();
	refused();
	past_scratch();
}
