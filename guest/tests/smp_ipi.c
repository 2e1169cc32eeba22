/* Fixed IPIs between two vCPUs through the in-kernel LAPICs, no exits: the
 * BSP sends vector 0x60 to the AP, halted in `sti; hlt`; the AP's handler
 * records it and sets a flag the BSP waits for; then the AP sends vector
 * 0x61 back to the halted BSP. Only the BSP makes exits. */
#include <uvmm/guest.h>
#include <uvmm/lapic.h>
#include <uvmm/smp.h>

#define AP_ID 1
#define VEC_TO_AP 0x60
#define VEC_TO_BSP 0x61

EXPECT_CASE(case_bsp_to_ap, "bsp-to-ap");
EXPECT_CASE(case_ap_to_bsp, "ap-to-bsp");
UVMM_OPTIONS("irqchip=1 cpus=2");

static volatile int ap_ready, ap_got, go_back, bsp_got;
static volatile unsigned ap_handler_cpu, bsp_handler_cpu;
static volatile uint64_t ap_vector, bsp_vector;
static volatile int ap_send_status = -2;

static void on_ap_ipi(struct exc_frame *f)
{
	ap_vector = f->vector;
	ap_handler_cpu = lapic_id();
	lapic_eoi();
	__atomic_store_n(&ap_got, ap_got + 1, __ATOMIC_RELEASE);
}

static void on_bsp_ipi(struct exc_frame *f)
{
	bsp_vector = f->vector;
	bsp_handler_cpu = lapic_id();
	lapic_eoi();
	__atomic_store_n(&bsp_got, bsp_got + 1, __ATOMIC_RELEASE);
}

static void ap_main(unsigned cpu)
{
	(void)cpu;
	cli();
	__atomic_store_n(&ap_ready, 1, __ATOMIC_RELEASE);
	wait_for_flag(&ap_got);
	/* A memory flag wakes nothing: spin, do not halt. */
	while (!__atomic_load_n(&go_back, __ATOMIC_ACQUIRE))
		__asm__ volatile("pause");
	ap_send_status = lapic_send_fixed(0, VEC_TO_BSP);
}

void guest_main(void)
{
	idt_set_handler(VEC_TO_AP, on_ap_ipi);
	idt_set_handler(VEC_TO_BSP, on_bsp_ipi);
	lapic_enable();
	GUEST_ASSERT_EQ(smp_start_ap(AP_ID, ap_main), 0);
	while (!__atomic_load_n(&ap_ready, __ATOMIC_ACQUIRE))
		__asm__ volatile("pause");

	GUEST_ASSERT_EQ(lapic_send_fixed(AP_ID, VEC_TO_AP), 0);
	while (!__atomic_load_n(&ap_got, __ATOMIC_ACQUIRE))
		__asm__ volatile("pause");
	GUEST_ASSERT_EQ(ap_got, 1);
	GUEST_ASSERT_EQ(ap_vector, VEC_TO_AP);
	GUEST_ASSERT_EQ(ap_handler_cpu, AP_ID);
	GUEST_ASSERT_EQ(bsp_got, 0);
	report_pass(case_bsp_to_ap);

	cli();
	__atomic_store_n(&go_back, 1, __ATOMIC_RELEASE);
	wait_for_flag(&bsp_got);
	GUEST_ASSERT_EQ(bsp_got, 1);
	GUEST_ASSERT_EQ(bsp_vector, VEC_TO_BSP);
	GUEST_ASSERT_EQ(bsp_handler_cpu, 0);
	GUEST_ASSERT_EQ(ap_got, 1);
	while (ap_send_status == -2)
		__asm__ volatile("pause");
	GUEST_ASSERT_EQ(ap_send_status, 0);
	report_pass(case_ap_to_bsp);
}
