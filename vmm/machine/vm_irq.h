/* Interrupts raised on a VM's in-kernel irqchip by whoever models a device
 * (a lab device, a test-control hypercall): a GSI level or an MSI message. */
#ifndef UVMM_MACHINE_VM_IRQ_H
#define UVMM_MACHINE_VM_IRQ_H

#include <stddef.h>
#include <stdint.h>

#include "machine/vm.h"

/* What a refusal was: the request (no irqchip, out of range) or KVM. */
#define VM_IRQ_REFUSED (-1)
#define VM_IRQ_KVM_FAILED (-2)

/* Drives GSI 0..23 of the in-kernel IOAPIC (and the PIC below 16) to level
 * 0 or 1, as a device's INTx wire would. Returns 0, or VM_IRQ_REFUSED (no
 * irqchip, GSI or level out of range) or VM_IRQ_KVM_FAILED (KVM_IRQ_LINE
 * failed), with a one-line reason. */
int vm_irq_line(struct vm *vm, uint64_t gsi, uint64_t level, char *err, size_t errlen);

/* Sends the MSI message (address, data) into the in-kernel LAPICs. A message
 * the guest blocks (masked, disabled) is not an error. Returns 0, or
 * VM_IRQ_REFUSED (no irqchip) or VM_IRQ_KVM_FAILED, with a one-line reason. */
int vm_signal_msi(struct vm *vm, uint64_t address, uint64_t data, char *err, size_t errlen);

#endif
