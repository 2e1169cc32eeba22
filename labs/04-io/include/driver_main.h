/* Lab 4, given: the main function of guest/driver.c. It reads sector 5 in
 * the three ways (emulated DATA register, DMA, direct window), each between
 * two marker OUTs to port 0x80 so that the trace shows what each cost, checks
 * the bytes, writes sector 7 by DMA and reads it back through the window, and
 * prints the cycles each way took. Included at the end of driver.c, after
 * blk_probe, blk_read_pio, blk_dma and blk_read_direct. */
#ifndef LABBLK_DRIVER_MAIN_H
#define LABBLK_DRIVER_MAIN_H

EXPECT_CASE(case_probe, "probe");
EXPECT_CASE(case_pio, "pio-read");
EXPECT_CASE(case_dma, "dma-read");
EXPECT_CASE(case_direct, "direct-read");
EXPECT_CASE(case_write, "dma-write");

static uint8_t sector_buf[LABBLK_SECTOR_SIZE];

void guest_main(void)
{
	uint8_t *dma_buf = (uint8_t *)(uintptr_t)LABBLK_BUF;
	uint64_t t0, t_pio, t_dma, t_direct, t_warm;

	sti(); /* the completion interrupt is taken as soon as CMD is written */
	if (blk_probe() == 0)
		report_pass(case_probe);

	outb(0x80, 1);
	t0 = rdtsc();
	blk_read_pio(5, sector_buf);
	t_pio = rdtsc() - t0;
	outb(0x80, 2);
	if (blk_is_pattern(sector_buf, 5 * LABBLK_SECTOR_SIZE, LABBLK_SECTOR_SIZE))
		report_pass(case_pio);

	memset(dma_buf, 0, LABBLK_SECTOR_SIZE);
	outb(0x80, 3);
	t0 = rdtsc();
	if (blk_dma(LABBLK_CMD_READ, 5, 1, LABBLK_BUF) == 0)
		t_dma = rdtsc() - t0;
	else
		t_dma = 0;
	outb(0x80, 4);
	if (t_dma && blk_is_pattern(dma_buf, 5 * LABBLK_SECTOR_SIZE, LABBLK_SECTOR_SIZE))
		report_pass(case_dma);

	memset(sector_buf, 0, LABBLK_SECTOR_SIZE);
	outb(0x80, 5);
	t0 = rdtsc();
	blk_read_direct(5, sector_buf);
	t_direct = rdtsc() - t0;
	outb(0x80, 6);
	if (blk_is_pattern(sector_buf, 5 * LABBLK_SECTOR_SIZE, LABBLK_SECTOR_SIZE))
		report_pass(case_direct);
	/* The first touch of a memslot page costs the host a fault; after it,
	 * the window is as fast as RAM. */
	t0 = rdtsc();
	blk_read_direct(5, sector_buf);
	t_warm = rdtsc() - t0;

	for (unsigned i = 0; i < LABBLK_SECTOR_SIZE; i++)
		dma_buf[i] = (uint8_t)(i * 7);
	if (blk_dma(LABBLK_CMD_WRITE, 7, 1, LABBLK_BUF) == 0) {
		blk_read_direct(7, sector_buf);
		if (memcmp(sector_buf, dma_buf, LABBLK_SECTOR_SIZE) == 0)
			report_pass(case_write);
	}
	printf("cycles for one sector: emulated %llu, dma %llu, direct %llu (first touch), "
	       "direct %llu (again)\n", (unsigned long long)t_pio, (unsigned long long)t_dma,
	       (unsigned long long)t_direct, (unsigned long long)t_warm);
}

#endif
