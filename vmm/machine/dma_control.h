/* Guest-requested IOMMU mappings and host observations of a passed-through
 * device (hypercall iommu, docs/vfio.md): the VFIO layer, which sits above the
 * machine, fills in these operations when it attaches a device; the exit
 * layer calls them. Without a device every request is refused. */
#ifndef UVMM_MACHINE_DMA_CONTROL_H
#define UVMM_MACHINE_DMA_CONTROL_H

#include <stddef.h>
#include <stdint.h>

struct uvmm_iommu_host;

/* Each returns 0, or -1 with a one-line reason (the guest gets EINVAL). */
struct dma_control {
	void *ctx;
	/* [iova, iova+size) -> guest RAM [gpa, gpa+size), UVMM_IOMMU_READ/WRITE */
	int (*map)(void *ctx, uint64_t iova, uint64_t gpa, uint64_t size, uint64_t flags,
		   char *err, size_t errlen);
	/* exactly one earlier map */
	int (*unmap)(void *ctx, uint64_t iova, uint64_t size, char *err, size_t errlen);
	/* what the host kernel shows of the device so far */
	int (*host)(void *ctx, struct uvmm_iommu_host *out, char *err, size_t errlen);
};

#endif
