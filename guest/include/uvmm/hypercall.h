/* uvmm hypercalls: a 32-bit OUT of the argument block's guest-physical address
 * to UVMM_HC_PORT_BASE + nr; the VMM's status comes back in EAX. */
#ifndef UVMM_HYPERCALL_H
#define UVMM_HYPERCALL_H

#include <stddef.h>
#include <stdint.h>

#include "abi.h"
#include "cpu.h"

/* Guest code runs identity-mapped (or with segment bases 0), so a pointer is a GPA. */
static inline uint64_t uvmm_gpa(const void *p) { return (uint64_t)(uintptr_t)p; }

/* Returns UVMM_HC_OK or a negative UVMM_HC_E*. Under a VMM without uvmm's ABI
 * (QEMU) the OUT is dropped and the block's own address comes back.
 * UVMM_NO_HYPERCALLS (the UEFI build) never issues the OUT: on a real machine
 * ports 0x500-0x50f may be a chipset's (GPIO on many Intel boards). */
static inline long uvmm_hypercall(unsigned nr, void *block)
{
	uint32_t eax = (uint32_t)(uintptr_t)block;
#ifndef UVMM_NO_HYPERCALLS
	__asm__ volatile("outl %0, %w1" : "+a"(eax) : "Nd"((uint16_t)(UVMM_HC_PORT_BASE + nr))
			 : "memory");
#else
	(void)nr;
#endif
	return (long)(int32_t)eax;
}

/* What the wrappers below return when no uvmm answered (the block address
 * came back unchanged, as under QEMU): distinct from OK and every error. */
#define UVMM_HC_UNANSWERED 1

static inline long uvmm_hypercall_checked(unsigned nr, void *block)
{
#ifdef UVMM_NO_HYPERCALLS
	(void)nr;
	(void)block;
	return UVMM_HC_UNANSWERED;
#else
	long ret = uvmm_hypercall(nr, block);

	return (uint32_t)ret == (uint32_t)(uintptr_t)block ? UVMM_HC_UNANSWERED : ret;
#endif
}

/* 1 under uvmm: its CPUID leaf carries its signature (abi.h). */
static inline int uvmm_present(void)
{
#ifdef UVMM_NO_HYPERCALLS
	return 0;
#else
	return cpuid(UVMM_CPUID_LEAF, 0).eax == UVMM_CPUID_MAGIC;
#endif
}

/* For tests that also run without uvmm: the call was accepted (OK), or it
 * went unanswered where no uvmm is there to answer. Under uvmm only OK. */
static inline int uvmm_hc_accepted(long ret)
{
	return ret == UVMM_HC_OK || (ret == UVMM_HC_UNANSWERED && !uvmm_present());
}

/* Each returns UVMM_HC_OK, a negative UVMM_HC_E*, or UVMM_HC_UNANSWERED. */
long uvmm_console_write(const char *buf, size_t len);
/* Splices expectation text in right after this call's own exit. */
long uvmm_expect_add(const char *text);
/* The same with printf formatting (at most UVMM_HC_EXPECT_MAX bytes). */
long uvmm_expect_addf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
long uvmm_report_exception(uint64_t vector, uint64_t error_code, uint64_t rip, uint64_t cr2);

#endif
