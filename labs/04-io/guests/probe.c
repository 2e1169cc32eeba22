/* Lab 4: the registers. The answer key (expect/probe.expect) holds every
 * value the device must answer: ID, CAPACITY, read-back of the RW registers,
 * all-ones for an offset with no register and for a 2-byte access. */
#include "labblk_guest.h"

void guest_main(void)
{
	(void)blk_rd(LABBLK_ID);
	(void)blk_rd(LABBLK_CAPACITY);
	blk_wr(LABBLK_SECTOR, 0x11);
	blk_wr(LABBLK_COUNT, 3);
	blk_wr(LABBLK_DMA_LO, (uint32_t)LABBLK_BUF);
	blk_wr(LABBLK_DMA_HI, 0);
	blk_wr(LABBLK_MSI_VECTOR, 0x45);
	(void)blk_rd(LABBLK_SECTOR);
	(void)blk_rd(LABBLK_COUNT);
	(void)blk_rd(LABBLK_DMA_LO);
	(void)blk_rd(LABBLK_DMA_HI);
	(void)blk_rd(LABBLK_MSI_VECTOR);
	(void)blk_rd(LABBLK_DONE);
	(void)blk_rd(LABBLK_STATUS);
	(void)blk_rd(0xff0);
	(void)mmio_read16(LABBLK_BASE + LABBLK_ID);
}
