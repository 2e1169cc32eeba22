/* Lab 3 part B: the guest that is migrated. Three phases write 64, then 16,
 * then 4 pages of a 256 KiB area (0x20000-0x5ffff, reached through ES in
 * real mode); after each it stops at a marker OUT to port 0x80 (the VMM's
 * moments for a pre-copy round). After the third the VMM stops and copies
 * what is left and resumes the guest elsewhere; there the guest sums the
 * whole area and writes the sum to port 0x81: a page the migration missed
 * changes it. */
#include <uvmm/guest.h>

#define AREA_SEG 0x2000u  /* segment of the first page: 0x20000 */
#define AREA_PAGES 64u

/* One byte at page p, offset off of the area. */
static void poke(unsigned p, unsigned off, uint8_t v)
{
	uint16_t seg = (uint16_t)(AREA_SEG + p * 0x100);

	__asm__ volatile("mov %w0, %%es\n\tmovb %b1, %%es:(%k2)"
			 : : "r"(seg), "q"(v), "r"(off) : "memory");
}

static uint8_t peek(unsigned p, unsigned off)
{
	uint16_t seg = (uint16_t)(AREA_SEG + p * 0x100);
	uint8_t v;

	__asm__ volatile("mov %w1, %%es\n\tmovb %%es:(%k2), %b0" : "=q"(v) : "r"(seg), "r"(off)
			 : "memory");
	return v;
}

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
