/* Hypercall iommu without a passed-through device: every operation is
 * refused (EINVAL), and nothing else happens. Runs on any host. */
#include <uvmm/guest.h>
#include <uvmm/iommu.h>

EXPECT("hcall iommu !einval");
EXPECT("hcall iommu !einval");
EXPECT("hcall iommu !einval");
EXPECT_CASE(case_refused, "refused-without-device");

static uint8_t page[4096] __attribute__((aligned(4096)));
static struct uvmm_iommu_host host;

void guest_main(void)
{
	GUEST_ASSERT_EQ(uvmm_iommu_map(IOMMU_TEST_IOVA, page, sizeof(page), UVMM_IOMMU_READ), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(uvmm_iommu_unmap(IOMMU_TEST_IOVA, sizeof(page)), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(uvmm_iommu_host(&host), UVMM_HC_EINVAL);
	report_pass(case_refused);
}
