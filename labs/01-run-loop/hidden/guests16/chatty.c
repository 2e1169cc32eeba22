/* Hidden: 6 KiB of console text, more than a page: a VMM that keeps the
 * guest's output in a fixed buffer shows it here. */
#include <uvmm/guest.h>

void guest_main(void)
{
	for (int line = 0; line < 96; line++)
		printf("line %02d: the quick brown fox jumps over the lazy dog\n", line);
}
