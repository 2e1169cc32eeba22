/* The IOMMU control hypercall's wrappers (uvmm/iommu.h). */
#include <uvmm/hypercall.h>
#include <uvmm/iommu.h>

long uvmm_iommu_map(uint64_t iova, const void *p, uint64_t size, unsigned flags)
{
	struct uvmm_hc_iommu b = { UVMM_IOMMU_MAP, iova, uvmm_gpa(p), size, flags, 0 };

	return uvmm_hypercall_checked(UVMM_HC_IOMMU, &b);
}

long uvmm_iommu_unmap(uint64_t iova, uint64_t size)
{
	struct uvmm_hc_iommu b = { UVMM_IOMMU_UNMAP, iova, 0, size, 0, 0 };

	return uvmm_hypercall_checked(UVMM_HC_IOMMU, &b);
}

long uvmm_iommu_host(struct uvmm_iommu_host *out)
{
	struct uvmm_hc_iommu b = { UVMM_IOMMU_HOST, 0, 0, 0, 0, uvmm_gpa(out) };

	return uvmm_hypercall_checked(UVMM_HC_IOMMU, &b);
}
