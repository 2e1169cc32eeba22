/* What the host kernel says about a passed-through device, as text: its
 * /proc/interrupts rows and its kernel log messages (IOMMU faults, stray
 * interrupts). Pure parsers; vfio/host_watch.c reads the files. */
#ifndef UVMM_VFIO_HOST_LOG_H
#define UVMM_VFIO_HOST_LOG_H

#include <stdint.h>

/* Sums over a /proc/interrupts text: every CPU column of the rows whose
 * description names the device "(BDF)" (vfio-pci's "vfio-msi[0](0000:00:01.0)"),
 * and of the SPU and ERR rows (ERR has a single total). Returns 0, or -1 when
 * the text has no CPU header line. */
struct host_irq_counts {
	uint64_t dev, spurious, errors;
};
int host_log_interrupts(const char *text, const char *bdf, struct host_irq_counts *out);

/* One kernel log message (the text after /dev/kmsg's "prio,seq,ts,flags;"),
 * classified into the counters it adds to. DMA faults count only when they
 * name the device bdf ("0000:00:01.0": VT-d writes "[00:01.0]", AMD-Vi
 * "device=0000:00:01.0"), so a run beside another device's sees its own.
 * Interrupt-remapping faults count whatever device they name: a request
 * without a source ID (QEMU's edu) is recorded as device ff:1f.7. */
struct host_log_counts {
	uint64_t dma_faults, ir_faults, unhandled;
	uint64_t last_reason, last_addr; /* of the last fault line counted */
};
void host_log_message(const char *msg, const char *bdf, struct host_log_counts *c);

#endif
