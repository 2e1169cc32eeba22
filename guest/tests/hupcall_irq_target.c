/* irq_target with 2 vCPUs: the guest's program (hupcall_irq_target.bpf.c)
 * picks the vCPU of each lowest-priority MSI it sends to the AP. uvmm gives
 * it KVM's view of who is halted; the guest's region says who is busy.
 *  1. AP halted: the MSI goes to the BSP, which is running (the AP sleeps on);
 *  2. AP spinning: it stays with the AP;
 *  3. AP halted, BSP busy: no running vCPU is free, so the AP is woken.
 * Each case checks which CPU's handler took the vector. */
#include <uvmm/guest.h>
#include <uvmm/hupcall.h>
#include <uvmm/lapic.h>
#include <uvmm/smp.h>

#include "hupcall_irq_target_prog.h"

HUPCALL_OBJECT(target_obj);

EXPECT("hcall hupcall 0x0 0x2 * * * * 0x0 0x0");
EXPECT("hcall msi 0xfee01000 0x151");
EXPECT("hupcall irq_target 0x51 = 0x0");
EXPECT_CASE(case_halted, "halted-ap-not-woken");
EXPECT("hcall msi 0xfee01000 0x152");
EXPECT("hupcall irq_target 0x52 = 0x1");
EXPECT_CASE(case_running, "running-ap-keeps-it");
EXPECT("hcall msi 0xfee01000 0x153");
EXPECT("hupcall irq_target 0x53 = 0x1");
EXPECT_CASE(case_busy, "busy-bsp-not-chosen");
UVMM_OPTIONS("irqchip=1 cpus=2");

#define AP 1
#define VEC_WAKE 0x50
#define MSI_LOWEST_PRIORITY (1u << 8)
/* Long enough for KVM to stop polling a halted vCPU and block it. */
#define SETTLE_CYCLES 200000000ull

static struct sched_state sched;
static volatile int hits[2][3];
static volatile int ap_mode; /* 1: sti; hlt loop, 2: spin with IF=1 */
static volatile int ap_there;

static void on_vector(struct exc_frame *f)
{
	unsigned cpu = lapic_id();

	if (cpu < 2 && f->vector >= 0x51 && f->vector <= 0x53)
		hits[cpu][f->vector - 0x51]++;
	lapic_eoi();
}

static void ap_main(unsigned cpu)
{
	(void)cpu;
	for (;;) {
		int mode = ap_mode;

		ap_there = mode;
		if (mode == 1)
			__asm__ volatile("sti; hlt; cli" ::: "memory");
		else
			__asm__ volatile("sti; pause; cli" ::: "memory");
	}
}

static void settle(void)
{
	uint64_t t = rdtsc();

	while (rdtsc() - t < SETTLE_CYCLES)
		__asm__ volatile("pause");
}

static void send(unsigned vector)
{
	struct uvmm_hc_msi msi = { .address = LAPIC_BASE | (AP << 12),
				   .data = MSI_LOWEST_PRIORITY | vector };

	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MSI, &msi), UVMM_HC_OK);
}

static void wait_hit(unsigned cpu, unsigned k)
{
	while (!hits[cpu][k])
		__asm__ volatile("pause");
}

static void on_wake(struct exc_frame *f)
{
	(void)f;
	lapic_eoi();
}

/* A halted AP sees the new mode only once an interrupt wakes it. */
static void set_ap_mode(int mode)
{
	ap_mode = mode;
	GUEST_ASSERT_EQ(lapic_send_fixed(AP, VEC_WAKE), 0);
	while (ap_there != mode)
		__asm__ volatile("pause");
	settle();
}

void guest_main(void)
{
	struct uvmm_hupcall_out out;
	long st;

	for (unsigned v = 0x51; v <= 0x53; v++)
		idt_set_handler(v, on_vector);
	idt_set_handler(VEC_WAKE, on_wake);
	lapic_enable();
	ap_mode = 2;
	GUEST_ASSERT_EQ(smp_start_ap(AP, ap_main), 0);
	st = hupcall_attach(&target_obj, "hupcall/irq_target", UVMM_HUPCALL_IRQ_TARGET, &sched,
			    sizeof(sched), 0, 0, &out);
	GUEST_ASSERT_EQ(st, UVMM_HC_OK, "%s", out.msg);
	sti();

	set_ap_mode(1);
	send(0x51);
	wait_hit(0, 0);
	GUEST_ASSERT_EQ(hits[AP][0], 0);
	report_pass(case_halted);

	set_ap_mode(2);
	send(0x52);
	wait_hit(AP, 1);
	GUEST_ASSERT_EQ(hits[0][1], 0);
	report_pass(case_running);

	set_ap_mode(1);
	sched.busy[0] = 1;
	send(0x53);
	wait_hit(AP, 2);
	GUEST_ASSERT_EQ(hits[0][2], 0);
	report_pass(case_busy);
}
