/* Attacks on a read-only memslot: `rep stosq` of a whole page into it (one
 * MMIO write exit per element), then hypercalls that would make the VMM
 * write or read it on the guest's behalf: a dirty-log bitmap and a console
 * buffer inside the slot. uvmm only ever touches slot 0 (RAM) for the guest,
 * so both are EFAULT, and the slot's pattern is unchanged. */
#include "hostile.h"

#define GPA 0x20000000ull
#define SIZE 0x2000ull

EXPECT("hcall memslot 0x0 0x1 0x20000000 0x2000 0x3");
EXPECT("repeat 512 {");
EXPECT("  mmio.write *:8 = 0x4141414141414141");
EXPECT("}");
EXPECT_CASE(case_rep_stos_into_readonly, "rep-stos-into-readonly");
EXPECT("hcall dirty_log !efault");
EXPECT("hcall console !efault");
EXPECT_CASE(case_vmm_will_not_touch_slot, "vmm-will-not-touch-slot");

void guest_main(void)
{
	struct uvmm_hc_memslot m = { UVMM_SLOT_ADD, 1, GPA, SIZE,
				     UVMM_SLOT_READONLY | UVMM_SLOT_LOG_DIRTY };
	struct uvmm_hc_dirty_log d = { 1, GPA, 8 };
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)GPA;
	void *dst = (void *)(uintptr_t)GPA;
	size_t n = 512;

	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MEMSLOT, &m), UVMM_HC_OK);
	__asm__ volatile("rep stosq" : "+D"(dst), "+c"(n) : "a"(0x4141414141414141ull) : "memory");
	for (unsigned i = 0; i < SIZE / 8; i++)
		GUEST_ASSERT_EQ(p[i], GPA + i * 8);
	report_pass(case_rep_stos_into_readonly);
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_DIRTY_LOG, &d), UVMM_HC_EFAULT);
	GUEST_ASSERT_EQ(console_at(GPA, 16), UVMM_HC_EFAULT);
	for (unsigned i = 0; i < SIZE / 8; i++)
		GUEST_ASSERT_EQ(p[i], GPA + i * 8);
	report_pass(case_vmm_will_not_touch_slot);
}
