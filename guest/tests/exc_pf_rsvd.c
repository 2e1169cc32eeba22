/* #PF for a reserved bit set in a present PTE (bit 51, above MAXPHYADDR):
 * a read faults with error code 9 (P|RSVD; SDM 4.7, APM 8.4.2), CR2 is the
 * address and the load does not happen. Apart from exc_pf so that its other
 * cases still run where a host gets this one wrong. */
#include <uvmm/guest.h>
#include <uvmm/trap.h>

#define PF_P 1u
#define PF_RSVD 8u
#define RSVD_BIT 51

EXPECT("hcall expect *");
EXPECT_CASE(case_reserved_bit, "reserved-bit");

static volatile uint64_t victim[512] __attribute__((aligned(4096)));

static uint64_t va(void) { return (uint64_t)(uintptr_t)victim; }

static uint64_t *victim_pte(void)
{
	int level;
	uint64_t *pte = pt_walk(va(), &level);

	GUEST_ASSERT(pte != 0);
	GUEST_ASSERT_EQ(level, 1);
	return pte;
}

static void load(uint64_t *v)
{
	__asm__ volatile(TRAP_BEGIN "movq (%1), %0" TRAP_END
			 : "+r"(*v) : "r"(victim) : TRAP_CLOBBERS);
}

void guest_main(void)
{
	unsigned maxphys = cpuid(0x80000008, 0).eax & 0xff;
	uint64_t v = 0;

	/* Bits MAXPHYADDR..51 of a PTE are reserved. */
	GUEST_ASSERT(maxphys <= RSVD_BIT);
	victim[0] = 0x600d;
	trap_catch(X86_VEC_PF);
	GUEST_ASSERT_EQ(pt_map_4k(va(), va(), PTE_W), 0);
	*victim_pte() |= 1ull << RSVD_BIT;
	invlpg(victim);
	load(&v);
	GUEST_ASSERT_EQ(v, 0);
	TRAP_ASSERT(X86_VEC_PF, PF_P | PF_RSVD, 1);
	GUEST_ASSERT_EQ(trap_seen.cr2, va());
	trap_report();
	report_pass(case_reserved_bit);

	/* The same page without the bit reads normally again. */
	GUEST_ASSERT_EQ(pt_map_4k(va(), va(), PTE_W), 0);
	load(&v);
	GUEST_ASSERT_EQ(trap_seen.count, 1);
	GUEST_ASSERT_EQ(v, 0x600d);
}
