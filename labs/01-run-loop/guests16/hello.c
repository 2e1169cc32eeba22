/* Lab 1's first guest: a greeting on COM1 (one OUT exit per byte), one byte
 * to port 0x80, then status 0 to the debug-exit port 0xf4. */
#include <uvmm/guest.h>

void guest_main(void)
{
	printf("Hello from the guest!\n");
	outb(0x80, 0x42);
}
