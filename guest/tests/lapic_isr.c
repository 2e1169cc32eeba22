/* While a fixed interrupt is being handled its vector is in service (ISR bit
 * set, PPR raised to its class) and no longer requested (IRR clear); the EOI
 * clears the ISR bit and PPR returns to 0. All in-kernel, no exits. */
#include <uvmm/guest.h>
#include <uvmm/lapic.h>

#define VEC 0x50
#define LAPIC_PPR 0x0a0

EXPECT("hcall msi 0xfee00000 0x50");
EXPECT_CASE(case_lapic_isr, "lapic_isr");
UVMM_OPTIONS("irqchip=1");

static volatile int hits;
static volatile int isr_in_handler, irr_in_handler;
static volatile uint32_t ppr_in_handler;
static volatile int isr_after_eoi;

static void on_msi(struct exc_frame *f)
{
	(void)f;
	isr_in_handler = lapic_in_service(VEC);
	irr_in_handler = lapic_requested(VEC);
	ppr_in_handler = lapic_read(LAPIC_PPR);
	lapic_eoi();
	isr_after_eoi = lapic_in_service(VEC);
	hits++;
}

void guest_main(void)
{
	struct uvmm_hc_msi msi = { .address = LAPIC_BASE, .data = VEC };

	idt_set_handler(VEC, on_msi);
	lapic_enable();
	sti();
	GUEST_ASSERT_EQ(uvmm_hypercall(UVMM_HC_MSI, &msi), UVMM_HC_OK);
	GUEST_ASSERT_EQ(hits, 1);
	GUEST_ASSERT_EQ(irr_in_handler, 0);
	GUEST_ASSERT_EQ(isr_in_handler, 1);
	GUEST_ASSERT_EQ(ppr_in_handler & 0xf0, VEC & 0xf0);
	GUEST_ASSERT_EQ(isr_after_eoi, 0);
	GUEST_ASSERT_EQ(lapic_read(LAPIC_PPR), 0);
	report_pass(case_lapic_isr);
}
