/* Guest-side access to labblk (labblk.h): one MMIO access per register
 * read or write, and the size of guest RAM as uvmm announces it. */
#ifndef LABBLK_GUEST_H
#define LABBLK_GUEST_H

#include <uvmm/guest.h>

#include "labblk.h"

static inline uint32_t blk_rd(unsigned reg)
{
	return mmio_read32(LABBLK_BASE + reg);
}

static inline void blk_wr(unsigned reg, uint32_t v)
{
	mmio_write32(LABBLK_BASE + reg, v);
}

/* Guest RAM in bytes (CPUID leaf UVMM_CPUID_LEAF, EBX = MiB). */
static inline uint64_t blk_ram_size(void)
{
	return (uint64_t)cpuid(UVMM_CPUID_LEAF, 0).ebx << 20;
}

/* 1 when len bytes at p hold the disk's initial bytes from offset on. */
static inline int blk_is_pattern(const volatile uint8_t *p, uint32_t offset, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		if (p[i] != labblk_pattern(offset + i))
			return 0;
	return 1;
}

#endif
