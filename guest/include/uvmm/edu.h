/* A driver for QEMU's edu device (PCI 1234:11e8): identification, liveness,
 * factorial and DMA with completion interrupts (MSI or INTx). 64-bit guests only. */
#ifndef UVMM_GUEST_EDU_H
#define UVMM_GUEST_EDU_H

#include <stdint.h>

#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8
#define EDU_ID_VALUE 0x010000edu

#define EDU_REG_ID 0x00
#define EDU_REG_LIVE 0x04
#define EDU_REG_FACT 0x08
#define EDU_REG_STATUS 0x20
#define EDU_REG_IRQ_STATUS 0x24
#define EDU_REG_IRQ_RAISE 0x60
#define EDU_REG_IRQ_ACK 0x64
#define EDU_REG_DMA_SRC 0x80
#define EDU_REG_DMA_DST 0x88
#define EDU_REG_DMA_CNT 0x90
#define EDU_REG_DMA_CMD 0x98

#define EDU_STATUS_IRQ_FACT 0x80u
#define EDU_IRQ_FACT 0x1u
#define EDU_IRQ_DMA 0x100u
#define EDU_DMA_START 0x1u
#define EDU_DMA_TO_RAM 0x2u
#define EDU_DMA_IRQ 0x4u
#define EDU_DMA_BUF 0x40000u  /* the device's 4 KiB buffer, in device address space */
#define EDU_DMA_MAX 4096u

struct edu {
	int slot;
	uintptr_t bar;        /* BAR0 guest-physical (identity-mapped) */
	unsigned msi_cap;
	unsigned intx_pin, intx_line; /* config 0x3d/0x3c: pin 1-4 (0 none), the GSI */
	volatile int irqs;    /* interrupts taken */
	volatile uint32_t last_status; /* interrupt status of the last one */
};

/* Finds edu, reads BAR0, enables memory decoding and bus mastering, turns
 * the factorial interrupt off and acknowledges any stale interrupt status.
 * Returns 0, or -1 when there is no edu on bus 0. */
int edu_probe(struct edu *e);
uint32_t edu_read(const struct edu *e, unsigned reg);
void edu_write(const struct edu *e, unsigned reg, uint32_t v);
/* Routes edu's MSI to vector on APIC 0 and installs the handler, which reads
 * the interrupt status, acknowledges it and sends EOI. */
void edu_msi_enable(struct edu *e, unsigned vector);
/* Routes edu's INTx (its pin, on the IOAPIC pin its interrupt line names)
 * level-triggered to vector on APIC 0, with the same handler. Returns 0, or
 * -1 when edu has no pin or the line is unknown (0xff). */
int edu_intx_enable(struct edu *e, unsigned vector);
/* Waits with interrupts enabled until the interrupt count exceeds seen. */
void edu_wait_irq(struct edu *e, int seen);
/* Starts a DMA of cnt bytes; to_ram: device buffer -> RAM. With an interrupt. */
void edu_dma_start(const struct edu *e, uint64_t src, uint64_t dst, uint32_t cnt, int to_ram);

#endif
