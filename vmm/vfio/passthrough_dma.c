/* A guest mapping is guest RAM at an IOVA above RAM: it must not touch the
 * IOVA = GPA map of RAM, must lie in one usable IOVA range, clear of the
 * group's reserved regions, and is unmapped only as a whole. */
#include "vfio/passthrough_dma.h"

#include "machine/vm.h"
#include "util/errmsg.h"
#include "uvmm/abi.h"
#include "vfio/passthrough.h"

#define PAGE 4096ull

static int check_iova(const struct passthrough *pt, uint64_t iova, uint64_t size, char *err, size_t errlen)
{
	uint64_t last = iova + size - 1;
	int inside = pt->dev.nusable == 0;

	if (iova % PAGE || size % PAGE || !size || size > UVMM_IOMMU_MAX_SIZE || last < iova)
		return errmsg(err, errlen, "iommu: [0x%llx, +0x%llx) must be 4 KiB aligned, at most %llu MiB",
			      (unsigned long long)iova, (unsigned long long)size,
			      (unsigned long long)(UVMM_IOMMU_MAX_SIZE >> 20));
	if (iova < pt->vm->mem.size)
		return errmsg(err, errlen, "iommu: IOVA 0x%llx is inside guest RAM's own map [0, 0x%llx)",
			      (unsigned long long)iova, (unsigned long long)pt->vm->mem.size);
	for (unsigned i = 0; i < pt->dev.nusable; i++)
		inside |= iova >= pt->dev.usable[i].start && last <= pt->dev.usable[i].last;
	if (!inside)
		return errmsg(err, errlen, "iommu: [0x%llx, +0x%llx) is not inside one usable IOVA range",
			      (unsigned long long)iova, (unsigned long long)size);
	for (unsigned i = 0; i < pt->nreserved; i++)
		if (iova <= pt->reserved[i].last && pt->reserved[i].start <= last)
			return errmsg(err, errlen, "iommu: [0x%llx, +0x%llx) overlaps the reserved region "
				      "[0x%llx, 0x%llx] (%s)", (unsigned long long)iova, (unsigned long long)size,
				      (unsigned long long)pt->reserved[i].start,
				      (unsigned long long)pt->reserved[i].last, pt->reserved[i].type);
	return 0;
}

static int dma_map(void *ctx, uint64_t iova, uint64_t gpa, uint64_t size, uint64_t flags, char *err,
		   size_t errlen)
{
	struct passthrough *pt = ctx;
	void *host;

	if (check_iova(pt, iova, size, err, errlen) < 0)
		return -1;
	if (!flags || flags & ~(uint64_t)(UVMM_IOMMU_READ | UVMM_IOMMU_WRITE))
		return errmsg(err, errlen, "iommu: flags 0x%llx (READ 1 | WRITE 2, not 0)",
			      (unsigned long long)flags);
	if (gpa % PAGE || !(host = gpa_to_hva(&pt->vm->mem, gpa, size)))
		return errmsg(err, errlen, "iommu: guest RAM [0x%llx, +0x%llx) is not 4 KiB aligned RAM",
			      (unsigned long long)gpa, (unsigned long long)size);
	if (pt->guest_maps == UVMM_IOMMU_MAX_MAPS)
		return errmsg(err, errlen, "iommu: more than %u mappings", UVMM_IOMMU_MAX_MAPS);
	for (unsigned i = 0; i < pt->dev.ndma; i++)
		if (iova <= pt->dev.dma[i].iova + pt->dev.dma[i].size - 1 &&
		    pt->dev.dma[i].iova <= iova + size - 1)
			return errmsg(err, errlen, "iommu: [0x%llx, +0x%llx) overlaps the mapping at 0x%llx",
				      (unsigned long long)iova, (unsigned long long)size,
				      (unsigned long long)pt->dev.dma[i].iova);
	if (vfio_dma_map(&pt->dev, iova, host, size,
			 (flags & UVMM_IOMMU_READ ? VFIO_DMA_READ : 0) | (flags & UVMM_IOMMU_WRITE ? VFIO_DMA_WRITE : 0),
			 err, errlen) < 0)
		return -1;
	pt->guest_maps++;
	return 0;
}

static int dma_unmap(void *ctx, uint64_t iova, uint64_t size, char *err, size_t errlen)
{
	struct passthrough *pt = ctx;

	/* RAM's own map is not the guest's to take away. */
	if (iova < pt->vm->mem.size)
		return errmsg(err, errlen, "iommu: IOVA 0x%llx is inside guest RAM's own map",
			      (unsigned long long)iova);
	if (vfio_dma_unmap(&pt->dev, iova, size, err, errlen) < 0)
		return -1;
	pt->guest_maps--;
	return 0;
}

static int dma_host(void *ctx, struct uvmm_iommu_host *out, char *err, size_t errlen)
{
	struct passthrough *pt = ctx;

	(void)err;
	(void)errlen;
	host_watch_read(&pt->watch, out);
	return 0;
}

struct dma_control passthrough_dma_control(struct passthrough *pt)
{
	return (struct dma_control){ pt, dma_map, dma_unmap, dma_host };
}
