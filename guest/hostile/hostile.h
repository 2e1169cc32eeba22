/* Helpers shared by the hostile guests: raw hypercalls with any block address
 * and the size of guest RAM as uvmm announces it in CPUID. */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <uvmm/guest.h>

/* A hypercall whose argument block is at an arbitrary 32-bit GPA. */
static inline long hc_at(unsigned nr, uint32_t gpa)
{
	return uvmm_hypercall(nr, (void *)(uintptr_t)gpa);
}

/* Guest RAM in bytes (CPUID leaf UVMM_CPUID_LEAF, EBX = MiB). */
static inline uint64_t ram_size(void)
{
	return (uint64_t)cpuid(UVMM_CPUID_LEAF, 0).ebx << 20;
}

/* A console call with this buffer and length; the VMM's status. */
static inline long console_at(uint64_t buf, uint64_t len)
{
	struct uvmm_hc_console c = { buf, len };

	return uvmm_hypercall(UVMM_HC_CONSOLE, &c);
}

#endif
