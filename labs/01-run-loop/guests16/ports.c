/* OUT and IN of every width. Each value read comes straight back out on port
 * 0x81, so the trace shows what the VMM really returned, not what it says it
 * returned: with no device behind port 0x60 that is all-ones. */
#include <uvmm/guest.h>

void guest_main(void)
{
	outb(0x80, 0x12);
	outw(0x80, 0x3456);
	outl(0x80, 0x789abcdeu);
	outb(0x81, inb(0x60));
	outw(0x81, inw(0x60));
	outl(0x81, inl(0x60));
}
