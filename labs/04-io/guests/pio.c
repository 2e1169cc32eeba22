/* Lab 4: the DATA register, the emulated path: every 4 bytes of the disk
 * are one MMIO exit. Reads sector 3, writes sector 2 and reads it back,
 * then runs off the end of the disk. */
#include "labblk_guest.h"

EXPECT_CASE(case_read, "pio-read");
EXPECT_CASE(case_write, "pio-write");
EXPECT_CASE(case_end, "pio-end");

static uint32_t words[LABBLK_SECTOR_SIZE / 4];

void guest_main(void)
{
	int ok = 1;

	blk_wr(LABBLK_SECTOR, 3);
	for (unsigned i = 0; i < LABBLK_SECTOR_SIZE / 4; i++)
		words[i] = blk_rd(LABBLK_DATA);
	if (blk_is_pattern((const uint8_t *)words, 3 * LABBLK_SECTOR_SIZE, LABBLK_SECTOR_SIZE))
		report_pass(case_read);

	blk_wr(LABBLK_SECTOR, 2);
	for (unsigned i = 0; i < LABBLK_SECTOR_SIZE / 4; i++)
		blk_wr(LABBLK_DATA, 0xc0de0000u + i);
	blk_wr(LABBLK_SECTOR, 2);
	for (unsigned i = 0; i < LABBLK_SECTOR_SIZE / 4; i++)
		ok &= blk_rd(LABBLK_DATA) == 0xc0de0000u + i;
	if (ok)
		report_pass(case_write);

	blk_wr(LABBLK_SECTOR, LABBLK_SECTORS - 1);
	for (unsigned i = 0; i < LABBLK_SECTOR_SIZE / 4; i++)
		(void)blk_rd(LABBLK_DATA);
	(void)blk_rd(LABBLK_DATA);
	(void)blk_rd(LABBLK_STATUS);
	report_pass(case_end);
}
