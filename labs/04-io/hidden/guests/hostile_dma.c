/* Hidden, hostile: DMA requests built to break a device that trusts the
 * guest: lengths and addresses that wrap 32 and 64 bits, a buffer one byte
 * past the end of RAM, sectors that wrap. Each must be refused with its
 * STATUS and move no byte; RAM next to the buffers must be untouched. */
#include "labblk_tests.h"

EXPECT_CASE(case_refused, "every-bad-request-refused");
EXPECT_CASE(case_untouched, "nothing-moved");

void guest_main(void)
{
	uint64_t end = blk_ram_size();
	volatile uint8_t *tail = (volatile uint8_t *)(uintptr_t)(end - 512);
	int ok = 1;

	for (unsigned i = 0; i < 512; i++)
		tail[i] = 0xee;
	/* count * 512 wraps 32 bits to a small number */
	ok &= blk_command_status(LABBLK_CMD_READ, 0, 0x800001u, LABBLK_BUF) == LABBLK_E_RANGE;
	/* sector + count wraps 32 bits to 0 */
	ok &= blk_command_status(LABBLK_CMD_READ, 0xffffffffu, 1, LABBLK_BUF) == LABBLK_E_RANGE;
	ok &= blk_command_status(LABBLK_CMD_READ, 0xfffffff0u, 0x20, LABBLK_BUF) == LABBLK_E_RANGE;
	/* the last byte is past RAM */
	ok &= blk_command_status(LABBLK_CMD_READ, 0, 1, end - 511) == LABBLK_E_DMA;
	ok &= blk_command_status(LABBLK_CMD_WRITE, 0, 1, end - 511) == LABBLK_E_DMA;
	/* buffer + length wraps 64 bits */
	ok &= blk_command_status(LABBLK_CMD_READ, 0, 2, 0xfffffffffffffe00ull) == LABBLK_E_DMA;
	ok &= blk_command_status(LABBLK_CMD_WRITE, 0, 2, 0xfffffffffffffe00ull) == LABBLK_E_DMA;
	/* inside the device's own window, not RAM */
	ok &= blk_command_status(LABBLK_CMD_READ, 0, 1, LABBLK_DIRECT) == LABBLK_E_DMA;
	ok &= blk_command_status(LABBLK_CMD_READ, 0, 1, LABBLK_BASE) == LABBLK_E_DMA;
	/* the whole disk in one go is fine, and ends exactly at the buffer's end */
	ok &= blk_command_status(LABBLK_CMD_READ, 0, LABBLK_SECTORS, end - LABBLK_DISK_SIZE - 512) == LABBLK_OK;
	if (ok)
		report_pass(case_refused);
	ok = 1;
	for (unsigned i = 0; i < 512; i++)
		ok &= tail[i] == 0xee;
	if (ok)
		report_pass(case_untouched);
}
