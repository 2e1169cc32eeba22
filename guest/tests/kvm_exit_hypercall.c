/* KVM_CAP_EXIT_HYPERCALL for KVM_HC_MAP_GPA_RANGE: the guest's vmcall or
 * vmmcall with RAX = 12 (RBX = gpa, RCX = pages, RDX = attributes) exits to
 * user space as KVM_EXIT_HYPERCALL; uvmm answers 0, which comes back in RAX.
 * KVM itself rejects malformed ranges with -KVM_EINVAL, without an exit. */
#include <uvmm/guest.h>
#include <uvmm/kvm_hc.h>

#define KVM_EINVAL 22
#define KVM_HC_MAP_GPA_RANGE 12
#define KVM_MAP_GPA_RANGE_ENCRYPTED (1ull << 4)

UVMM_OPTIONS("exit_hypercall=1");
EXPECT("kvm_hypercall 12");
EXPECT("kvm_hypercall 12");
EXPECT("hcall report pass \"map-gpa-range-exits\"");
EXPECT("hcall report pass \"map-gpa-range-einval\"");
EXPECT("pio.out 0xf4:4 = 0x0");

static uint64_t map_gpa_range(uint64_t gpa, uint64_t npages, uint64_t attrs)
{
	struct kvm_hc_regs r = { KVM_HC_MAP_GPA_RANGE, gpa, npages, attrs, 0 };

	kvm_hc(&r);
	return r.rax;
}

void guest_main(void)
{
	GUEST_ASSERT_EQ(map_gpa_range(0x200000, 1, 0), 0);
	GUEST_ASSERT_EQ(map_gpa_range(0x400000, 16, KVM_MAP_GPA_RANGE_ENCRYPTED), 0);
	test_report("map-gpa-range-exits", UVMM_RESULT_PASS, NULL);
	/* Unaligned GPA, then zero pages. */
	GUEST_ASSERT_EQ(map_gpa_range(0x200800, 1, 0), (uint64_t)-KVM_EINVAL);
	GUEST_ASSERT_EQ(map_gpa_range(0x200000, 0, 0), (uint64_t)-KVM_EINVAL);
	test_report("map-gpa-range-einval", UVMM_RESULT_PASS, NULL);
}
