/* Hidden, lab 3 part B: a write pattern unlike the visible guest's. Phase 1
 * writes one page a thousand times (one dirty page, not a thousand); phase 2
 * every other page of the area from the top down; phase 3 a deep recursion
 * whose frames dirty stack pages the VMM must also carry over. */
#include "area16.h"

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
