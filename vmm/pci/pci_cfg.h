/* Configuration space of one virtual PCI function: a model the VMM owns (header,
 * BARs, command register, the MSI and MSI-X capabilities) in front of a backend
 * that answers the rest. Pure functions over the model, so it can be fuzzed alone. */
#ifndef UVMM_PCI_PCI_CFG_H
#define UVMM_PCI_PCI_CFG_H

#include <stdint.h>

#define PCI_CFG_SIZE 256u
#define PCI_NUM_BARS 6

/* Standard header offsets and bits the model uses. */
#define PCI_VENDOR_ID 0x00
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_CLASS_REVISION 0x08
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define PCI_ROM 0x30
#define PCI_CAP_PTR 0x34
#define PCI_INT_LINE 0x3c
#define PCI_INT_PIN 0x3d
#define PCI_CMD_IO 0x1u
#define PCI_CMD_MEM 0x2u
#define PCI_CMD_MASTER 0x4u
#define PCI_CMD_INTX_DISABLE 0x400u
#define PCI_STATUS_INTERRUPT 0x08u
#define PCI_STATUS_CAP_LIST 0x10u
#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_MSIX 0x11
#define PCI_MSIX_CTRL_SIZE 0x7ffu   /* table size - 1 */
#define PCI_MSIX_CTRL_MASKALL 0x4000u
#define PCI_MSIX_CTRL_ENABLE 0x8000u
#define PCI_MSIX_BIR 0x7u          /* of the table and PBA dwords: which BAR */
#define PCI_MSI_CTRL_ENABLE 0x1u
#define PCI_MSI_CTRL_MME 0x70u
#define PCI_MSI_CTRL_64 0x80u
#define PCI_MSI_CTRL_PVM 0x100u

/* BAR kinds (the low bits a BAR reads back with). */
#define PCI_BAR_IO 0x1u
#define PCI_BAR_MEM64 0x4u
#define PCI_BAR_PREFETCH 0x8u

/* What a guest access changed; the owner of the device applies it. */
enum {
	PCI_CHG_CMD = 1u << 0, /* MEM, MASTER or INTX_DISABLE of the command register */
	PCI_CHG_BAR = 1u << 1, /* a BAR address */
	PCI_CHG_MSI = 1u << 2, /* MSI enable, address or data */
	PCI_CHG_MSIX = 1u << 3, /* MSI-X enable or function mask */
};

/* The part of config space the VMM does not model: offsets outside the header
 * and the MSI/MSI-X capabilities, and the status register's interrupt bit.
 * NULL functions: reads are 0, writes are dropped. */
struct pci_backend {
	int (*read)(void *opaque, unsigned off, unsigned size, uint32_t *val);
	int (*write)(void *opaque, unsigned off, unsigned size, uint32_t val);
	void *opaque;
};

struct pci_bar {
	uint64_t size;   /* power of two; 0: not implemented */
	uint32_t flags;  /* PCI_BAR_* as the BAR reads back */
	uint64_t addr;   /* the guest's value (size-aligned) */
};

/* The device's capability list as the VMM found it: the chain is shown to the
 * guest unchanged (each "next" as the device has it); the MSI and MSI-X
 * capabilities are modelled, every other one is the backend's. */
struct pci_caps {
	uint8_t first;                  /* the capabilities pointer; 0: no list */
	uint8_t msi_off, msi_next;      /* msi_off 0: no MSI */
	uint16_t msi_ctrl;              /* the device's MSI control word */
	uint8_t msix_off, msix_next;    /* msix_off 0: no MSI-X */
	uint16_t msix_ctrl;             /* the device's MSI-X control word (table size) */
	uint32_t msix_table, msix_pba;  /* offset | BIR of the table and the PBA */
};

struct pci_vdev {
	uint8_t cfg[PCI_CFG_SIZE];      /* the header and modelled capabilities as the guest sees them */
	struct pci_bar bars[PCI_NUM_BARS];
	uint8_t msi_off;                /* 0: no MSI capability */
	uint16_t msi_ctrl_ro;           /* read-only MSI control bits (64-bit, PVM, MMC) */
	uint8_t msix_off;               /* 0: no MSI-X capability */
	struct pci_backend backend;
	unsigned changed;               /* PCI_CHG_* since the owner last cleared it */
	unsigned rejected;              /* accesses refused (misaligned, out of range) */
};

/* Builds the model from the device's own first 64 bytes of config space (ids,
 * class, pin), BAR sizes/flags (BARs start at bars[i].addr), its capability
 * list (NULL: none) and the interrupt line the guest finds preset (its GSI).
 * A modelled capability that overlaps the header or another one is dropped
 * from the model (then forwarded like the rest). */
void pci_vdev_init(struct pci_vdev *d, const uint8_t header[64], const struct pci_bar bars[PCI_NUM_BARS],
		   const struct pci_caps *caps, uint8_t int_line, const struct pci_backend *backend);

/* One guest configuration access of size 1, 2 or 4 at offset (naturally
 * aligned, below 256). Reads fill *val; writes take it. Returns 0, or -1 for
 * an access the model refuses (reads then return all-ones). Never touches
 * anything but *d and the backend. */
int pci_cfg_access(struct pci_vdev *d, unsigned offset, unsigned size, int is_write, uint32_t *val);

uint16_t pci_vdev_command(const struct pci_vdev *d);
/* MSI as the guest programmed it: enabled (0/1), address and data. */
int pci_vdev_msi(const struct pci_vdev *d, uint64_t *addr, uint32_t *data);
/* MSI-X enable (0/1); *maskall = the function mask bit. */
int pci_vdev_msix(const struct pci_vdev *d, int *maskall);

#endif
