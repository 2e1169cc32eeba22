/* ACPI S3 (suspend to RAM) of a kut=1 VM, done the way a PC's firmware
 * does it: the machine sleeps until a wake event, then the CPU starts
 * again in real mode at the FACS waking vector with RAM intact. */
#ifndef UVMM_MACHINE_SLEEP_H
#define UVMM_MACHINE_SLEEP_H

#include <stddef.h>
#include <stdint.h>

#include "machine/vm.h"

/* The wall-clock time (util/clock.h wall_ns) at which the sleeping machine
 * wakes: the RTC alarm when PM1_EN.RTC_EN and the RTC's AIE are both set;
 * 0 when no wake event is armed (the machine would sleep forever). */
uint64_t vm_s3_wake_time(const struct vm *vm, uint64_t now_wall_ns);

/* Wakes v: sets PM1_STS.WAK_STS and RTC_STS and puts the vCPU in real mode
 * at the waking vector the guest wrote into the FACS. Returns 0, or -1 with
 * a one-line reason (no FACS, a zero vector, more than one vCPU, KVM). */
int vm_s3_resume(struct vcpu *v, char *err, size_t errlen);

#endif
