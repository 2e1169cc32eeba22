/* The IOMMU control hypercall (14, docs/vfio.md): map guest RAM at an IOVA
 * above RAM for the passed-through device, unmap it, and read what the host
 * kernel saw of the device (struct uvmm_iommu_host in uvmm/abi.h). Each is one
 * `hcall iommu OP IOVA GPA SIZE FLAGS OUT` exit; all sizes 4 KiB multiples. */
#ifndef UVMM_IOMMU_H
#define UVMM_IOMMU_H

#include <stdint.h>

#include "abi.h"

/* The IOVA window the suite's tests use: above any suite guest's RAM and
 * below 256 MiB, so edu reaches it with its default 28-bit DMA mask. */
#define IOMMU_TEST_IOVA 0x08000000ull

/* [iova, iova+size) -> the guest RAM at p, flags UVMM_IOMMU_READ|WRITE. */
long uvmm_iommu_map(uint64_t iova, const void *p, uint64_t size, unsigned flags);
long uvmm_iommu_unmap(uint64_t iova, uint64_t size);
long uvmm_iommu_host(struct uvmm_iommu_host *out);

#endif
