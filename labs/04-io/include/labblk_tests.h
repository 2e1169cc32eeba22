/* For the lab's own guests (guests/, hidden/): one labblk command as the
 * answer keys expect it, registers in the order SECTOR, COUNT, DMA_LO,
 * DMA_HI, CMD. */
#ifndef LABBLK_TESTS_H
#define LABBLK_TESTS_H

#include "labblk_guest.h"

static inline void blk_command(uint32_t cmd, uint32_t sector, uint32_t count, uint64_t buf)
{
	blk_wr(LABBLK_SECTOR, sector);
	blk_wr(LABBLK_COUNT, count);
	blk_wr(LABBLK_DMA_LO, (uint32_t)buf);
	blk_wr(LABBLK_DMA_HI, (uint32_t)(buf >> 32));
	blk_wr(LABBLK_CMD, cmd);
}

/* A command and then its STATUS. */
static inline uint32_t blk_command_status(uint32_t cmd, uint32_t sector, uint32_t count, uint64_t buf)
{
	blk_command(cmd, sector, count, buf);
	return blk_rd(LABBLK_STATUS);
}

#endif
