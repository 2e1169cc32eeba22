/* KVM's binary statistics of a vCPU (KVM_GET_STATS_FD, Linux 5.14+): the
 * counters KVM keeps for exits it handles itself (page faults, INVLPG, TLB
 * flushes, emulated instructions), read by name. For uvmm bench --mmu. */
#ifndef UVMM_MACHINE_KVM_STATS_H
#define UVMM_MACHINE_KVM_STATS_H

#include <stddef.h>
#include <stdint.h>

#define KVM_STATS_MAX 128

struct kvm_stats {
	int fd;                 /* -1: not open */
	unsigned n;
	uint64_t data_offset;
	struct {
		char name[48];
		uint32_t offset;    /* of the value (u64) from data_offset */
	} desc[KVM_STATS_MAX];
};

/* Opens vcpu_fd's statistics and reads their descriptors. Returns 0, or -1
 * with a one-line reason (no KVM_CAP_BINARY_STATS_FD, a bad header). */
int kvm_stats_open(struct kvm_stats *s, int vcpu_fd, char *err, size_t errlen);
/* The counter called name now; -1 when there is none (or the read failed). */
int kvm_stats_read(const struct kvm_stats *s, const char *name, uint64_t *value);
void kvm_stats_close(struct kvm_stats *s);

#endif
