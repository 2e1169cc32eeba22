/* Hidden, lab 3 part B: a write pattern unlike the visible guest's. Phase 1
 * writes one page a thousand times (one dirty page, not a thousand); phase 2
 * every other page of the area from the top down; phase 3 a deep recursion
 * whose frames dirty stack pages the VMM must also carry over. */
#include <uvmm/guest.h>

#define AREA_SEG 0x2000u
#define AREA_PAGES 64u

static void poke(unsigned p, unsigned off, uint8_t v)
{
	uint16_t seg = (uint16_t)(AREA_SEG + p * 0x100);

	__asm__ volatile("mov %w0, %%es\n\tmovb %b1, %%es:(%k2)" : : "r"(seg), "q"(v), "r"(off)
			 : "memory");
}

static uint8_t peek(unsigned p, unsigned off)
{
	uint16_t seg = (uint16_t)(AREA_SEG + p * 0x100);
	uint8_t v;

	__asm__ volatile("mov %w1, %%es\n\tmovb %%es:(%k2), %b0" : "=q"(v) : "r"(seg), "r"(off)
			 : "memory");
	return v;
}

/* Each level keeps 600 bytes on the stack and needs them back intact. */
static unsigned deep(unsigned level)
{
	volatile uint8_t frame[600];
	unsigned sum;

	for (unsigned i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(level + i);
	sum = level ? deep(level - 1) : 0;
	for (unsigned i = 0; i < sizeof(frame); i += 97)
		sum += frame[i];
	return sum;
}

static unsigned depth_sum;

void guest_main(void)
{
	uint16_t sum = 0;

	for (unsigned i = 0; i < 1000; i++)
		poke(5, i % 256, (uint8_t)i);
	outb(0x80, 1);
	for (unsigned p = AREA_PAGES; p > 0; p -= 2)
		poke(p - 1, 0x40, (uint8_t)p);
	outb(0x80, 2);
	depth_sum = deep(8);
	outb(0x80, 3);
	for (unsigned p = 0; p < AREA_PAGES; p++)
		for (unsigned off = 0; off < 256; off += 16)
			sum = (uint16_t)(sum + peek(p, off) + peek(p, off + 0x40));
	outw(0x81, sum);
	outw(0x82, (uint16_t)depth_sum);
}
