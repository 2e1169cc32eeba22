/* HLT with interrupts off: without an in-kernel irqchip each one is a
 * KVM_EXIT_HLT that uvmm answers by resuming the guest after it. */
#include <uvmm/guest.h>

EXPECT("hlt");
EXPECT("hlt");
EXPECT("hlt");
UVMM_OPTIONS("irqchip=0");

void guest_main(void)
{
	cli();
	for (int i = 0; i < 3; i++)
		hlt();
}
