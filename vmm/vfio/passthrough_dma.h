/* The guest's own IOMMU mappings of a passed-through device and the host's
 * view of it (hypercall iommu, docs/vfio.md): the dma_control operations the
 * VM calls. Runs on a vCPU thread under vm->io_lock. */
#ifndef UVMM_VFIO_PASSTHROUGH_DMA_H
#define UVMM_VFIO_PASSTHROUGH_DMA_H

#include "machine/dma_control.h"

struct passthrough;

/* The operations, with pt as their context. */
struct dma_control passthrough_dma_control(struct passthrough *pt);

#endif
