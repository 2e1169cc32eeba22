/* Hypercall iommu's refusals with a passed-through device (edu): an IOVA
 * inside guest RAM's own map, misaligned or empty or oversized ranges, bad
 * flags, guest memory that is not RAM, the MSI window (a reserved region of
 * the IOMMU group), an overlap, an unmap that does not match one map exactly,
 * RAM's own map, a host report buffer outside RAM. Each is EINVAL (EFAULT for
 * the buffer) and changes nothing: the mapping made in between works. */
#include <uvmm/guest.h>
#include <uvmm/iommu.h>

#define W IOMMU_TEST_IOVA
#define RW (UVMM_IOMMU_READ | UVMM_IOMMU_WRITE)

UVMM_OPTIONS("irqchip=1 vfio=1234:11e8 vfio_mode=trap vfio_irq=irqfd");
EXPECT("repeat 8 {");
EXPECT("  hcall iommu !einval");
EXPECT("}");
EXPECT("hcall iommu 0x0 0x8000000 * 0x1000 0x3 0x0");
EXPECT("repeat 4 {");
EXPECT("  hcall iommu !einval");
EXPECT("}");
EXPECT("hcall iommu 0x1 0x8000000 0x0 0x1000 0x0 0x0");
EXPECT("hcall iommu !einval");
EXPECT("hcall iommu 0x2 0x0 0x0 0x0 0x0 *");
EXPECT("hcall iommu !efault");
EXPECT_CASE(case_refusals, "refusals");

static uint8_t page[4096] __attribute__((aligned(4096)));
static struct uvmm_iommu_host host;

void guest_main(void)
{
	/* Refused before anything is mapped. */
	GUEST_ASSERT_EQ(uvmm_iommu_map(0x100000, page, 4096, RW), UVMM_HC_EINVAL);     /* in RAM's map */
	GUEST_ASSERT_EQ(uvmm_iommu_map(W + 0x10, page, 4096, RW), UVMM_HC_EINVAL);     /* misaligned */
	GUEST_ASSERT_EQ(uvmm_iommu_map(W, page, 0, RW), UVMM_HC_EINVAL);               /* empty */
	GUEST_ASSERT_EQ(uvmm_iommu_map(W, page, UVMM_IOMMU_MAX_SIZE + 4096, RW), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(uvmm_iommu_map(W, page, 4096, 0), UVMM_HC_EINVAL);             /* no access */
	GUEST_ASSERT_EQ(uvmm_iommu_map(W, page, 4096, 4), UVMM_HC_EINVAL);             /* unknown flag */
	GUEST_ASSERT_EQ(uvmm_iommu_map(W, (void *)0x40000000ull, 4096, RW), UVMM_HC_EINVAL); /* not RAM */
	GUEST_ASSERT_EQ(uvmm_iommu_map(0xfee00000ull, page, 4096, RW), UVMM_HC_EINVAL); /* MSI window */

	GUEST_ASSERT_EQ(uvmm_iommu_map(W, page, 4096, RW), UVMM_HC_OK);
	GUEST_ASSERT_EQ(uvmm_iommu_map(W, page, 4096, RW), UVMM_HC_EINVAL);            /* overlap */
	GUEST_ASSERT_EQ(uvmm_iommu_unmap(W, 8192), UVMM_HC_EINVAL);                    /* not one map */
	GUEST_ASSERT_EQ(uvmm_iommu_unmap(W + 4096, 4096), UVMM_HC_EINVAL);             /* never mapped */
	GUEST_ASSERT_EQ(uvmm_iommu_unmap(0, 4096), UVMM_HC_EINVAL);                    /* RAM's own map */
	GUEST_ASSERT_EQ(uvmm_iommu_unmap(W, 4096), UVMM_HC_OK);
	GUEST_ASSERT_EQ(uvmm_iommu_unmap(W, 4096), UVMM_HC_EINVAL);                    /* gone */

	GUEST_ASSERT_EQ(uvmm_iommu_host(&host), UVMM_HC_OK);
	GUEST_ASSERT_EQ(uvmm_iommu_host((void *)0x40000000ull), UVMM_HC_EFAULT);
	report_pass(case_refusals);
}
