/* Guest-side PCI on bus 0: configuration mechanism #1 (ports 0xCF8/0xCFC) or
 * ECAM (MMIO at PCI_ECAM_BASE), enumeration, BARs, the MSI capability. 64-bit. */
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
#define PCI_CAP_MSI 0x05

enum pci_mech { PCI_MECH_IO, PCI_MECH_ECAM };

/* Which mechanism the functions below use (default: ECAM, one exit per access). */
void pci_use(enum pci_mech m);

/* Function 0 of slot on bus 0; offsets naturally aligned. */
uint32_t pci_read32(unsigned slot, unsigned off);
uint16_t pci_read16(unsigned slot, unsigned off);
void pci_write32(unsigned slot, unsigned off, uint32_t v);

/* The first slot whose vendor:device matches, scanning from slot 0; -1 if none. */
int pci_find(uint16_t vendor, uint16_t device);
/* Size of a 32-bit memory BAR by the standard write-ones probe (restores it). */
uint32_t pci_bar_size(unsigned slot, unsigned bar);
/* Offset of capability id in the list, or 0. */
unsigned pci_find_cap(unsigned slot, unsigned id);
/* Programs a 64-bit MSI capability at cap: address, data, then enable. */
void pci_msi_enable(unsigned slot, unsigned cap, uint64_t addr, uint16_t data);

#endif
