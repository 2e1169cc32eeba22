/* The MSI-X table and pending-bit array of a passed-through function as the
 * guest sees them: the VMM owns both (the device's own table holds host vectors). */
#ifndef UVMM_PCI_PCI_MSIX_H
#define UVMM_PCI_PCI_MSIX_H

#include <stdint.h>

#define PCI_MSIX_MAX_VEC 2048u     /* the most a table can have */
#define PCI_MSIX_ENTRY 16u         /* bytes per table entry */
#define PCI_MSIX_VCTRL_MASK 0x1u   /* vector control: masked */

struct msix_entry {
	uint32_t addr_lo, addr_hi, data, ctrl;
};

struct pci_msix {
	unsigned nvec;             /* 0: the function has no MSI-X */
	int table_bar, pba_bar;
	uint64_t table_off, pba_off; /* inside their BARs */
	struct msix_entry table[PCI_MSIX_MAX_VEC];
	uint64_t pending[PCI_MSIX_MAX_VEC / 64];
	unsigned rejected;         /* accesses refused (width, alignment) */
};

enum msix_where { MSIX_NONE, MSIX_TABLE, MSIX_PBA };

/* From the capability's control word and its table and PBA dwords. Every
 * vector starts masked, as after reset. */
void pci_msix_init(struct pci_msix *x, uint16_t ctrl, uint32_t table_dw, uint32_t pba_dw);

/* The bytes [*lo, *hi) of BAR bar that the table and PBA occupy (the
 * smallest range covering both when they share the BAR). Returns 0 if none. */
int pci_msix_span(const struct pci_msix *x, int bar, uint64_t *lo, uint64_t *hi);

/* Whether [off, off+size) of BAR bar touches the table or the PBA. */
enum msix_where pci_msix_where(const struct pci_msix *x, int bar, uint64_t off, unsigned size);

/* A guest access to the table: 4 or 8 bytes, naturally aligned, off relative
 * to BAR bar. Returns the vector whose entry changed, -1 for none, -2 for an
 * access the model refuses (reads then are all-ones). */
int pci_msix_table_access(struct pci_msix *x, int bar, uint64_t off, unsigned size, int is_write,
			  uint8_t *data);
/* A guest read of the PBA (writes are ignored, as the spec allows). Returns 0
 * or -1 for a refused access (all-ones). */
int pci_msix_pba_access(struct pci_msix *x, int bar, uint64_t off, unsigned size, int is_write,
			uint8_t *data);

void pci_msix_set_pending(struct pci_msix *x, unsigned v, int on);
int pci_msix_pending(const struct pci_msix *x, unsigned v);
/* The message of vector v; returns 1 when the guest lets it through: MSI-X
 * enabled, no function mask, the entry unmasked. */
int pci_msix_vector(const struct pci_msix *x, unsigned v, int enabled, int maskall, uint64_t *addr,
		    uint32_t *data);

#endif
