/* MSRs served from user space (KVM_CAP_X86_USER_SPACE_MSR): 16 scratch MSRs
 * that read back what was written, the filtered MSR when enabled, the rest #GP. */
#ifndef UVMM_DEVICES_MSR_H
#define UVMM_DEVICES_MSR_H

#include <stdint.h>

#include "uvmm/abi.h"

struct dev_msr {
	uint64_t scratch[UVMM_MSR_SCRATCH_COUNT];
	int filtered;          /* UVMM_MSR_FILTERED is served here (msr_filter=1) */
	uint64_t filtered_value;
};

/* Return 0 when the access is accepted, 1 when the guest gets #GP. */
int dev_msr_read(struct dev_msr *d, uint32_t index, uint64_t *value);
int dev_msr_write(struct dev_msr *d, uint32_t index, uint64_t value);

#endif
