/* Interrupts of a passed-through device: MSI, MSI-X and INTx from VFIO's
 * eventfds into KVM's irqchip, either without the VMM (irqfd; INTx through a
 * resample irqfd on an IOAPIC pin) or through it (observe: traced, then raised). */
#ifndef UVMM_VFIO_PASSTHROUGH_IRQ_H
#define UVMM_VFIO_PASSTHROUGH_IRQ_H

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "event.h"
#include "pci/pci_cfg.h"
#include "pci/pci_msix.h"
#include "vfio/vfio.h"

struct vm;

#define PT_MSI_GSI 24           /* first GSI after the IOAPIC's 24 pins */
#define PT_MSIX_GSI 25          /* MSI-X vector v: GSI PT_MSIX_GSI + v */
#define PT_MSIX_VECTORS VFIO_MAX_IRQ_FDS /* vectors connected; the rest stay silent */

struct pt_irq {
	struct vm *vm;
	struct vfio_dev *dev;
	FILE *log;                   /* the run's log */
	int observe;                 /* vfio_irq=observe */
	pthread_mutex_t lock;        /* everything below; shared with the observe thread */
	/* MSI */
	int msi_efd, msi_on, msi_irqfd;
	uint64_t msi_addr;
	uint32_t msi_data;
	/* MSI-X: the guest's table lives here, the device's holds host vectors */
	struct pci_msix *msix;       /* NULL: the device has no MSI-X */
	unsigned msix_nfd;           /* connected vectors: min(table size, PT_MSIX_VECTORS) */
	int msix_efd[PT_MSIX_VECTORS];
	uint8_t msix_irqfd[PT_MSIX_VECTORS]; /* irqfd assigned (irqfd mode) */
	uint64_t msix_route_addr[PT_MSIX_VECTORS];
	uint32_t msix_route_data[PT_MSIX_VECTORS];
	int msix_enabled, msix_maskall; /* as the guest's control word says */
	int msix_on;                 /* enabled in VFIO */
	/* INTx */
	uint32_t intx_gsi;           /* 0: not wired (no pin, or no resample irqfd) */
	int intx_efd, intx_unmask_efd, intx_kvm_efd, intx_on;
	/* observe mode */
	int stop_efd;
	pthread_t observer;
	int observing;
	struct event_sink sink;      /* where observed interrupts go */
	uint64_t irqs;               /* interrupts seen (observe mode) */
	int ready;
};

/* Creates the eventfds (all of them now: later the sandbox allows no new fds),
 * the MSI-X table model from caps, and wires INTx to IOAPIC pin intx_gsi when
 * the device has a pin (pin != 0), VFIO an INTx and KVM resample irqfds;
 * INTx is live from here on until the guest enables MSI or MSI-X, as on
 * hardware. Returns 0 or -1 with err. */
int pt_irq_init(struct pt_irq *q, struct vm *vm, struct vfio_dev *dev, FILE *log, int observe,
		const struct pci_caps *caps, uint8_t pin, uint32_t intx_gsi, char *err, size_t errlen);

/* The guest changed its MSI capability / MSI-X control word. */
void pt_irq_msi(struct pt_irq *q, int enabled, uint64_t addr, uint32_t data);
void pt_irq_msix_ctrl(struct pt_irq *q, int enabled, int maskall);

/* A BAR access the MSI-X table or PBA owns: handled here (0 returned), else 1
 * (the caller forwards it to the device). -1: refused, reads are all-ones. */
int pt_irq_bar_access(struct pt_irq *q, int bar, uint64_t off, unsigned size, int is_write,
		      uint8_t *data);
/* The page-aligned part [*start, *end) of a BAR of size bytes that must stay
 * trapped because the MSI-X table or PBA is in it. Returns 0 when none. */
int pt_irq_msix_hole(const struct pt_irq *q, int bar, uint64_t size, uint64_t *start, uint64_t *end);

/* Shared with the observe thread (passthrough_observe.c): a warning in the
 * run's log (with errno), and whether MSI-X vector v would be delivered now
 * (its message in *addr, *data). */
void pt_irq_warn(const struct pt_irq *q, const char *what);
int pt_irq_msix_deliverable(const struct pt_irq *q, unsigned v, uint64_t *addr, uint32_t *data);

/* Observe mode (passthrough_observe.c): the thread that hands each interrupt
 * to sink, then raises it. */
int pt_irq_start(struct pt_irq *q, struct event_sink sink);
void pt_irq_stop(struct pt_irq *q);
/* Disables every interrupt in VFIO, deassigns the irqfds, restores KVM's
 * default routing, closes the eventfds. Idempotent. */
void pt_irq_teardown(struct pt_irq *q);

#endif
