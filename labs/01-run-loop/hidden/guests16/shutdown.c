/* Hidden: a triple fault. With an empty interrupt table an INT cannot be
 * delivered, the #GP it raises cannot be either, nor the double fault: the
 * vCPU shuts down (KVM_EXIT_SHUTDOWN), and the VMM must say so and stop. */
#include <uvmm/guest.h>

void guest_main(void)
{
	struct desc_ptr none = { 0, 0 };

	outb(0x80, 0x99);
	lidt(&none);
	__asm__ volatile("int $0x21");
	outb(0x80, 0x98); /* never runs */
}
