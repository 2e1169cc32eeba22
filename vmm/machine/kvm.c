/* /dev/kvm wrappers. Errors come back as one-line reasons, never exits. */
#include "machine/kvm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/errmsg.h"

#define KVM_API_EXPECTED 12

const struct kvm_cap_desc kvm_caps[] = {
	{ "USER_MEMORY", KVM_CAP_USER_MEMORY, 1 },
	{ "SET_TSS_ADDR", KVM_CAP_SET_TSS_ADDR, 1 },
	{ "EXT_CPUID", KVM_CAP_EXT_CPUID, 1 },
	{ "IMMEDIATE_EXIT", KVM_CAP_IMMEDIATE_EXIT, 1 },
	{ "IRQCHIP", KVM_CAP_IRQCHIP, 0 },
	{ "IRQFD", KVM_CAP_IRQFD, 0 },
	{ "IRQFD_RESAMPLE", KVM_CAP_IRQFD_RESAMPLE, 0 },
	{ "IRQ_ROUTING", KVM_CAP_IRQ_ROUTING, 0 },
	{ "SIGNAL_MSI", KVM_CAP_SIGNAL_MSI, 0 },
	{ "READONLY_MEM", KVM_CAP_READONLY_MEM, 0 },
	{ "X86_USER_SPACE_MSR", KVM_CAP_X86_USER_SPACE_MSR, 0 },
	{ "X86_MSR_FILTER", KVM_CAP_X86_MSR_FILTER, 0 },
	{ "EXIT_HYPERCALL", KVM_CAP_EXIT_HYPERCALL, 0 },
	{ "SYNC_REGS", KVM_CAP_SYNC_REGS, 0 },
	{ "SPLIT_IRQCHIP", KVM_CAP_SPLIT_IRQCHIP, 0 },
	{ "SET_GUEST_DEBUG", KVM_CAP_SET_GUEST_DEBUG, 0 },
	{ "MP_STATE", KVM_CAP_MP_STATE, 0 },
	{ "TSC_DEADLINE_TIMER", KVM_CAP_TSC_DEADLINE_TIMER, 0 },
	{ "NR_VCPUS", KVM_CAP_NR_VCPUS, 0 },
	{ "MAX_VCPUS", KVM_CAP_MAX_VCPUS, 0 },
	{ "NESTED_STATE", KVM_CAP_NESTED_STATE, 0 },
	{ "DIRTY_LOG_RING", KVM_CAP_DIRTY_LOG_RING, 0 },
	{ "PIT2", KVM_CAP_PIT2, 0 },
	{ "X2APIC_API", KVM_CAP_X2APIC_API, 0 },
	{ "BINARY_STATS_FD", KVM_CAP_BINARY_STATS_FD, 0 }, /* irq_target: who is halted */
};
const size_t kvm_caps_count = sizeof(kvm_caps) / sizeof(kvm_caps[0]);

int kvm_open(struct kvm_host *h, const char *path, char *err, size_t errlen)
{
	memset(h, 0, sizeof(*h));
	h->fd = open(path, O_RDWR | O_CLOEXEC);
	if (h->fd < 0)
		return errmsg(err, errlen, "cannot open %s: %s", path, strerror(errno));
	h->api_version = ioctl(h->fd, KVM_GET_API_VERSION, 0);
	if (h->api_version != KVM_API_EXPECTED) {
		errmsg(err, errlen, "%s: KVM API version %d, uvmm needs %d", path,
		       h->api_version, KVM_API_EXPECTED);
		goto fail;
	}
	for (size_t i = 0; i < kvm_caps_count; i++) {
		if (kvm_caps[i].required && kvm_cap(h, kvm_caps[i].cap) <= 0) {
			errmsg(err, errlen, "%s: required capability KVM_CAP_%s is missing",
			       path, kvm_caps[i].name);
			goto fail;
		}
	}
	h->vcpu_mmap_size = ioctl(h->fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (h->vcpu_mmap_size < (int)sizeof(struct kvm_run)) {
		errmsg(err, errlen, "%s: KVM_GET_VCPU_MMAP_SIZE returned %d", path,
		       h->vcpu_mmap_size);
		goto fail;
	}
	return 0;
fail:
	close(h->fd);
	h->fd = -1;
	return -1;
}

void kvm_close(struct kvm_host *h)
{
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
}

int kvm_cap(const struct kvm_host *h, long cap)
{
	int r = ioctl(h->fd, KVM_CHECK_EXTENSION, cap);
	return r < 0 ? 0 : r;
}

const struct kvm_cap_desc *kvm_cap_by_name(const char *name)
{
	if (strncmp(name, "KVM_CAP_", 8) == 0)
		name += 8;
	for (size_t i = 0; i < kvm_caps_count; i++)
		if (strcmp(kvm_caps[i].name, name) == 0)
			return &kvm_caps[i];
	return NULL;
}

int kvm_create_vm(const struct kvm_host *h, char *err, size_t errlen)
{
	int fd;

	do
		fd = ioctl(h->fd, KVM_CREATE_VM, 0);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		errmsg(err, errlen, "KVM_CREATE_VM: %s", strerror(errno));
	return fd;
}

int kvm_set_memslot(int vm_fd, uint32_t slot, uint32_t flags, uint64_t gpa,
		    uint64_t size, void *hva)
{
	struct kvm_userspace_memory_region r = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uint64_t)(uintptr_t)hva,
	};
	return ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION, &r) < 0 ? -errno : 0;
}

int kvm_create_vcpu(const struct kvm_host *h, int vm_fd, int id,
		    struct kvm_vcpu_handle *v, char *err, size_t errlen)
{
	memset(v, 0, sizeof(*v));
	v->id = id;
	v->fd = ioctl(vm_fd, KVM_CREATE_VCPU, id);
	if (v->fd < 0)
		return errmsg(err, errlen, "KVM_CREATE_VCPU %d: %s", id, strerror(errno));
	v->run_size = (size_t)h->vcpu_mmap_size;
	v->run = mmap(NULL, v->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED) {
		errmsg(err, errlen, "mmap of vCPU %d run area: %s", id, strerror(errno));
		close(v->fd);
		v->fd = -1;
		v->run = NULL;
		return -1;
	}
	return 0;
}

void kvm_destroy_vcpu(struct kvm_vcpu_handle *v)
{
	if (v->run)
		munmap(v->run, v->run_size);
	if (v->fd >= 0)
		close(v->fd);
	v->run = NULL;
	v->fd = -1;
}

int kvm_get_supported_cpuid(const struct kvm_host *h, struct kvm_cpuid2 **out)
{
	/* The kernel reports E2BIG until the buffer is large enough. */
	for (unsigned n = 64; n <= 4096; n *= 2) {
		/* KVM_CPUID_SPARE entries of room for an edit to append. */
		struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + (n + KVM_CPUID_SPARE) * sizeof(c->entries[0]));
		int r;

		if (!c)
			return -ENOMEM;
		c->nent = n;
		r = ioctl(h->fd, KVM_GET_SUPPORTED_CPUID, c);
		if (r < 0 && errno == E2BIG) {
			free(c);
			continue;
		}
		if (r < 0) {
			r = -errno;
			free(c);
			return r;
		}
		*out = c;
		return 0;
	}
	return -E2BIG;
}

int kvm_set_cpuid_supported(const struct kvm_host *h, int vcpu_fd,
			    void (*edit)(struct kvm_cpuid2 *c, void *arg), void *arg)
{
	struct kvm_cpuid2 *c;
	int r = kvm_get_supported_cpuid(h, &c);

	if (r < 0)
		return r;
	if (edit)
		edit(c, arg);
	r = ioctl(vcpu_fd, KVM_SET_CPUID2, c) < 0 ? -errno : 0;
	free(c);
	return r;
}
