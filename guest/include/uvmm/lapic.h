/* The local APIC in xAPIC mode (MMIO at 0xfee00000) and the x2APIC MSRs:
 * enable, EOI, the timer in its three modes, and IPIs through the ICR. 64-bit only. */
#ifndef UVMM_LAPIC_H
#define UVMM_LAPIC_H

#include <stdint.h>

#include "idt.h"

#define LAPIC_BASE 0xfee00000ull

/* xAPIC register offsets (x2APIC MSR = 0x800 + offset / 16). */
#define LAPIC_ID 0x020
#define LAPIC_VERSION 0x030
#define LAPIC_TPR 0x080
#define LAPIC_EOI 0x0b0
#define LAPIC_SVR 0x0f0
#define LAPIC_ISR0 0x100 /* eight 32-bit words, 0x10 apart */
#define LAPIC_IRR0 0x200
#define LAPIC_ICR_LO 0x300
#define LAPIC_ICR_HI 0x310
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR 0x390
#define LAPIC_TIMER_DIV 0x3e0

#define LAPIC_SVR_ENABLE (1u << 8)
#define LAPIC_SPURIOUS_VECTOR 0xff
#define LAPIC_LVT_MASKED (1u << 16)
#define LAPIC_TIMER_ONESHOT (0u << 17)
#define LAPIC_TIMER_PERIODIC (1u << 17)
#define LAPIC_TIMER_TSC_DEADLINE (2u << 17)
#define LAPIC_TIMER_DIV_1 0xb

/* ICR low word: delivery mode, level, trigger and the busy bit. */
#define LAPIC_ICR_FIXED (0u << 8)
#define LAPIC_ICR_INIT (5u << 8)
#define LAPIC_ICR_STARTUP (6u << 8)
#define LAPIC_ICR_BUSY (1u << 12)
#define LAPIC_ICR_ASSERT (1u << 14)
#define LAPIC_ICR_LEVEL (1u << 15)

#define X86_MSR_APIC_BASE 0x1bu
#define X86_APIC_BASE_BSP (1ull << 8)
#define X86_APIC_BASE_X2APIC (1ull << 10)
#define X86_APIC_BASE_ENABLE (1ull << 11)
#define X86_MSR_TSC_DEADLINE 0x6e0u
#define X2APIC_MSR(reg) (0x800u + (reg) / 16)

static inline uint32_t lapic_read(unsigned reg)
{
	return *(volatile uint32_t *)(uintptr_t)(LAPIC_BASE + reg);
}

static inline void lapic_write(unsigned reg, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)(LAPIC_BASE + reg) = v;
}

/* Software-enables this CPU's LAPIC (SVR bit 8, spurious vector 0xff), TPR 0. */
void lapic_enable(void);
void lapic_eoi(void);
unsigned lapic_id(void);
/* True when vector is set in the in-service or request register. */
int lapic_in_service(unsigned vector);
int lapic_requested(unsigned vector);

/* Timer at divide-by-1; count 0 stops it. */
void lapic_timer_oneshot(unsigned vector, uint32_t count);
void lapic_timer_periodic(unsigned vector, uint32_t count);
void lapic_timer_tsc_deadline(unsigned vector, uint64_t deadline);
void lapic_timer_mask(void);
void lapic_timer_stop(void);

/* Writes ICR (high word = destination APIC ID, then low word) and waits for
 * the busy bit to clear; returns 0, or -1 if it never cleared. */
int lapic_send_ipi(unsigned dest, uint32_t icr_lo);
int lapic_send_fixed(unsigned dest, unsigned vector);

/* Waits with interrupts enabled (sti; hlt, so an interrupt between the check
 * and the HLT still wakes it) until *flag is non-zero; returns with IF=1. */
void wait_for_flag(volatile int *flag);

/* irq_count() (uvmm/idt.h), then EOI. */
void irq_count_eoi(struct exc_frame *f);

#endif
