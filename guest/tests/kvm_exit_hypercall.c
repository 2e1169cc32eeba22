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
EXPECT_CASE(case_map_gpa_range_exits, "map-gpa-range-exits");
EXPECT_CASE(case_map_gpa_range_einval, "map-gpa-range-einval");

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
	report_pass(case_map_gpa_range_exits);
	/* Unaligned GPA, then zero pages. */
	GUEST_ASSERT_EQ(map_gpa_range(0x200800, 1, 0), (uint64_t)-KVM_EINVAL);
	GUEST_ASSERT_EQ(map_gpa_range(0x200000, 0, 0), (uint64_t)-KVM_EINVAL);
	report_pass(case_map_gpa_range_einval);
}
