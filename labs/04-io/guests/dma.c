/* Lab 4: DMA. One command moves four sectors into guest RAM; then a sector
 * written from guest RAM comes back by a second DMA into another buffer. */
#include "labblk_tests.h"

EXPECT_CASE(case_read, "dma-read");
EXPECT_CASE(case_write, "dma-write");

void guest_main(void)
{
	uint8_t *buf = (uint8_t *)(uintptr_t)LABBLK_BUF;
	uint8_t *back = buf + 0x1000;

	memset(buf, 0, 4 * LABBLK_SECTOR_SIZE);
	(void)blk_command_status(LABBLK_CMD_READ, 4, 4, LABBLK_BUF);
	if (blk_is_pattern(buf, 4 * LABBLK_SECTOR_SIZE, 4 * LABBLK_SECTOR_SIZE))
		report_pass(case_read);

	for (unsigned i = 0; i < LABBLK_SECTOR_SIZE; i++)
		buf[i] = (uint8_t)(i ^ 0x5a);
	(void)blk_command_status(LABBLK_CMD_WRITE, 10, 1, LABBLK_BUF);
	memset(back, 0, LABBLK_SECTOR_SIZE);
	(void)blk_command_status(LABBLK_CMD_READ, 10, 1, LABBLK_BUF + 0x1000);
	if (memcmp(buf, back, LABBLK_SECTOR_SIZE) == 0)
		report_pass(case_write);
	(void)blk_rd(LABBLK_DONE);
}
