/* Lab 3 part B: the guest that is migrated. Three phases write 64, then 16,
 * then 4 pages of a 256 KiB area (0x20000-0x5ffff, reached through ES in
 * real mode); after each it stops at a marker OUT to port 0x80 (the VMM's
 * moments for a pre-copy round). After the third the VMM stops and copies
 * what is left and resumes the guest elsewhere; there the guest sums the
 * whole area and writes the sum to port 0x81: a page the migration missed
 * changes it. */
#include "area16.h"

void guest_main(void)
{
	uint16_t sum = 0;

	for (unsigned p = 0; p < AREA_PAGES; p++)
		poke(p, 0x10, (uint8_t)(p + 1));
	outb(0x80, 1);
	for (unsigned p = 0; p < AREA_PAGES; p += 4)
		poke(p, 0x20, (uint8_t)(0x80 + p));
	outb(0x80, 2);
	for (unsigned p = 1; p < 8; p += 2)
		poke(p, 0x30, 0xc0);
	outb(0x80, 3);
	for (unsigned p = 0; p < AREA_PAGES; p++)
		sum = (uint16_t)(sum + peek(p, 0x10) + peek(p, 0x20) + peek(p, 0x30));
	outw(0x81, sum);
}
