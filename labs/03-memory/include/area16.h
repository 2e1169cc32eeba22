/* The 256 KiB area the part B guests write (0x20000-0x5ffff), one byte at
 * a time through ES: real mode with segment bases 0 reaches only 64 KiB. */
#ifndef LAB_AREA16_H
#define LAB_AREA16_H

#include <uvmm/guest.h>

#define AREA_SEG 0x2000u  /* segment of the first page: 0x20000 */
#define AREA_PAGES 64u

static inline void poke(unsigned p, unsigned off, uint8_t v)
{
	uint16_t seg = (uint16_t)(AREA_SEG + p * 0x100);

	__asm__ volatile("mov %w0, %%es\n\tmovb %b1, %%es:(%k2)" : : "r"(seg), "q"(v), "r"(off)
			 : "memory");
}

static inline uint8_t peek(unsigned p, unsigned off)
{
	uint16_t seg = (uint16_t)(AREA_SEG + p * 0x100);
	uint8_t v;

	__asm__ volatile("mov %w1, %%es\n\tmovb %%es:(%k2), %b0" : "=q"(v) : "r"(seg), "r"(off)
			 : "memory");
	return v;
}

#endif
