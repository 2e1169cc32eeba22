/* Each request is validated against the VM's layout before any KVM call, so
 * a guest cannot map over RAM, a device or another slot, nor leak host memory. */
#include "vm_control.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "uvmm/abi.h"

#define SLOT_MAX_SIZE (64ull << 20)
#define PAGE 4096ull

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

static int slot_add(struct vm *vm, uint64_t slot, uint64_t gpa, uint64_t size, uint64_t flags)
{
	struct vm_slot *s;
	uint32_t kflags = 0;
	void *host;

	if (slot == 0 || slot >= VM_MAX_SLOTS || vm->slots[slot].host)
		return UVMM_HC_EINVAL;
	if (!size || size > SLOT_MAX_SIZE || gpa % PAGE || size % PAGE || gpa + size < gpa ||
	    gpa + size > (1ull << 32) || (flags & ~(uint64_t)(UVMM_SLOT_READONLY | UVMM_SLOT_LOG_DIRTY)))
		return UVMM_HC_EINVAL;
	if (ranges_overlap(gpa, size, 0, vm->mem.size) ||
	    ranges_overlap(gpa, size, UVMM_TESTDEV_BASE, UVMM_TESTDEV_SIZE))
		return UVMM_HC_EINVAL;
	for (unsigned i = 1; i < VM_MAX_SLOTS; i++)
		if (vm->slots[i].host && ranges_overlap(gpa, size, vm->slots[i].gpa, vm->slots[i].size))
			return UVMM_HC_EINVAL;
	host = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (host == MAP_FAILED)
		return UVMM_HC_EINVAL;
	if (flags & UVMM_SLOT_READONLY) {
		fill_pattern(host, gpa, size);
		kflags |= KVM_MEM_READONLY;
	}
	if (flags & UVMM_SLOT_LOG_DIRTY)
		kflags |= KVM_MEM_LOG_DIRTY_PAGES;
	if (kvm_set_memslot(vm->fd, (uint32_t)slot, kflags, gpa, size, host) < 0) {
		munmap(host, size);
		return UVMM_HC_EINVAL;
	}
	s = &vm->slots[slot];
	*s = (struct vm_slot){ gpa, size, kflags, host };
	return UVMM_HC_OK;
}

static int slot_remove(struct vm *vm, uint64_t slot)
{
	struct vm_slot *s;

	if (slot == 0 || slot >= VM_MAX_SLOTS || !vm->slots[slot].host)
		return UVMM_HC_EINVAL;
	s = &vm->slots[slot];
	/* Size 0 deletes the slot; KVM drops its mappings before returning. */
	if (kvm_set_memslot(vm->fd, (uint32_t)slot, 0, s->gpa, 0, s->host) < 0)
		return UVMM_HC_EINVAL;
	munmap(s->host, s->size);
	memset(s, 0, sizeof(*s));
	return UVMM_HC_OK;
}

static int dirty_log(struct vm *vm, uint64_t slot, uint64_t buf, uint64_t len)
{
	uint64_t bitmap[SLOT_MAX_SIZE / PAGE / 64];
	struct kvm_dirty_log log = { .slot = (uint32_t)slot, .dirty_bitmap = bitmap };
	uint64_t need;

	if (slot == 0 || slot >= VM_MAX_SLOTS || !vm->slots[slot].host ||
	    !(vm->slots[slot].flags & KVM_MEM_LOG_DIRTY_PAGES))
		return UVMM_HC_EINVAL;
	need = (vm->slots[slot].size / PAGE + 63) / 64 * 8;
	if (len < need)
		return UVMM_HC_EINVAL;
	memset(bitmap, 0, need);
	if (ioctl(vm->fd, KVM_GET_DIRTY_LOG, &log) < 0)
		return UVMM_HC_EINVAL;
	return guest_write(&vm->mem, buf, bitmap, need) < 0 ? UVMM_HC_EFAULT : UVMM_HC_OK;
}

static int signal_msi(struct vm *vm, uint64_t address, uint64_t data)
{
	struct kvm_msi msi = {
		.address_lo = (uint32_t)address,
		.address_hi = (uint32_t)(address >> 32),
		.data = (uint32_t)data,
	};

	if (!vm->irqchip)
		return UVMM_HC_EINVAL;
	/* 1: delivered, 0: blocked by the guest; both are the guest's business. */
	return ioctl(vm->fd, KVM_SIGNAL_MSI, &msi) < 0 ? UVMM_HC_EINVAL : UVMM_HC_OK;
}

static int inject_irq(struct vcpu *v, uint64_t vector)
{
	if (vector < 32 || vector > 255)
		return UVMM_HC_EINVAL;
	if (v->vm->irqchip) /* fixed delivery to this vCPU's LAPIC */
		return signal_msi(v->vm, 0xfee00000ull | ((uint64_t)v->h.id << 12), vector);
	if (v->pending_irq >= 0)
		return UVMM_HC_EINVAL;
	v->pending_irq = (int)vector;
	return UVMM_HC_OK;
}

int vm_control(struct vcpu *v, const struct exit_event *ev)
{
	const struct ev_arg *a = ev->args;

	if (ev->kind != EV_HCALL || ev->status != UVMM_HC_OK)
		return ev->status;
	switch (ev->addr) {
	case UVMM_HC_MEMSLOT:
		return a[0].num == UVMM_SLOT_ADD ? slot_add(v->vm, a[1].num, a[2].num, a[3].num, a[4].num)
						 : slot_remove(v->vm, a[1].num);
	case UVMM_HC_DIRTY_LOG:
		return dirty_log(v->vm, a[0].num, a[1].num, a[2].num);
	case UVMM_HC_IRQ:
		return inject_irq(v, a[0].num);
	case UVMM_HC_MSI:
		return signal_msi(v->vm, a[0].num, a[1].num);
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
