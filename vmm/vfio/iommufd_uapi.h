/* The parts of the kernel's iommufd and VFIO-cdev ABI (uapi linux/iommufd.h
 * and linux/vfio.h, Linux 6.6 and later) that uvmm uses, for building against
 * older headers (Debian 12 ships 6.1's). Layouts and numbers are the ABI's;
 * each structure starts with its own size, so a newer kernel accepts them. */
#ifndef UVMM_VFIO_IOMMUFD_UAPI_H
#define UVMM_VFIO_IOMMUFD_UAPI_H

#include <stdint.h>
#include <linux/ioctl.h>
#include <linux/vfio.h>

#define UVMM_IOMMUFD_TYPE ';'
#define UVMM_IOMMU_IOAS_ALLOC _IO(UVMM_IOMMUFD_TYPE, 0x81)
#define UVMM_IOMMU_IOAS_IOVA_RANGES _IO(UVMM_IOMMUFD_TYPE, 0x84)
#define UVMM_IOMMU_IOAS_MAP _IO(UVMM_IOMMUFD_TYPE, 0x85)
#define UVMM_IOMMU_IOAS_UNMAP _IO(UVMM_IOMMUFD_TYPE, 0x86)

struct uvmm_iommu_ioas_alloc {
	uint32_t size, flags, out_ioas_id;
};

struct uvmm_iommu_iova_range {
	uint64_t start, last; /* inclusive */
};

struct uvmm_iommu_ioas_iova_ranges {
	uint32_t size, ioas_id, num_iovas, reserved;
	uint64_t allowed_iovas; /* user pointer to an array of uvmm_iommu_iova_range */
	uint64_t out_iova_alignment;
};

#define UVMM_IOMMU_IOAS_MAP_FIXED_IOVA (1u << 0)
#define UVMM_IOMMU_IOAS_MAP_WRITEABLE (1u << 1)
#define UVMM_IOMMU_IOAS_MAP_READABLE (1u << 2)
struct uvmm_iommu_ioas_map {
	uint32_t size, flags, ioas_id, reserved;
	uint64_t user_va, length, iova;
};

struct uvmm_iommu_ioas_unmap {
	uint32_t size, ioas_id;
	uint64_t iova, length; /* length: in the bytes to unmap, out the bytes unmapped */
};

/* VFIO device cdev ioctls (VFIO_BASE + 18, + 19). */
#define UVMM_VFIO_DEVICE_BIND_IOMMUFD _IO(VFIO_TYPE, VFIO_BASE + 18)
#define UVMM_VFIO_DEVICE_ATTACH_IOMMUFD_PT _IO(VFIO_TYPE, VFIO_BASE + 19)

struct uvmm_vfio_device_bind_iommufd {
	uint32_t argsz, flags;
	int32_t iommufd;
	uint32_t out_devid;
};

struct uvmm_vfio_device_attach_iommufd_pt {
	uint32_t argsz, flags, pt_id;
};

#endif
