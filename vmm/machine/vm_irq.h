/* Interrupts raised on a VM's in-kernel irqchip by whoever models a device
 * (a lab device, a test-control hypercall): a GSI level or an MSI message. */
#ifndef UVMM_MACHINE_VM_IRQ_H
#define UVMM_MACHINE_VM_IRQ_H

#include <stddef.h>
#include <stdint.h>

#include "machine/vm.h"

/* Drives GSI 0..23 of the in-kernel IOAPIC (and the PIC below 16) to level
 * 0 or 1, as a device's INTx wire would. Returns 0, or -1 with a one-line
 * reason (no irqchip, GSI or level out of range, KVM_IRQ_LINE failed). */
int vm_irq_line(struct vm *vm, uint64_t gsi, uint64_t level, char *err, size_t errlen);

/* Sends the MSI message (address, data) into the in-kernel LAPICs. A message
 * the guest blocks (masked, disabled) is not an error. Returns 0, or -1 with
 * a one-line reason (no irqchip, KVM_SIGNAL_MSI failed). */
int vm_signal_msi(struct vm *vm, uint64_t address, uint64_t data, char *err, size_t errlen);

#endif
