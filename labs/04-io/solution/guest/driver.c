/* Lab 4 reference solution: the guest's labblk driver, and the comparison
 * of the three ways to read the same sector (labs/04-io/README.md, part C).
 * The main function is given; the driver functions are the student's. */
#include <uvmm/lapic.h>

#include "labblk_guest.h"

#define VEC 0x47

UVMM_OPTIONS("irqchip=1");

/* --- the driver (the student's part) --------------------------------- */

static int blk_probe(void)
{
	if (blk_rd(LABBLK_ID) != LABBLK_MAGIC || blk_rd(LABBLK_CAPACITY) != LABBLK_SECTORS)
		return -1;
	idt_set_handler(VEC, irq_count_eoi);
	lapic_enable();
	blk_wr(LABBLK_MSI_VECTOR, VEC);
	return 0;
}

/* Emulated: every 4 bytes through DATA, one exit each. */
static void blk_read_pio(uint32_t sector, void *buf)
{
	uint32_t *w = buf;

	blk_wr(LABBLK_SECTOR, sector);
	for (unsigned i = 0; i < LABBLK_SECTOR_SIZE / 4; i++)
		w[i] = blk_rd(LABBLK_DATA);
}

/* DMA: five register writes, one interrupt, one status read. */
static int blk_dma(uint32_t cmd, uint32_t sector, uint32_t count, uint64_t buf)
{
	int before = irq_hits;

	blk_wr(LABBLK_SECTOR, sector);
	blk_wr(LABBLK_COUNT, count);
	blk_wr(LABBLK_DMA_LO, (uint32_t)buf);
	blk_wr(LABBLK_DMA_HI, (uint32_t)(buf >> 32));
	blk_wr(LABBLK_CMD, cmd);
	while (irq_hits == before)
		__asm__ volatile("pause");
	return blk_rd(LABBLK_STATUS) == LABBLK_OK ? 0 : -1;
}

/* Direct: the disk is memory; no exit. */
static void blk_read_direct(uint32_t sector, void *buf)
{
	memcpy(buf, (const void *)(uintptr_t)(LABBLK_DIRECT + (uint64_t)sector * LABBLK_SECTOR_SIZE),
	       LABBLK_SECTOR_SIZE);
}

/* --- given: the test and the comparison ------------------------------- */

#include "driver_main.h"
