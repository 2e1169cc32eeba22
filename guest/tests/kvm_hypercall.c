/* KVM's own hypercall instruction (vmcall on Intel, vmmcall on AMD/Hygon),
 * handled inside KVM without an exit to user space: an unknown number
 * returns -KVM_ENOSYS, KVM_HC_VAPIC_POLL_IRQ returns 0, KVM_HC_MAP_GPA_RANGE
 * without KVM_CAP_EXIT_HYPERCALL is unknown too; from CPL 3 any call
 * returns -KVM_EPERM. Ring 3 comes from uvmm/usermode.h (IRETQ in,
 * user_exit's deliberate exception out). */
#include <uvmm/guest.h>
#include <uvmm/kvm_hc.h>
#include <uvmm/usermode.h>

#define KVM_ENOSYS 1000
#define KVM_EPERM 1
#define KVM_HC_VAPIC_POLL_IRQ 1
#define KVM_HC_MAP_GPA_RANGE 12
#define HC_UNKNOWN 0x7654321ull

EXPECT("hcall report pass \"cpl0-unknown\" *");
EXPECT_CASE(case_cpl0_vapic_poll_irq, "cpl0-vapic-poll-irq");
EXPECT_CASE(case_cpl0_map_gpa_range_disabled, "cpl0-map-gpa-range-disabled");
EXPECT_CASE(case_cpl3_eperm, "cpl3-eperm");

static int amd_style;

void user_vmcall(void);
void user_vmmcall(void);

/* User code for user_call: the hypercall with the caller's RAX, then back. */
__asm__(".text\n"
	".globl user_vmcall, user_vmmcall\n"
	"user_vmcall:\n\tvmcall\n\tjmp usermode_exit_user\n"
	"user_vmmcall:\n\tvmmcall\n\tjmp usermode_exit_user\n");

/* KVM's hypercall at CPL 0: nr in RAX, arguments in RBX, RCX, RDX, RSI
 * (checked to come back unchanged); the result is RAX. */
static uint64_t kvm_hypercall(uint64_t nr)
{
	struct kvm_hc_regs r = { nr, 0xb0b0, 0xc0c0, 0xd0d0, 0x5050 };

	kvm_hc(&r);
	GUEST_ASSERT_EQ(r.rbx, 0xb0b0);
	GUEST_ASSERT_EQ(r.rcx, 0xc0c0);
	GUEST_ASSERT_EQ(r.rdx, 0xd0d0);
	GUEST_ASSERT_EQ(r.rsi, 0x5050);
	return r.rax;
}

static void cpl0(void)
{
	GUEST_ASSERT_EQ(kvm_hypercall(HC_UNKNOWN), (uint64_t)-KVM_ENOSYS);
	test_report("cpl0-unknown", UVMM_RESULT_PASS, amd_style ? "vmmcall" : "vmcall");
	GUEST_ASSERT_EQ(kvm_hypercall(KVM_HC_VAPIC_POLL_IRQ), 0);
	report_pass(case_cpl0_vapic_poll_irq);
	GUEST_ASSERT_EQ(kvm_hypercall(KVM_HC_MAP_GPA_RANGE), (uint64_t)-KVM_ENOSYS);
	report_pass(case_cpl0_map_gpa_range_disabled);
}

static void cpl3(void)
{
	void (*entry)(void) = amd_style ? user_vmmcall : user_vmcall;
	struct user_exit e;
	uint64_t r;

	usermode_init();
	r = user_call(entry, HC_UNKNOWN, &e);
	GUEST_ASSERT_EQ(e.cs & 3, 3);
	GUEST_ASSERT_EQ(r, (uint64_t)-KVM_EPERM);
	r = user_call(entry, KVM_HC_VAPIC_POLL_IRQ, NULL);
	GUEST_ASSERT_EQ(r, (uint64_t)-KVM_EPERM);
	report_pass(case_cpl3_eperm);
}

void guest_main(void)
{
	amd_style = kvm_hc_uses_vmmcall();
	cpl0();
	cpl3();
}
