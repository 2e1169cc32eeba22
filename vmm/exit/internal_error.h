/* KVM_EXIT_INTERNAL_ERROR in words: the suberror's name and, for an
 * emulation failure, the bytes KVM fetched at the instruction it could not emulate. */
#ifndef UVMM_EXIT_INTERNAL_ERROR_H
#define UVMM_EXIT_INTERNAL_ERROR_H

#include <linux/kvm.h>
#include <stddef.h>

/* Writes e.g. "emulation failure, bytes at rip: 0f 01 ca ..." (or just the name,
 * or "suberror 9" for one this table does not know) into buf. */
void internal_error_describe(const struct kvm_run *run, char *buf, size_t len);

#endif
