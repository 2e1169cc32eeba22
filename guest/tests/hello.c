/* The smallest guest: one line on COM1, then a clean exit. */
#include <uvmm/guest.h>

EXPECT("pio.out 0x3f8:1 = \"Hello, world!\\n\"");

void guest_main(void)
{
	printf("Hello, world!\n");
}
