/* Test-control hypercalls map onto machine operations; every refusal becomes
 * a status for the guest (UVMM_HC_E*) and a one-line reason for the log. */
#include "exit/guest_control.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "machine/memslots.h"
#include "machine/vm_irq.h"
#include "util/errmsg.h"
#include "uvmm/abi.h"

/* A refusal: the status for the guest, the reason for the log. */
#define REFUSE(err, errlen, st, ...) (errmsg((err), (errlen), __VA_ARGS__), (st))
/* A machine call's -1 is the guest's (refused), -2 the host's. */
#define STATUS_OF(r) ((r) == 0 ? UVMM_HC_OK : (r) == -2 ? GUEST_CONTROL_HOST_ERROR : UVMM_HC_EINVAL)

static int dirty_log(struct vm *vm, uint64_t slot, uint64_t buf, uint64_t len, char *err,
		     size_t errlen)
{
	uint64_t bitmap[UVMM_SLOT_MAX_SIZE / 4096 / 64];
	uint64_t need = memslot_dirty_bitmap_size(&vm->slots, slot, err, errlen);
	int r;

	if (!need)
		return UVMM_HC_EINVAL;
	if (len < need)
		return REFUSE(err, errlen, UVMM_HC_EINVAL, "dirty bitmap needs %llu bytes, buffer has %llu",
			      (unsigned long long)need, (unsigned long long)len);
	r = memslot_dirty_log(&vm->slots, slot, bitmap, err, errlen);
	if (r < 0)
		return STATUS_OF(r);
	if (guest_write(&vm->mem, buf, bitmap, need) < 0)
		return REFUSE(err, errlen, UVMM_HC_EFAULT,
			      "dirty bitmap buffer 0x%llx + %llu is outside guest RAM",
			      (unsigned long long)buf, (unsigned long long)need);
	return UVMM_HC_OK;
}

/* A machine-level interrupt's result as the hypercall's status: a refused
 * request is the guest's (EINVAL), a failed KVM call the host's. */
static int status_of(int r)
{
	return r == 0 ? UVMM_HC_OK : r == VM_IRQ_REFUSED ? UVMM_HC_EINVAL : GUEST_CONTROL_HOST_ERROR;
}

static int signal_msi(struct vm *vm, uint64_t address, uint64_t data, char *err, size_t errlen)
{
	return status_of(vm_signal_msi(vm, address, data, err, errlen));
}

/* A level on a GSI of the in-kernel IOAPIC (and PIC below 16), as a device's
 * INTx wire would drive it: the guest can test its IOAPIC without a device. */
static int irq_line(struct vm *vm, uint64_t gsi, uint64_t level, char *err, size_t errlen)
{
	return status_of(vm_irq_line(vm, gsi, level, err, errlen));
}

static int inject_irq(struct vcpu *v, uint64_t vector, char *err, size_t errlen)
{
	if (vector < 32 || vector > 255)
		return REFUSE(err, errlen, UVMM_HC_EINVAL, "vector %llu is not one of 32..255",
			      (unsigned long long)vector);
	if (v->vm->irqchip) /* fixed delivery to this vCPU's LAPIC */
		return signal_msi(v->vm, 0xfee00000ull | ((uint64_t)v->h.id << 12), vector, err, errlen);
	if (vcpu_queue_irq(v, (unsigned)vector) < 0)
		return REFUSE(err, errlen, UVMM_HC_EINVAL,
			      "vector %d is still waiting for an interrupt window", v->pending_irq);
	return UVMM_HC_OK;
}

static int memslot(struct vm *vm, const struct ev_arg *a, char *err, size_t errlen)
{
	int r = a[0].num == UVMM_SLOT_ADD
			? memslot_add(&vm->slots, a[1].num, a[2].num, a[3].num, a[4].num, err, errlen)
			: memslot_remove(&vm->slots, a[1].num, err, errlen);

	return STATUS_OF(r);
}

/* A lowest-priority MSI names no one vCPU: the guest's irq_target program,
 * when it has one, picks it (the MSI becomes a fixed one to that vCPU). */
static int guest_msi(struct vcpu *v, struct hupcall_set *hu, uint64_t address, uint64_t data,
		     char *err, size_t errlen)
{
	if (hu && v->vm->irqchip)
		hupcall_irq_target(hu, (unsigned)v->h.id, &address, &data);
	return signal_msi(v->vm, address, data, err, errlen);
}

static int hupcall_call(struct hupcall_set *hu, const struct exit_event *ev, char *err, size_t errlen)
{
	int st;

	if (!hu)
		return REFUSE(err, errlen, UVMM_HC_ENOSYS, "hyperupcalls are not available in this run");
	st = hupcall_hypercall(hu, ev, err, errlen);
	return st == HUPCALL_HOST_ERROR ? GUEST_CONTROL_HOST_ERROR : st;
}

/* IOMMU control of the passed-through device (docs/vfio.md). */
static int iommu(struct vm *vm, const struct ev_arg *a, char *err, size_t errlen)
{
	const struct dma_control *d = &vm->dma;
	struct uvmm_iommu_host h;
	int r;

	if (!d->map)
		return REFUSE(err, errlen, UVMM_HC_EINVAL, "iommu: no passed-through device (vfio=)");
	switch (a[0].num) {
	case UVMM_IOMMU_MAP:
		r = d->map(d->ctx, a[1].num, a[2].num, a[3].num, a[4].num, err, errlen);
		break;
	case UVMM_IOMMU_UNMAP:
		r = d->unmap(d->ctx, a[1].num, a[3].num, err, errlen);
		break;
	default:
		memset(&h, 0, sizeof(h));
		r = d->host(d->ctx, &h, err, errlen);
		if (r == 0 && guest_write(&vm->mem, a[5].num, &h, sizeof(h)) < 0)
			return REFUSE(err, errlen, UVMM_HC_EFAULT, "iommu: buffer 0x%llx + %zu is outside guest RAM",
				      (unsigned long long)a[5].num, sizeof(h));
		break;
	}
	return r < 0 ? UVMM_HC_EINVAL : UVMM_HC_OK;
}

int guest_control(struct vcpu *v, struct hupcall_set *hu, const struct exit_event *ev, char *err,
		  size_t errlen)
{
	const struct ev_arg *a = ev->args;

	if (ev->kind != EV_HCALL || ev->status != UVMM_HC_OK)
		return ev->status;
	switch (ev->addr) {
	case UVMM_HC_MEMSLOT:
		return memslot(v->vm, a, err, errlen);
	case UVMM_HC_DIRTY_LOG:
		return dirty_log(v->vm, a[0].num, a[1].num, a[2].num, err, errlen);
	case UVMM_HC_IRQ:
		return inject_irq(v, a[0].num, err, errlen);
	case UVMM_HC_MSI:
		return guest_msi(v, hu, a[0].num, a[1].num, err, errlen);
	case UVMM_HC_HUPCALL:
		return hupcall_call(hu, ev, err, errlen);
	case UVMM_HC_IRQ_LINE:
		return irq_line(v->vm, a[0].num, a[1].num, err, errlen);
	case UVMM_HC_IOMMU:
		return iommu(v->vm, a, err, errlen);
	default:
		return UVMM_HC_OK;
	}
}
