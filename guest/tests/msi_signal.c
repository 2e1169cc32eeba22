/* KVM_SIGNAL_MSI through the msi call: address 0xfee00000 (destination APIC
 * ID 0, physical mode), data = fixed delivery, edge, vector 0x50. With IF=1
 * the handler runs as soon as the OUT completes, before the next statement
 * (the IF=0 case is irq_pending_sti). */
#include <uvmm/guest.h>
#include <uvmm/lapic.h>

#define VEC 0x50

EXPECT("hcall msi 0xfee00000 0x50");
EXPECT_CASE(case_msi_signal, "msi_signal");
UVMM_OPTIONS("irqchip=1");

void guest_main(void)
{
	struct uvmm_hc_msi msi = { .address = LAPIC_BASE, .data = VEC };
	long st;
	int now;

	idt_set_handler(VEC, irq_count_eoi);
	lapic_enable();

	sti();
	st = uvmm_hypercall(UVMM_HC_MSI, &msi);
	now = irq_hits;
	GUEST_ASSERT_EQ(st, UVMM_HC_OK);
	GUEST_ASSERT_EQ(now, 1);
	GUEST_ASSERT_EQ(irq_last_vector, VEC);
	report_pass(case_msi_signal);

}
