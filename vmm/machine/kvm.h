/* Thin, checked wrappers over the /dev/kvm API: open + version, capability
 * probing, VM and vCPU creation, memslots. Nothing here knows about guests. */
#ifndef UVMM_MACHINE_KVM_H
#define UVMM_MACHINE_KVM_H

#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

struct kvm_host {
	int fd;
	int api_version;
	int vcpu_mmap_size;
};

struct kvm_cap_desc {
	const char *name;
	long cap;
	int required; /* uvmm cannot run a VM without it */
};

/* Every capability uvmm probes, for the environment report and checks. */
extern const struct kvm_cap_desc kvm_caps[];
extern const size_t kvm_caps_count;

/* Opens path (normally /dev/kvm), checks API version 12 and the required
 * capabilities. Returns 0 or -1 with a one-line reason in err. */
int kvm_open(struct kvm_host *h, const char *path, char *err, size_t errlen);
void kvm_close(struct kvm_host *h);

/* KVM_CHECK_EXTENSION on the system fd: > 0 when present. */
int kvm_cap(const struct kvm_host *h, long cap);
/* Looks up a capability by name ("IRQCHIP", "X86_USER_SPACE_MSR", ...). */
const struct kvm_cap_desc *kvm_cap_by_name(const char *name);

int kvm_create_vm(const struct kvm_host *h, char *err, size_t errlen);
int kvm_set_memslot(int vm_fd, uint32_t slot, uint32_t flags, uint64_t gpa,
		    uint64_t size, void *hva);

struct kvm_vcpu_handle {
	int fd;
	int id;
	struct kvm_run *run;
	size_t run_size;
};
int kvm_create_vcpu(const struct kvm_host *h, int vm_fd, int id,
		    struct kvm_vcpu_handle *v, char *err, size_t errlen);
void kvm_destroy_vcpu(struct kvm_vcpu_handle *v);

/* KVM_GET_SUPPORTED_CPUID into a malloc'd table with KVM_CPUID_SPARE entries
 * of room after nent (free() it). Returns 0 or -errno. */
int kvm_get_supported_cpuid(const struct kvm_host *h, struct kvm_cpuid2 **out);

/* KVM_GET_SUPPORTED_CPUID -> KVM_SET_CPUID2 on the vCPU, after `edit` (may be
 * NULL) had a chance to change entries or append up to KVM_CPUID_SPARE more.
 * Returns 0 or -errno. */
#define KVM_CPUID_SPARE 8
int kvm_set_cpuid_supported(const struct kvm_host *h, int vcpu_fd,
			    void (*edit)(struct kvm_cpuid2 *c, void *arg), void *arg);

#endif
