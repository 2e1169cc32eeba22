/* Lab 4: commands the device must refuse, each with its STATUS: no sectors,
 * sectors past the end, a buffer that runs past the end of guest RAM, a
 * buffer above 4 GiB, an unknown command. DONE counts them all. */
#include "labblk_tests.h"

void guest_main(void)
{
	uint64_t end = blk_ram_size();

	(void)blk_command_status(LABBLK_CMD_READ, 0, 0, LABBLK_BUF);
	(void)blk_command_status(LABBLK_CMD_READ, LABBLK_SECTORS - 1, 2, LABBLK_BUF);
	(void)blk_command_status(LABBLK_CMD_READ, 0, 1, end - 256);
	(void)blk_command_status(LABBLK_CMD_WRITE, 0, 1, 1ull << 32);
	(void)blk_command_status(7, 0, 1, LABBLK_BUF);
	(void)blk_command_status(LABBLK_CMD_READ, 0, 1, LABBLK_BUF);
	(void)blk_rd(LABBLK_DONE);
}
