/* iommufd: the device is reached through its cdev, not a group; DMA is mapped
 * in an IOAS the device is attached to (Documentation/userspace-api/iommufd.rst). */
#include "vfio/vfio_iommufd.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util/errmsg.h"
#include "vfio/iommufd_uapi.h"

int vfio_iommufd_cdev(const char *bdf, char *path, size_t len)
{
	char dir[128];
	struct dirent *e;
	DIR *dp;
	int r = -1;

	snprintf(dir, sizeof(dir), "/sys/bus/pci/devices/%s/vfio-dev", bdf);
	if (!(dp = opendir(dir)))
		return -1;
	while ((e = readdir(dp)))
		if (!strncmp(e->d_name, "vfio", 4) && e->d_name[4] >= '0' && e->d_name[4] <= '9') {
			snprintf(path, len, "/dev/vfio/devices/%s", e->d_name);
			r = 0;
			break;
		}
	closedir(dp);
	return r;
}

static void read_ranges(const struct vfio_iommufd *f, struct iova_range *usable, unsigned *n)
{
	struct uvmm_iommu_iova_range r[VFIO_MAX_RANGES];
	struct uvmm_iommu_ioas_iova_ranges q = {
		.size = sizeof(q), .ioas_id = f->ioas_id, .num_iovas = VFIO_MAX_RANGES,
		.allowed_iovas = (uint64_t)(uintptr_t)r,
	};

	*n = 0;
	/* EMSGSIZE (more ranges than room) still fills what fits. */
	if (ioctl(f->fd, UVMM_IOMMU_IOAS_IOVA_RANGES, &q) < 0 && errno != EMSGSIZE)
		return;
	for (uint32_t i = 0; i < q.num_iovas && i < VFIO_MAX_RANGES; i++)
		usable[(*n)++] = (struct iova_range){ r[i].start, r[i].last, "usable" };
}

int vfio_iommufd_open(struct vfio_iommufd *f, const char *bdf, int *device, struct iova_range *usable,
		      unsigned *nusable, char *err, size_t errlen)
{
	struct uvmm_vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct uvmm_vfio_device_attach_iommufd_pt at = { .argsz = sizeof(at) };
	struct uvmm_iommu_ioas_alloc ioas = { .size = sizeof(ioas) };
	char cdev[96];

	if (vfio_iommufd_cdev(bdf, cdev, sizeof(cdev)) < 0)
		return errmsg(err, errlen, "%s has no VFIO device cdev (/sys/bus/pci/devices/%s/vfio-dev)",
			      bdf, bdf);
	f->fd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (f->fd < 0)
		return errmsg(err, errlen, "/dev/iommu: %s", strerror(errno));
	*device = open(cdev, O_RDWR | O_CLOEXEC);
	if (*device < 0)
		return errmsg(err, errlen, "%s: %s%s", cdev, strerror(errno),
			      errno == EBUSY ? " (another process has the device or its group)" : "");
	bind.iommufd = f->fd;
	if (ioctl(*device, UVMM_VFIO_DEVICE_BIND_IOMMUFD, &bind) < 0)
		return errmsg(err, errlen, "VFIO_DEVICE_BIND_IOMMUFD(%s): %s", cdev, strerror(errno));
	f->devid = bind.out_devid;
	if (ioctl(f->fd, UVMM_IOMMU_IOAS_ALLOC, &ioas) < 0)
		return errmsg(err, errlen, "IOMMU_IOAS_ALLOC: %s", strerror(errno));
	f->ioas_id = ioas.out_ioas_id;
	at.pt_id = f->ioas_id;
	if (ioctl(*device, UVMM_VFIO_DEVICE_ATTACH_IOMMUFD_PT, &at) < 0)
		return errmsg(err, errlen, "VFIO_DEVICE_ATTACH_IOMMUFD_PT(IOAS %u): %s", f->ioas_id,
			      strerror(errno));
	read_ranges(f, usable, nusable);
	return 0;
}

int vfio_iommufd_map(const struct vfio_iommufd *f, uint64_t iova, void *host, uint64_t size,
		     unsigned prot)
{
	struct uvmm_iommu_ioas_map m = {
		.size = sizeof(m),
		.flags = UVMM_IOMMU_IOAS_MAP_FIXED_IOVA |
			 (prot & VFIO_DMA_READ ? UVMM_IOMMU_IOAS_MAP_READABLE : 0) |
			 (prot & VFIO_DMA_WRITE ? UVMM_IOMMU_IOAS_MAP_WRITEABLE : 0),
		.ioas_id = f->ioas_id, .user_va = (uint64_t)(uintptr_t)host, .length = size, .iova = iova,
	};

	return ioctl(f->fd, UVMM_IOMMU_IOAS_MAP, &m);
}

uint64_t vfio_iommufd_unmap(const struct vfio_iommufd *f, uint64_t iova, uint64_t size)
{
	struct uvmm_iommu_ioas_unmap u = { .size = sizeof(u), .ioas_id = f->ioas_id, .iova = iova,
					   .length = size };

	return ioctl(f->fd, UVMM_IOMMU_IOAS_UNMAP, &u) < 0 ? 0 : u.length;
}
