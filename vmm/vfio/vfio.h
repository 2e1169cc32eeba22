/* A PCI device opened through VFIO, by either API: the type1v2 container/
 * group API, or iommufd with the device's cdev (Linux 6.2+; vfio_iommufd.c).
 * DMA mappings, config and BAR regions, interrupt eventfds, reset, and the
 * close in the safe order. No KVM here; passthrough ties the two together. */
#ifndef UVMM_VFIO_VFIO_H
#define UVMM_VFIO_VFIO_H

#include <stddef.h>
#include <stdint.h>

#include "vfio/vfio_host.h"
#include "vfio/vfio_iommufd.h"

/* Guest RAM, the guest's own IOVA mappings (uvmm/abi.h), and some spare. */
#define VFIO_MAX_DMA 72
#define VFIO_MAX_IRQ_FDS 128 /* MSI-X vectors uvmm connects (see docs/vfio.md) */

enum vfio_api { VFIO_API_AUTO, VFIO_API_CONTAINER, VFIO_API_IOMMUFD };

struct vfio_region {
	uint64_t offset, size;
	uint32_t flags;      /* VFIO_REGION_INFO_FLAG_* */
};

struct vfio_dma {
	uint64_t iova, size;
};

struct vfio_dev {
	char bdf[VFIO_BDF_LEN];
	int group_no;
	enum vfio_api api;       /* the one in use: CONTAINER or IOMMUFD */
	int container, group, device;
	struct vfio_iommufd iommufd; /* IOMMUFD: /dev/iommu, the IOAS, the bound device */
	struct vfio_region cfg;
	struct vfio_region bars[6];
	uint32_t irq_count[5];   /* INTx, MSI, MSI-X, ERR, REQ: vectors per index */
	int can_reset;
	struct iova_range usable[VFIO_MAX_RANGES];
	unsigned nusable;
	struct vfio_dma dma[VFIO_MAX_DMA];
	unsigned ndma;
};

/* Whether the host offers iommufd for bdf: /dev/iommu and a VFIO device cdev
 * (/sys/bus/pci/devices/BDF/vfio-dev/vfioN). */
int vfio_api_has_iommufd(const char *bdf);
const char *vfio_api_name(enum vfio_api a);
/* The API a run uses: auto is iommufd where the host offers it, else the
 * container; an explicit iommufd the host lacks is refused with the reason. */
int vfio_api_pick(enum vfio_api want, const char *bdf, enum vfio_api *out, char *err, size_t errlen);

/* Opens the device through api (CONTAINER: the container, the group (checks
 * VIABLE), type1v2; IOMMUFD: /dev/iommu, the cdev, bind, an IOAS, attach),
 * reads the usable IOVA ranges, the device's regions and interrupts.
 * Returns 0 or -1 with err (everything opened is closed again). */
int vfio_open(struct vfio_dev *d, const char *bdf, int group_no, enum vfio_api api, char *err,
	      size_t errlen);
/* IOVA = iova, host memory [host, host+size), VFIO_DMA_READ/WRITE for the device. */
int vfio_dma_map(struct vfio_dev *d, uint64_t iova, void *host, uint64_t size, unsigned prot,
		 char *err, size_t errlen);
/* Unmaps the mapping made at exactly [iova, iova+size). Returns 0 or -1 with err. */
int vfio_dma_unmap(struct vfio_dev *d, uint64_t iova, uint64_t size, char *err, size_t errlen);
/* Unmaps everything mapped; returns -1 when the kernel unmapped less. */
int vfio_dma_unmap_all(struct vfio_dev *d);

int vfio_cfg_read(struct vfio_dev *d, unsigned off, unsigned size, uint32_t *val);
int vfio_cfg_write(struct vfio_dev *d, unsigned off, unsigned size, uint32_t val);
/* size bytes at offset of BAR bar, through the device fd. */
int vfio_bar_rw(struct vfio_dev *d, int bar, uint64_t offset, unsigned size, int is_write,
		uint8_t *data);

/* Attaches eventfd efd to vector 0 of irq index (VFIO_PCI_MSI_IRQ_INDEX, ...);
 * efd < 0 disables the index. */
int vfio_irq_set(struct vfio_dev *d, unsigned index, int efd);
/* VFIO_DEVICE_SET_IRQS with action (VFIO_IRQ_SET_ACTION_TRIGGER or _UNMASK)
 * for vectors 0..count-1 of index, one eventfd each; count 0 disables the
 * index (trigger) with DATA_NONE. */
int vfio_irq_set_fds(struct vfio_dev *d, unsigned index, uint32_t action, unsigned count,
		     const int *fds);
int vfio_reset(struct vfio_dev *d);
/* Closes device, group (after UNSET_CONTAINER) and container, or device and
 * iommufd. */
void vfio_close(struct vfio_dev *d);

#endif
