/* The BSP starts one AP at a time, so a single trampoline copy and parameter
 * block suffice: the next AP is started only after the previous checked in. */
#include <stdint.h>
#include <uvmm/cpu.h>
#include <uvmm/lapic.h>
#include <uvmm/smp.h>
#include <uvmm/string.h>

#define AP_STACK_SIZE 0x4000
#define CHECKIN_POLLS 100000000u

struct smp_tramp_params { /* boot/ap_tramp.asm: ap_tramp_params */
	uint64_t cr3;
	uint64_t stack_top;
	uint64_t entry;
};

extern const char ap_tramp_start[], ap_tramp_end[], ap_tramp_params[];

static uint8_t ap_stacks[SMP_MAX_CPUS][AP_STACK_SIZE] __attribute__((aligned(16)));
static struct desc_ptr bsp_gdt, bsp_idt;
static ap_fn_t ap_fn;
static volatile int ap_checked_in;

void smp_ap_entry(void)
{
	ap_fn_t fn = ap_fn;

	/* The trampoline's GDT has the same selectors; switch to the image's own. */
	lgdt(&bsp_gdt);
	lidt(&bsp_idt);
	lapic_enable();
	__atomic_store_n(&ap_checked_in, 1, __ATOMIC_RELEASE);
	fn(lapic_id());
	for (;;)
		__asm__ volatile("cli; hlt" : : : "memory");
}

static int wait_checkin(void)
{
	for (uint32_t i = 0; i < CHECKIN_POLLS; i++) {
		if (__atomic_load_n(&ap_checked_in, __ATOMIC_ACQUIRE))
			return 0;
		__asm__ volatile("pause");
	}
	return -1;
}

int smp_start_ap(unsigned apic_id, ap_fn_t fn)
{
	uint8_t *tramp = (uint8_t *)(uintptr_t)SMP_TRAMP_ADDR;
	struct smp_tramp_params *p;
	uint32_t sipi = LAPIC_ICR_STARTUP | LAPIC_ICR_ASSERT | (SMP_TRAMP_ADDR >> 12);

	if (apic_id == 0 || apic_id >= SMP_MAX_CPUS)
		return -1;
	sgdt(&bsp_gdt);
	sidt(&bsp_idt);
	memcpy(tramp, ap_tramp_start, (size_t)(ap_tramp_end - ap_tramp_start));
	p = (struct smp_tramp_params *)(tramp + (ap_tramp_params - ap_tramp_start));
	p->cr3 = read_cr3();
	p->stack_top = (uintptr_t)&ap_stacks[apic_id][AP_STACK_SIZE];
	p->entry = (uintptr_t)smp_ap_entry;
	ap_fn = fn;
	__atomic_store_n(&ap_checked_in, 0, __ATOMIC_RELEASE);
	lapic_enable();
	/* KVM needs no delays between the three; real hardware would want 10 ms
	 * and 200 us. An AP already running ignores the second SIPI. */
	if (lapic_send_ipi(apic_id, LAPIC_ICR_INIT | LAPIC_ICR_ASSERT | LAPIC_ICR_LEVEL) < 0 ||
	    lapic_send_ipi(apic_id, sipi) < 0 || lapic_send_ipi(apic_id, sipi) < 0)
		return -1;
	return wait_checkin();
}
