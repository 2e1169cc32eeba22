/* Guest-side PCI on bus 0: configuration mechanism #1 (ports 0xCF8/0xCFC) or
 * ECAM (MMIO at PCI_ECAM_BASE), enumeration, BARs, MSI and MSI-X. 64-bit. */
#ifndef UVMM_GUEST_PCI_H
#define UVMM_GUEST_PCI_H

#include <stdint.h>

#define PCI_ECAM_BASE 0xe0000000ull
#define PCI_SLOTS 32
#define PCI_CFG_ADDR(slot, off) (0x80000000u | (uint32_t)(slot) << 11 | ((off) & 0xfcu))
#define PCI_ECAM_ADDR(slot, off) (PCI_ECAM_BASE + ((uint64_t)(slot) << 15) + (off))

#define PCI_REG_ID 0x00
#define PCI_REG_COMMAND 0x04
#define PCI_REG_CLASS 0x08
#define PCI_REG_BAR0 0x10
#define PCI_REG_CAP_PTR 0x34
#define PCI_REG_INT_LINE 0x3c /* dword: line, pin, min_gnt, max_lat */
#define PCI_COMMAND_INTX_DISABLE 0x400u
#define PCI_STATUS_INTERRUPT (0x08u << 16) /* in the command/status dword */
#define PCI_COMMAND_MEM 0x2u
#define PCI_COMMAND_MASTER 0x4u
#define PCI_BAR_IO 0x1u
#define PCI_BAR_TYPE_MASK 0x6u
#define PCI_BAR_TYPE_64 0x4u
#define PCI_CAP_MSI 0x05
#define PCI_CAP_VENDOR 0x09
#define PCI_CAP_MSIX 0x11

/* MSI-X (PCI Local Bus 3.0, 6.8.2): message control at cap + 2, table and
 * PBA locations (BIR in bits 2:0, offset in the rest) at cap + 4 and + 8. */
#define PCI_MSIX_CTRL 0x02
#define PCI_MSIX_TABLE 0x04
#define PCI_MSIX_PBA 0x08
#define PCI_MSIX_CTRL_SIZE 0x07ffu   /* table size - 1 */
#define PCI_MSIX_CTRL_MASKALL 0x4000u /* function mask */
#define PCI_MSIX_CTRL_ENABLE 0x8000u
#define PCI_MSIX_BIR 0x7u
/* One table entry: message address low/high, data, vector control. */
#define PCI_MSIX_ENTRY_SIZE 16
#define PCI_MSIX_ENTRY_ADDR_LO 0x0
#define PCI_MSIX_ENTRY_ADDR_HI 0x4
#define PCI_MSIX_ENTRY_DATA 0x8
#define PCI_MSIX_ENTRY_VCTRL 0xc
#define PCI_MSIX_VCTRL_MASK 0x1u

enum pci_mech { PCI_MECH_IO, PCI_MECH_ECAM };

/* Which mechanism the functions below use (default: ECAM, one exit per access). */
void pci_use(enum pci_mech m);

/* Function 0 of slot on bus 0; offsets naturally aligned. */
uint32_t pci_read32(unsigned slot, unsigned off);
uint16_t pci_read16(unsigned slot, unsigned off);
void pci_write32(unsigned slot, unsigned off, uint32_t v);
void pci_write16(unsigned slot, unsigned off, uint16_t v);

/* The first slot whose vendor:device matches, scanning from slot 0; -1 if none. */
int pci_find(uint16_t vendor, uint16_t device);
/* Size of a 32-bit memory BAR by the standard write-ones probe (restores it). */
uint32_t pci_bar_size(unsigned slot, unsigned bar);
/* Address a memory BAR decodes at: one read, two for a 64-bit BAR (its high
 * dword is the next BAR). 0 for an I/O BAR. */
uint64_t pci_bar_addr(unsigned slot, unsigned bar);
/* Offset of capability id in the list, or 0. */
unsigned pci_find_cap(unsigned slot, unsigned id);
/* Programs a 64-bit MSI capability at cap: address, data, then enable. */
void pci_msi_enable(unsigned slot, unsigned cap, uint64_t addr, uint16_t data);

/* A function's MSI-X capability and where its table and PBA are mapped. The
 * table and PBA are accessed with one 4-byte MMIO access per field (trapped:
 * one exit each); the BARs must decode (command MEM) before they are used. */
struct pci_msix {
	unsigned slot;
	unsigned cap;      /* config offset of the capability */
	unsigned entries;  /* table size */
	uintptr_t table;   /* guest-physical address of entry 0 */
	uintptr_t pba;     /* guest-physical address of the pending bit array */
};

/* Finds the capability and reads its control word, table and PBA locations
 * and the BAR(s) they live in. Returns 0, or -1 without an MSI-X capability
 * or with a table or PBA in an I/O or unassigned BAR. */
int pci_msix_probe(struct pci_msix *m, unsigned slot);
/* Writes the message control word: PCI_MSIX_CTRL_ENABLE and/or _MASKALL
 * (the other bits are read-only). */
void pci_msix_control(const struct pci_msix *m, uint16_t ctrl);
/* Programs an entry's address and data; its mask bit is left alone. */
void pci_msix_set_entry(const struct pci_msix *m, unsigned entry, uint64_t addr, uint32_t data);
/* Sets or clears an entry's mask bit (read-modify-write: the other vector
 * control bits are reserved and must be preserved). */
void pci_msix_mask(const struct pci_msix *m, unsigned entry, int masked);
/* An entry's pending bit in the PBA (one 4-byte read). */
int pci_msix_pending(const struct pci_msix *m, unsigned entry);

#endif
