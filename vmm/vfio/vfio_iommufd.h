/* The iommufd side of vfio.c (Linux 6.2+): the device's cdev bound to
 * /dev/iommu, one IO address space (IOAS) with the device attached, IOVA
 * ranges, map and unmap. Used only through vfio.h. */
#ifndef UVMM_VFIO_VFIO_IOMMUFD_H
#define UVMM_VFIO_VFIO_IOMMUFD_H

#include <stddef.h>
#include <stdint.h>

#include "vfio/vfio_host.h"

#define VFIO_DMA_READ 1u
#define VFIO_DMA_WRITE 2u

/* One device bound to an iommufd (fd -1: not in use). */
struct vfio_iommufd {
	int fd;
	uint32_t ioas_id, devid;
};

/* The device cdev of bdf (/dev/vfio/devices/vfioN, named by
 * /sys/bus/pci/devices/BDF/vfio-dev/vfioN). Returns 0 or -1. */
int vfio_iommufd_cdev(const char *bdf, char *path, size_t len);

/* Opens /dev/iommu (into f) and bdf's cdev (into *device), binds, allocates
 * an IOAS, attaches the device and reads the IOAS's IOVA ranges into usable
 * (at most VFIO_MAX_RANGES; *nusable counts them). 0 or -1 with err; the fds
 * opened stay set for the caller to close. */
int vfio_iommufd_open(struct vfio_iommufd *f, const char *bdf, int *device, struct iova_range *usable,
		      unsigned *nusable, char *err, size_t errlen);
/* IOMMU_IOAS_MAP at a fixed IOVA, VFIO_DMA_READ/WRITE; 0 or -1 with errno. */
int vfio_iommufd_map(const struct vfio_iommufd *f, uint64_t iova, void *host, uint64_t size,
		     unsigned prot);
/* IOMMU_IOAS_UNMAP; the bytes unmapped (0 on failure). */
uint64_t vfio_iommufd_unmap(const struct vfio_iommufd *f, uint64_t iova, uint64_t size);

#endif
