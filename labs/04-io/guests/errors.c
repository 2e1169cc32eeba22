/* Lab 4: commands the device must refuse, each with its STATUS: no sectors,
 * sectors past the end, a buffer that runs past the end of guest RAM, a
 * buffer above 4 GiB, an unknown command. DONE counts them all. */
#include "labblk_guest.h"

static void cmd(uint32_t c, uint32_t sector, uint32_t count, uint64_t buf)
{
	blk_wr(LABBLK_SECTOR, sector);
	blk_wr(LABBLK_COUNT, count);
	blk_wr(LABBLK_DMA_LO, (uint32_t)buf);
	blk_wr(LABBLK_DMA_HI, (uint32_t)(buf >> 32));
	blk_wr(LABBLK_CMD, c);
	(void)blk_rd(LABBLK_STATUS);
}

void guest_main(void)
{
	uint64_t end = blk_ram_size();

	cmd(LABBLK_CMD_READ, 0, 0, LABBLK_BUF);
	cmd(LABBLK_CMD_READ, LABBLK_SECTORS - 1, 2, LABBLK_BUF);
	cmd(LABBLK_CMD_READ, 0, 1, end - 256);
	cmd(LABBLK_CMD_WRITE, 0, 1, 1ull << 32);
	cmd(7, 0, 1, LABBLK_BUF);
	cmd(LABBLK_CMD_READ, 0, 1, LABBLK_BUF);
	(void)blk_rd(LABBLK_DONE);
}
