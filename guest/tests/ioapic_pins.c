/* KVM's in-kernel IOAPIC driven through the irq_line call (KVM_IRQ_LINE), the
 * way a device's INTx wire drives it: version 0x11 with 24 pins; an edge pin
 * fires once per rising edge; a level pin keeps firing while the line is high
 * (after each EOI, remote IRR set in between) and stops once it is lowered;
 * a masked level pin holds its interrupt until it is unmasked. IF=1 and the
 * irqchip: each handler runs right after the OUT that raised its line. */
#include <uvmm/guest.h>
#include <uvmm/ioapic.h>
#include <uvmm/lapic.h>

/* Above 15: KVM resets the BSP's LINT0 to ExtINT (virtual wire), so a GSI
 * below 16 would also reach the guest through the PIC, which this guest never
 * programs (its vector base is 0: GSI 10 arrives as vector 2). */
#define PIN_EDGE 20
#define PIN_LEVEL 21
#define VEC_EDGE 0x63
#define VEC_LEVEL 0x64

EXPECT("hcall irq_line 0x14 0x1");
EXPECT("hcall irq_line 0x14 0x0");
EXPECT("hcall irq_line 0x14 0x1");
EXPECT("hcall irq_line 0x14 0x1"); /* already high: no edge */
EXPECT("hcall irq_line 0x14 0x0");
EXPECT("hcall irq_line 0x15 0x1"); /* level: handler 1 leaves it high ... */
EXPECT("hcall irq_line 0x15 0x0"); /* ... handler 2, re-delivered after the EOI, lowers it */
EXPECT("hcall irq_line 0x15 0x1"); /* masked: held */
EXPECT("hcall irq_line 0x15 0x0"); /* handler after the unmask */
EXPECT("hcall irq_line !einval"); /* GSI 24 */
EXPECT("hcall irq_line !einval"); /* level 2 */
EXPECT_CASE(case_ioapic_pins, "ioapic_pins");
UVMM_OPTIONS("irqchip=1");

static volatile int level_hits, lower_at;
static volatile uint32_t redir_in_handler;

static long line(unsigned gsi, unsigned level)
{
	struct uvmm_hc_irq_line l = { gsi, level };

	return uvmm_hypercall(UVMM_HC_IRQ_LINE, &l);
}

static void on_level(struct exc_frame *f)
{
	(void)f;
	level_hits++;
	redir_in_handler = ioapic_redir(PIN_LEVEL);
	if (level_hits >= lower_at)
		line(PIN_LEVEL, 0);
	lapic_eoi();
}

void guest_main(void)
{
	uint32_t ver = ioapic_read(IOAPIC_REG_VERSION);

	GUEST_ASSERT_EQ(ver & 0xff, 0x11);
	GUEST_ASSERT_EQ(ioapic_pins(), IOAPIC_PINS);
	idt_set_handler(VEC_EDGE, irq_count_eoi);
	idt_set_handler(VEC_LEVEL, on_level);
	lapic_enable();
	ioapic_route(PIN_EDGE, VEC_EDGE, IOAPIC_EDGE, 0);
	ioapic_route(PIN_LEVEL, VEC_LEVEL, IOAPIC_LEVEL, 0);
	GUEST_ASSERT_EQ(ioapic_redir(PIN_LEVEL), VEC_LEVEL | IOAPIC_REDIR_LEVEL);
	sti();

	GUEST_ASSERT_EQ(line(PIN_EDGE, 1), UVMM_HC_OK);
	GUEST_ASSERT_EQ(irq_hits, 1);
	line(PIN_EDGE, 0);
	line(PIN_EDGE, 1);
	GUEST_ASSERT_EQ(irq_hits, 2);
	line(PIN_EDGE, 1);
	GUEST_ASSERT_EQ(irq_hits, 2);
	line(PIN_EDGE, 0);

	lower_at = 2;
	line(PIN_LEVEL, 1);
	GUEST_ASSERT_EQ(level_hits, 2);
	GUEST_ASSERT_NE(redir_in_handler & IOAPIC_REDIR_REMOTE_IRR, 0);
	GUEST_ASSERT_EQ(ioapic_redir(PIN_LEVEL) & IOAPIC_REDIR_REMOTE_IRR, 0);

	ioapic_mask(PIN_LEVEL, 1);
	lower_at = 3;
	line(PIN_LEVEL, 1);
	GUEST_ASSERT_EQ(level_hits, 2);
	ioapic_mask(PIN_LEVEL, 0);
	GUEST_ASSERT_EQ(level_hits, 3);

	GUEST_ASSERT_EQ(line(24, 1), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(line(PIN_LEVEL, 2), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(irq_hits, 2);
	report_pass(case_ioapic_pins);
}
