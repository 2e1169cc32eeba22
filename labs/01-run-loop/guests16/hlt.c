/* HLT with interrupts off and no in-kernel irqchip: KVM hands it to the VMM
 * (KVM_EXIT_HLT), which resumes the guest after it. */
#include <uvmm/guest.h>

void guest_main(void)
{
	cli();
	outb(0x80, 1);
	hlt();
	outb(0x80, 2);
	hlt();
	outb(0x80, 3);
}
