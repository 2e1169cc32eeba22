/* Hidden, hostile: every width at every offset of the register page,
 * aligned or not, 8-byte accesses across two registers, writes of garbage to
 * read-only ones; then the device must still work as specified. */
#include "labblk_tests.h"

EXPECT_CASE(case_survives, "device-survives-the-sweep");

void guest_main(void)
{
	uint8_t *buf = (uint8_t *)(uintptr_t)LABBLK_BUF;
	uintptr_t b = (uintptr_t)LABBLK_BASE;
	int ok;

	for (uintptr_t off = 0; off < 0x40; off++) {
		(void)mmio_read8(b + off);
		(void)mmio_read16(b + off);
		(void)mmio_read32(b + off);
		(void)mmio_read64(b + off);
		if (off % 4 != 0 || off == LABBLK_ID || off == LABBLK_CAPACITY ||
		    off == LABBLK_STATUS || off == LABBLK_DONE) {
			mmio_write8(b + off, 0xff);
			mmio_write16(b + off, 0xffff);
			mmio_write64(b + off, ~0ull);
		}
	}
	for (uintptr_t off = 0x40; off < LABBLK_REGS_SIZE; off += 0x3c)
		mmio_write32(b + off, 0xdeadbeef);
	mmio_write32(b + LABBLK_ID, 0);
	mmio_write32(b + LABBLK_CAPACITY, 0xffffffffu);
	blk_wr(LABBLK_MSI_VECTOR, 0);
	blk_command(LABBLK_CMD_READ, 20, 2, LABBLK_BUF);
	ok = blk_rd(LABBLK_ID) == LABBLK_MAGIC && blk_rd(LABBLK_CAPACITY) == LABBLK_SECTORS &&
	     blk_rd(LABBLK_STATUS) == LABBLK_OK &&
	     blk_is_pattern(buf, 20 * LABBLK_SECTOR_SIZE, 2 * LABBLK_SECTOR_SIZE);
	if (ok)
		report_pass(case_survives);
}
