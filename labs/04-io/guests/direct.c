/* Lab 4: the direct window, the disk mapped as memory (a memslot): the whole
 * disk is read with no exit at all, and a byte stored there is what the
 * emulated DATA register then returns. */
#include "labblk_guest.h"

EXPECT_CASE(case_read, "direct-read");
EXPECT_CASE(case_shared, "direct-is-the-disk");

void guest_main(void)
{
	volatile uint8_t *disk = (volatile uint8_t *)(uintptr_t)LABBLK_DIRECT;

	outb(0x80, 1);
	if (blk_is_pattern(disk, 0, LABBLK_DISK_SIZE))
		report_pass(case_read);
	disk[9 * LABBLK_SECTOR_SIZE] = 0xab;
	disk[9 * LABBLK_SECTOR_SIZE + 1] = 0xcd;
	outb(0x80, 2);
	blk_wr(LABBLK_SECTOR, 9);
	if ((blk_rd(LABBLK_DATA) & 0xffff) == 0xcdab)
		report_pass(case_shared);
}
