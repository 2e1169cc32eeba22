#include "machine/vm_irq.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "util/errmsg.h"

_Static_assert(VM_IRQ_REFUSED == -1, "errmsg() returns -1: a refusal");

int vm_irq_line(struct vm *vm, uint64_t gsi, uint64_t level, char *err, size_t errlen)
{
	struct kvm_irq_level l = { .irq = (uint32_t)gsi, .level = (uint32_t)level };

	if (!vm->irqchip)
		return errmsg(err, errlen, "irq_line needs the in-kernel irqchip (irqchip=1)");
	if (gsi > 23 || level > 1)
		return errmsg(err, errlen, "irq_line: GSI %llu level %llu (GSI 0..23, level 0 or 1)",
			      (unsigned long long)gsi, (unsigned long long)level);
	if (ioctl(vm->fd, KVM_IRQ_LINE, &l) < 0) {
		errmsg(err, errlen, "KVM_IRQ_LINE: %s", strerror(errno));
		return VM_IRQ_KVM_FAILED;
	}
	return 0;
}

int vm_signal_msi(struct vm *vm, uint64_t address, uint64_t data, char *err, size_t errlen)
{
	struct kvm_msi msi = {
		.address_lo = (uint32_t)address,
		.address_hi = (uint32_t)(address >> 32),
		.data = (uint32_t)data,
	};

	if (!vm->irqchip)
		return errmsg(err, errlen, "MSI needs the in-kernel irqchip (irqchip=1)");
	/* 1: delivered, 0: blocked by the guest; both are the guest's business.
	 * An error is KVM's. */
	if (ioctl(vm->fd, KVM_SIGNAL_MSI, &msi) < 0) {
		errmsg(err, errlen, "KVM_SIGNAL_MSI: %s", strerror(errno));
		return VM_IRQ_KVM_FAILED;
	}
	return 0;
}
