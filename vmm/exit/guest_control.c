/* Each request is validated against the VM's layout before any KVM call, so
 * a guest cannot map over RAM, a device or another slot, nor leak host memory. */
#include "exit/guest_control.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "util/errmsg.h"
#include "uvmm/abi.h"

#define SLOT_MAX_SIZE (64ull << 20)
#define PAGE 4096ull

struct why {
	char *buf;
	size_t len;
};

/* A refusal: the status for the guest, the reason for the log. */
#define REFUSE(w, st, ...) (errmsg((w)->buf, (w)->len, __VA_ARGS__), (st))

static int ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Read-only slots are filled with a known pattern (each 64-bit word holds its
 * own GPA) so a guest can tell that a read hit memory and not a device. */
static void fill_pattern(uint64_t *words, uint64_t gpa, uint64_t size)
{
	for (uint64_t i = 0; i < size / 8; i++)
		words[i] = gpa + i * 8;
}

static int slot_add(struct vm *vm, struct why *w, uint64_t slot, uint64_t gpa, uint64_t size,
		    uint64_t flags)
{
	struct vm_slot *s;
	uint32_t kflags = 0;
	void *host;

	if (slot == 0 || slot >= VM_MAX_SLOTS)
		return REFUSE(w, UVMM_HC_EINVAL, "memslot %llu is not one of 1..%d",
			      (unsigned long long)slot, VM_MAX_SLOTS - 1);
	if (vm->slots[slot].host)
		return REFUSE(w, UVMM_HC_EINVAL, "memslot %llu is already in use", (unsigned long long)slot);
	if (!size || size > SLOT_MAX_SIZE || gpa % PAGE || size % PAGE || gpa + size < gpa ||
	    gpa + size > (1ull << 32))
		return REFUSE(w, UVMM_HC_EINVAL,
			      "memslot [0x%llx, +0x%llx) must be 4 KiB aligned, at most 64 MiB, below 4 GiB",
			      (unsigned long long)gpa, (unsigned long long)size);
	if (flags & ~(uint64_t)(UVMM_SLOT_READONLY | UVMM_SLOT_LOG_DIRTY))
		return REFUSE(w, UVMM_HC_EINVAL, "unknown memslot flags 0x%llx", (unsigned long long)flags);
	if (ranges_overlap(gpa, size, 0, vm->mem.size))
		return REFUSE(w, UVMM_HC_EINVAL, "memslot at 0x%llx overlaps guest RAM", (unsigned long long)gpa);
	if (ranges_overlap(gpa, size, UVMM_TESTDEV_BASE, UVMM_TESTDEV_SIZE))
		return REFUSE(w, UVMM_HC_EINVAL, "memslot at 0x%llx overlaps the MMIO test device",
			      (unsigned long long)gpa);
	for (unsigned i = 1; i < VM_MAX_SLOTS; i++)
		if (vm->slots[i].host && ranges_overlap(gpa, size, vm->slots[i].gpa, vm->slots[i].size))
			return REFUSE(w, UVMM_HC_EINVAL, "memslot at 0x%llx overlaps memslot %u",
				      (unsigned long long)gpa, i);
	host = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (host == MAP_FAILED)
		return REFUSE(w, UVMM_HC_EINVAL, "no host memory for the memslot: %s", strerror(errno));
	if (flags & UVMM_SLOT_READONLY) {
		fill_pattern(host, gpa, size);
		kflags |= KVM_MEM_READONLY;
	}
	if (flags & UVMM_SLOT_LOG_DIRTY)
		kflags |= KVM_MEM_LOG_DIRTY_PAGES;
	if (kvm_set_memslot(vm->fd, (uint32_t)slot, kflags, gpa, size, host) < 0) {
		int e = errno;
		munmap(host, size);
		return REFUSE(w, UVMM_HC_EINVAL, "KVM_SET_USER_MEMORY_REGION: %s", strerror(e));
	}
	s = &vm->slots[slot];
	*s = (struct vm_slot){ gpa, size, kflags, host };
	return UVMM_HC_OK;
}

static int slot_remove(struct vm *vm, struct why *w, uint64_t slot)
{
	struct vm_slot *s;

	if (slot == 0 || slot >= VM_MAX_SLOTS || !vm->slots[slot].host)
		return REFUSE(w, UVMM_HC_EINVAL, "memslot %llu was not added by the guest",
			      (unsigned long long)slot);
	s = &vm->slots[slot];
	/* Size 0 deletes the slot; KVM drops its mappings before returning. */
	if (kvm_set_memslot(vm->fd, (uint32_t)slot, 0, s->gpa, 0, s->host) < 0)
		return REFUSE(w, UVMM_HC_EINVAL, "deleting memslot: %s", strerror(errno));
	munmap(s->host, s->size);
	memset(s, 0, sizeof(*s));
	return UVMM_HC_OK;
}

static int dirty_log(struct vm *vm, struct why *w, uint64_t slot, uint64_t buf, uint64_t len)
{
	uint64_t bitmap[SLOT_MAX_SIZE / PAGE / 64];
	struct kvm_dirty_log log = { .slot = (uint32_t)slot, .dirty_bitmap = bitmap };
	uint64_t need;

	if (slot == 0 || slot >= VM_MAX_SLOTS || !vm->slots[slot].host ||
	    !(vm->slots[slot].flags & KVM_MEM_LOG_DIRTY_PAGES))
		return REFUSE(w, UVMM_HC_EINVAL, "memslot %llu does not log dirty pages",
			      (unsigned long long)slot);
	need = (vm->slots[slot].size / PAGE + 63) / 64 * 8;
	if (len < need)
		return REFUSE(w, UVMM_HC_EINVAL, "dirty bitmap needs %llu bytes, buffer has %llu",
			      (unsigned long long)need, (unsigned long long)len);
	memset(bitmap, 0, need);
	if (ioctl(vm->fd, KVM_GET_DIRTY_LOG, &log) < 0)
		return REFUSE(w, UVMM_HC_EINVAL, "KVM_GET_DIRTY_LOG: %s", strerror(errno));
	if (guest_write(&vm->mem, buf, bitmap, need) < 0)
		return REFUSE(w, UVMM_HC_EFAULT, "dirty bitmap buffer 0x%llx + %llu is outside guest RAM",
			      (unsigned long long)buf, (unsigned long long)need);
	return UVMM_HC_OK;
}

static int signal_msi(struct vm *vm, struct why *w, uint64_t address, uint64_t data)
{
	struct kvm_msi msi = {
		.address_lo = (uint32_t)address,
		.address_hi = (uint32_t)(address >> 32),
		.data = (uint32_t)data,
	};

	if (!vm->irqchip)
		return REFUSE(w, UVMM_HC_EINVAL, "MSI needs the in-kernel irqchip (irqchip=1)");
	/* 1: delivered, 0: blocked by the guest; both are the guest's business. */
	if (ioctl(vm->fd, KVM_SIGNAL_MSI, &msi) < 0)
		return REFUSE(w, UVMM_HC_EINVAL, "KVM_SIGNAL_MSI: %s", strerror(errno));
	return UVMM_HC_OK;
}

/* A level on a GSI of the in-kernel IOAPIC (and PIC below 16), as a device's
 * INTx wire would drive it: the guest can test its IOAPIC without a device. */
static int irq_line(struct vm *vm, struct why *w, uint64_t gsi, uint64_t level)
{
	struct kvm_irq_level l = { .irq = (uint32_t)gsi, .level = (uint32_t)level };

	if (!vm->irqchip)
		return REFUSE(w, UVMM_HC_EINVAL, "irq_line needs the in-kernel irqchip (irqchip=1)");
	if (gsi > 23 || level > 1)
		return REFUSE(w, UVMM_HC_EINVAL, "irq_line: GSI %llu level %llu (GSI 0..23, level 0 or 1)",
			      (unsigned long long)gsi, (unsigned long long)level);
	if (ioctl(vm->fd, KVM_IRQ_LINE, &l) < 0)
		return REFUSE(w, UVMM_HC_EINVAL, "KVM_IRQ_LINE: %s", strerror(errno));
	return UVMM_HC_OK;
}

static int inject_irq(struct vcpu *v, struct why *w, uint64_t vector)
{
	if (vector < 32 || vector > 255)
		return REFUSE(w, UVMM_HC_EINVAL, "vector %llu is not one of 32..255",
			      (unsigned long long)vector);
	if (v->vm->irqchip) /* fixed delivery to this vCPU's LAPIC */
		return signal_msi(v->vm, w, 0xfee00000ull | ((uint64_t)v->h.id << 12), vector);
	if (v->pending_irq >= 0)
		return REFUSE(w, UVMM_HC_EINVAL, "vector %d is still waiting for an interrupt window",
			      v->pending_irq);
	v->pending_irq = (int)vector;
	return UVMM_HC_OK;
}

int vm_control(struct vcpu *v, const struct exit_event *ev, char *err, size_t errlen)
{
	const struct ev_arg *a = ev->args;
	struct why w = { err, errlen };

	if (ev->kind != EV_HCALL || ev->status != UVMM_HC_OK)
		return ev->status;
	switch (ev->addr) {
	case UVMM_HC_MEMSLOT:
		return a[0].num == UVMM_SLOT_ADD
			       ? slot_add(v->vm, &w, a[1].num, a[2].num, a[3].num, a[4].num)
			       : slot_remove(v->vm, &w, a[1].num);
	case UVMM_HC_DIRTY_LOG:
		return dirty_log(v->vm, &w, a[0].num, a[1].num, a[2].num);
	case UVMM_HC_IRQ:
		return inject_irq(v, &w, a[0].num);
	case UVMM_HC_MSI:
		return signal_msi(v->vm, &w, a[0].num, a[1].num);
	case UVMM_HC_IRQ_LINE:
		return irq_line(v->vm, &w, a[0].num, a[1].num);
	default:
		return UVMM_HC_OK;
	}
}

void vm_control_irq_window(struct vcpu *v)
{
	struct kvm_run *run = v->h.run;

	if (v->pending_irq < 0)
		return;
	if (run->ready_for_interrupt_injection && run->if_flag) {
		struct kvm_interrupt irq = { .irq = (uint32_t)v->pending_irq };

		if (ioctl(v->h.fd, KVM_INTERRUPT, &irq) == 0) {
			v->pending_irq = -1;
			run->request_interrupt_window = 0;
			return;
		}
	}
	run->request_interrupt_window = 1;
}

void vm_control_release(struct vm *vm)
{
	for (unsigned i = 1; i < VM_MAX_SLOTS; i++) {
		struct vm_slot *s = &vm->slots[i];

		if (!s->host)
			continue;
		if (vm->fd >= 0)
			kvm_set_memslot(vm->fd, i, 0, s->gpa, 0, s->host);
		munmap(s->host, s->size);
		memset(s, 0, sizeof(*s));
	}
}
