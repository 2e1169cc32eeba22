/* The guest's PCI bus 0: configuration mechanism #1 (ports 0xCF8/0xCFC) and
 * ECAM (MMIO), both routed to the config-space models of the devices on it. */
#ifndef UVMM_PCI_PCI_BUS_H
#define UVMM_PCI_PCI_BUS_H

#include <stdint.h>

#include "devices/bus.h"
#include "pci/pci_cfg.h"

#define PCI_CONFIG_ADDR_PORT 0xcf8
#define PCI_CONFIG_DATA_PORT 0xcfc
#define PCI_ECAM_BASE 0xe0000000ull
#define PCI_ECAM_SIZE (1ull << 20)      /* bus 0 only: 32 slots x 8 functions x 4 KiB */
#define PCI_MMIO_WINDOW 0xc0000000ull   /* where BARs may live: below the test device */
#define PCI_MMIO_WINDOW_SIZE 0x10000000ull
#define PCI_SLOTS 32

struct pci_bus {
	struct pci_vdev *slots[PCI_SLOTS]; /* function 0 of each slot */
	uint32_t config_addr;              /* the 0xCF8 register */
	/* Called after a config write changed something (vdev->changed). */
	void (*on_change)(void *opaque, struct pci_vdev *d);
	void *opaque;
};

void pci_bus_init(struct pci_bus *pb);
/* Registers 0xCF8-0xCFF on pio and the ECAM window on mmio. */
int pci_bus_register(struct pci_bus *pb, struct bus *pio, struct bus *mmio);
int pci_bus_add(struct pci_bus *pb, unsigned slot, struct pci_vdev *d);

/* One access to function (bus 0, slot, fn) at offset: empty functions read as
 * all-ones (no device) and drop writes. */
void pci_bus_cfg(struct pci_bus *pb, unsigned slot, unsigned fn, unsigned offset, unsigned size,
		 int is_write, uint32_t *val);

#endif
