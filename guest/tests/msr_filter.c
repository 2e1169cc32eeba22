/* An MSR filter (KVM_X86_SET_MSR_FILTER) denying TSC_AUX: KVM sends RDMSR
 * and WRMSR of an MSR it knows to user space, which answers them (reads
 * 0x75766d6d until written, then what was written). */
#include <uvmm/guest.h>

#define MSR_TSC_AUX 0xc0000103u

UVMM_OPTIONS("msr_filter=1");
EXPECT("msr.read 0xc0000103 = 0x75766d6d");
EXPECT("msr.write 0xc0000103 = 0x1234");
EXPECT("msr.read 0xc0000103 = 0x1234");
EXPECT("msr.write 0xc0000103 = 0xfffffffe");
EXPECT("msr.read 0xc0000103 = 0xfffffffe");
EXPECT_CASE(case_filtered, "filtered");

void guest_main(void)
{
	GUEST_ASSERT_EQ(rdmsr(MSR_TSC_AUX), 0x75766d6d);
	wrmsr(MSR_TSC_AUX, 0x1234);
	GUEST_ASSERT_EQ(rdmsr(MSR_TSC_AUX), 0x1234);
	wrmsr(MSR_TSC_AUX, 0xfffffffe);
	GUEST_ASSERT_EQ(rdmsr(MSR_TSC_AUX), 0xfffffffe);
	report_pass(case_filtered);
}
