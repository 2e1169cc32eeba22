#include "devices/msr.h"

static uint64_t *scratch_slot(struct dev_msr *d, uint32_t index)
{
	if (d->filtered && index == UVMM_MSR_FILTERED)
		return &d->filtered_value;
	if (index < UVMM_MSR_SCRATCH || index - UVMM_MSR_SCRATCH >= UVMM_MSR_SCRATCH_COUNT)
		return 0;
	return &d->scratch[index - UVMM_MSR_SCRATCH];
}

int dev_msr_read(struct dev_msr *d, uint32_t index, uint64_t *value)
{
	uint64_t *slot = scratch_slot(d, index);

	*value = slot ? *slot : 0;
	return slot ? 0 : 1;
}

int dev_msr_write(struct dev_msr *d, uint32_t index, uint64_t value)
{
	uint64_t *slot = scratch_slot(d, index);

	if (slot)
		*slot = value;
	return slot ? 0 : 1;
}
