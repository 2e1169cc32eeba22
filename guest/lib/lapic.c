/* xAPIC register access through the identity-mapped (uncached) MMIO page:
 * with an in-kernel irqchip KVM serves all of it without a VM exit. */
#include <uvmm/cpu.h>
#include <uvmm/idt.h>
#include <uvmm/lapic.h>

#define ICR_POLLS 1000000

void lapic_enable(void)
{
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | LAPIC_SPURIOUS_VECTOR);
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

unsigned lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

static int vector_bit(unsigned base, unsigned vector)
{
	return (lapic_read(base + (vector / 32) * 0x10) >> (vector % 32)) & 1;
}

int lapic_in_service(unsigned vector)
{
	return vector_bit(LAPIC_ISR0, vector);
}

int lapic_requested(unsigned vector)
{
	return vector_bit(LAPIC_IRR0, vector);
}

/* The LVT is written before the count: the count starts the timer. */
static void timer_start(uint32_t lvt, uint32_t count)
{
	lapic_write(LAPIC_TIMER_DIV, LAPIC_TIMER_DIV_1);
	lapic_write(LAPIC_LVT_TIMER, lvt);
	lapic_write(LAPIC_TIMER_INIT, count);
}

void lapic_timer_oneshot(unsigned vector, uint32_t count)
{
	timer_start(LAPIC_TIMER_ONESHOT | vector, count);
}

void lapic_timer_periodic(unsigned vector, uint32_t count)
{
	timer_start(LAPIC_TIMER_PERIODIC | vector, count);
}

void lapic_timer_tsc_deadline(unsigned vector, uint64_t deadline)
{
	lapic_write(LAPIC_LVT_TIMER, LAPIC_TIMER_TSC_DEADLINE | vector);
	/* SDM 10.5.4.1: a fence keeps the MSR write behind the LVT write. */
	__asm__ volatile("mfence" : : : "memory");
	wrmsr(X86_MSR_TSC_DEADLINE, deadline);
}

void lapic_timer_mask(void)
{
	lapic_write(LAPIC_LVT_TIMER, lapic_read(LAPIC_LVT_TIMER) | LAPIC_LVT_MASKED);
}

void lapic_timer_stop(void)
{
	lapic_write(LAPIC_TIMER_INIT, 0);
}

int lapic_send_ipi(unsigned dest, uint32_t icr_lo)
{
	lapic_write(LAPIC_ICR_HI, dest << 24);
	lapic_write(LAPIC_ICR_LO, icr_lo);
	for (int i = 0; i < ICR_POLLS; i++)
		if (!(lapic_read(LAPIC_ICR_LO) & LAPIC_ICR_BUSY))
			return 0;
	return -1;
}

int lapic_send_fixed(unsigned dest, unsigned vector)
{
	return lapic_send_ipi(dest, LAPIC_ICR_FIXED | LAPIC_ICR_ASSERT | vector);
}

void irq_count_eoi(struct exc_frame *f)
{
	irq_count(f);
	lapic_eoi();
}

void wait_for_flag(volatile int *flag)
{
	cli();
	while (!*flag)
		irq_wait_once();
	sti();
}
