/* The I/O APIC at 0xfec00000 (KVM's in-kernel one under irqchip=1): routes a
 * pin (a GSI 0-23) to a vector on an APIC, edge or level triggered. 64-bit only. */
#ifndef UVMM_IOAPIC_H
#define UVMM_IOAPIC_H

#include <stdint.h>

#define IOAPIC_BASE 0xfec00000ull
#define IOAPIC_PINS 24

#define IOAPIC_REG_ID 0x00
#define IOAPIC_REG_VERSION 0x01
#define IOAPIC_REG_REDIR 0x10 /* pin p: low dword 0x10 + 2p, high 0x11 + 2p */

#define IOAPIC_REDIR_REMOTE_IRR (1u << 14) /* level: delivered, waiting for EOI */
#define IOAPIC_REDIR_LEVEL (1u << 15)
#define IOAPIC_REDIR_MASKED (1u << 16)

enum ioapic_trigger { IOAPIC_EDGE, IOAPIC_LEVEL };

uint32_t ioapic_read(unsigned reg);
void ioapic_write(unsigned reg, uint32_t v);
/* Number of pins from the version register (maximum redirection entry + 1). */
unsigned ioapic_pins(void);
/* Routes pin to vector on APIC apic_id (fixed delivery, physical destination,
 * active high), unmasked. */
void ioapic_route(unsigned pin, unsigned vector, enum ioapic_trigger trig, unsigned apic_id);
void ioapic_mask(unsigned pin, int masked);
/* The low dword of pin's redirection entry (remote IRR, mask, vector, ...). */
uint32_t ioapic_redir(unsigned pin);

#endif
