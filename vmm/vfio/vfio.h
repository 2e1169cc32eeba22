/* A PCI device opened through VFIO (the type1v2 container/group API): DMA
 * mappings, config and BAR regions, interrupt eventfds, reset, and the close
 * in the safe order. No KVM here; dev_passthrough ties the two together. */
#ifndef UVMM_VFIO_VFIO_H
#define UVMM_VFIO_VFIO_H

#include <stddef.h>
#include <stdint.h>

#include "vfio/vfio_host.h"

#define VFIO_MAX_DMA 4
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
	int container, group, device;
	struct vfio_region cfg;
	struct vfio_region bars[6];
	uint32_t irq_count[5];   /* INTx, MSI, MSI-X, ERR, REQ: vectors per index */
	int can_reset;
	struct iova_range usable[VFIO_MAX_RANGES];
	unsigned nusable;
	struct vfio_dma dma[VFIO_MAX_DMA];
	unsigned ndma;
};

/* Which API a host offers: iommufd needs /dev/iommu and a VFIO device cdev
 * (/sys/bus/pci/devices/BDF/vfio-dev/); NULL root = "". */
int vfio_api_has_iommufd(const char *bdf);
const char *vfio_api_name(enum vfio_api a);

/* Opens the container, the group (checks VIABLE), sets type1v2, reads the
 * IOVA ranges, opens the device and its regions. Returns 0 or -1 with err. */
int vfio_open(struct vfio_dev *d, const char *bdf, int group_no, char *err, size_t errlen);
/* IOVA = iova, host memory [host, host+size), read/write for the device. */
int vfio_dma_map(struct vfio_dev *d, uint64_t iova, void *host, uint64_t size, char *err,
		 size_t errlen);
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
/* Closes device, group (after UNSET_CONTAINER) and container. */
void vfio_close(struct vfio_dev *d);

#endif
