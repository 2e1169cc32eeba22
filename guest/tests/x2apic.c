/* x2APIC mode: set EXTD in IA32_APIC_BASE, then the APIC registers are MSRs
 * 0x800+; ID (0x802) is the full 32-bit x2APIC ID and the version (0x803)
 * matches the xAPIC one read before the switch. All inside KVM: no MSR exits. */
#include <uvmm/guest.h>
#include <uvmm/lapic.h>

EXPECT_CASE(case_x2apic, "x2apic");
UVMM_OPTIONS("irqchip=1");

void guest_main(void)
{
	uint64_t base;
	uint32_t xapic_version;

	/* uvmm runs it only where KVM offers x2APIC (manifest requires);
	 * elsewhere (QEMU TCG before 8.0, older machines) the CPU decides. */
	if (!(cpuid(1, 0).ecx & (1u << 21)) && !uvmm_present())
		guest_skip("this CPU has no x2APIC (CPUID.1:ECX[21])");
	GUEST_ASSERT(cpuid(1, 0).ecx & (1u << 21));
	base = rdmsr(X86_MSR_APIC_BASE);
	GUEST_ASSERT_EQ(base & ~0xfffull, LAPIC_BASE);
	GUEST_ASSERT(base & X86_APIC_BASE_ENABLE);
	GUEST_ASSERT(base & X86_APIC_BASE_BSP);
	GUEST_ASSERT_EQ(base & X86_APIC_BASE_X2APIC, 0);
	GUEST_ASSERT_EQ(lapic_id(), 0);
	xapic_version = lapic_read(LAPIC_VERSION);

	wrmsr(X86_MSR_APIC_BASE, base | X86_APIC_BASE_X2APIC);
	GUEST_ASSERT_EQ(rdmsr(X86_MSR_APIC_BASE), base | X86_APIC_BASE_X2APIC);
	GUEST_ASSERT_EQ(rdmsr(X2APIC_MSR(LAPIC_ID)), 0);
	GUEST_ASSERT_EQ(rdmsr(X2APIC_MSR(LAPIC_VERSION)), xapic_version);
	/* The LDR is derived from the ID in x2APIC mode: cluster 0, bit 0. */
	GUEST_ASSERT_EQ(rdmsr(0x80d), 1);
	report_pass(case_x2apic);
}
