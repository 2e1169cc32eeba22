/* Starting application processors: INIT-SIPI-SIPI through the xAPIC, a real-mode
 * trampoline at SMP_TRAMP_ADDR, then a C function on a per-CPU stack. 64-bit only. */
#ifndef UVMM_SMP_H
#define UVMM_SMP_H

#include <stdint.h>

/* A page below 1 MiB (a SIPI vector names it) outside uvmm's boot area 0x1000-0x9fff. */
#define SMP_TRAMP_ADDR 0xa000u
#define SMP_MAX_CPUS 8u

typedef void (*ap_fn_t)(unsigned cpu);

/* Starts the AP with this APIC ID (1..SMP_MAX_CPUS-1) and returns once it runs
 * C code with the BSP's GDT, IDT and page tables and an enabled LAPIC; it then
 * calls fn(apic_id) and halts with interrupts off when fn returns. Spins
 * without VM exits. Returns 0, or -1 if the AP never checked in. */
int smp_start_ap(unsigned apic_id, ap_fn_t fn);

/* Called by the trampoline on the AP; not for tests. */
void smp_ap_entry(void);

#endif
