/* CPUID as uvmm sets it with KVM_SET_CPUID2: its own leaf 0x40000100
 * ("uvmm", RAM in MiB, vCPUs, version), a printable vendor string in leaf 0
 * (whatever KVM_GET_SUPPORTED_CPUID reported) and the hypervisor bit. CPUID
 * is handled inside KVM: no exits. */
#include <uvmm/guest.h>

#define UVMM_LEAF 0x40000100u
#define UVMM_SIGNATURE 0x6d6d7675u /* "uvmm" */
#define UVMM_LEAF_VERSION 0x00010000u
#define CPUID1_ECX_HYPERVISOR (1u << 31)

UVMM_OPTIONS("mem=16M cpus=1");
EXPECT_CASE(case_uvmm_leaf, "uvmm-leaf");
EXPECT("hcall report pass \"vendor\" *");
EXPECT_CASE(case_hypervisor_bit, "hypervisor-bit");

static void uvmm_leaf(void)
{
	struct cpuid_regs r = cpuid(UVMM_LEAF, 0);

	GUEST_ASSERT_EQ(r.eax, UVMM_SIGNATURE);
	GUEST_ASSERT_EQ(r.ebx, 16);
	GUEST_ASSERT_EQ(r.ecx, 1);
	GUEST_ASSERT_EQ(r.edx, UVMM_LEAF_VERSION);
	report_pass(case_uvmm_leaf);
}

static void vendor(void)
{
	struct cpuid_regs r = cpuid(0, 0);
	char v[13];
	unsigned i;

	/* EBX, EDX, ECX spell the vendor in that order. */
	memcpy(v, &r.ebx, 4);
	memcpy(v + 4, &r.edx, 4);
	memcpy(v + 8, &r.ecx, 4);
	v[12] = 0;
	GUEST_ASSERT(r.eax >= 1);
	GUEST_ASSERT_NE(v[0], ' ');
	for (i = 0; i < 12; i++)
		GUEST_ASSERT(v[i] >= 0x20 && v[i] < 0x7f);
	/* The trace records which vendor this KVM reported. */
	test_report("vendor", UVMM_RESULT_PASS, v);
}

static void hypervisor_bit(void)
{
	GUEST_ASSERT(cpuid(1, 0).ecx & CPUID1_ECX_HYPERVISOR);
	report_pass(case_hypervisor_bit);
}

void guest_main(void)
{
	uvmm_leaf();
	vendor();
	hypervisor_bit();
}
