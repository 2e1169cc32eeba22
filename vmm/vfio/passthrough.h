/* A VFIO device passed through to the guest: on the guest's PCI bus with a
 * virtualized config space, BARs trapped (every access an MMIO exit forwarded
 * to the device) or direct (mmapped memslots); interrupts in pt_irq. */
#ifndef UVMM_VFIO_PASSTHROUGH_H
#define UVMM_VFIO_PASSTHROUGH_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "pci/pci_bus.h"
#include "pci/pci_cfg.h"
#include "vfio/host_watch.h"
#include "vfio/passthrough_irq.h"
#include "vfio/vfio.h"
#include "util/logcap.h"
#include "vfio/vfio_bind.h"

struct vm;

enum pt_bar_mode { PT_BAR_TRAP, PT_BAR_DIRECT };
enum pt_irq_mode { PT_IRQ_IRQFD, PT_IRQ_OBSERVE };

#define PT_SLOT 3          /* the device sits at 00:03.0 on the guest's bus */
/* KVM memslots of direct BARs, two per BAR (around an MSI-X hole): clear of
 * RAM (0) and the guest's own slots. */
#define PT_MEMSLOT_BASE 32
/* INTx pin 1-4 of the slot -> IOAPIC pin, the usual swizzle onto GSIs 16-19. */
#define PT_INTX_GSI(pin) (16u + ((PT_SLOT + (pin) - 1u) & 3u))

struct passthrough_config {
	const char *spec;      /* vfio= value: BDF, VVVV:DDDD or auto (the operator's) */
	const char *kind;      /* VVVV:DDDD the image needs, or NULL/"": any */
	int allow_rebind;      /* --vfio-rebind: may take the device from its driver */
	enum pt_bar_mode bar_mode;
	enum pt_irq_mode irq_mode;
	enum vfio_api api;
	FILE *log;             /* the run's log: interrupt errors */
	struct logcap *glog;   /* the same log, bounded: refused guest accesses */
};

struct passthrough {
	struct vm *vm;
	struct passthrough_config cfg;
	struct vfio_binding bind;
	struct vfio_dev dev;
	struct pci_vdev vdev;
	struct pci_bus pci;
	struct pt_irq irq;
	void *bar_host[PCI_NUM_BARS];    /* direct: the mmapped region */
	uint64_t bar_slot_gpa[PCI_NUM_BARS]; /* direct: where the BAR is mapped, 0 when not */
	uint8_t bar_slots[PCI_NUM_BARS];     /* direct: which of its two memslots exist */
	unsigned refused;                /* BAR accesses refused before reaching the device */
	struct iova_range reserved[VFIO_MAX_RANGES]; /* the group's reserved IOVA regions */
	unsigned nreserved;
	unsigned guest_maps;             /* IOVA mappings the guest made (hypercall iommu) */
	struct host_watch watch;         /* the host's view of the device */
	int fds_before;                  /* open fds before attach: the leak check */
	int lock_fd;                     /* flock on the device's sysfs config: one run at a time */
	int attached;
};

/* Parses the run options vfio_mode, vfio_irq, vfio_api. Returns 0 or -1. */
int passthrough_parse_mode(const char *key, const char *value, struct passthrough_config *c);

/* Binds, opens and maps the device, puts it on the guest's bus. The VM must
 * have its RAM (every byte is mapped for DMA, IOVA = GPA). Nothing on the
 * host changes unless every check passed (vfio_host_precheck). Returns 0,
 * -1, or -2 when the device is not of the kind the image needs.
 * (The guest's IOMMU requests: vfio/passthrough_dma.h.) */
int passthrough_attach(struct passthrough *pt, struct vm *vm, const struct passthrough_config *cfg,
		       char *err, size_t errlen);
/* Observe mode: starts the thread that hands each interrupt to sink, then raises it. */
int passthrough_start(struct passthrough *pt, struct event_sink sink);
void passthrough_stop(struct passthrough *pt);
/* Tears down in the safe order (disable interrupts, deassign irqfds, clear bus master,
 * reset, unmap DMA, release the group), gives the device back to its driver
 * and checks that no fd leaked. Idempotent. Returns 0 or -1 with err. */
int passthrough_detach(struct passthrough *pt, char *err, size_t errlen);

#endif
