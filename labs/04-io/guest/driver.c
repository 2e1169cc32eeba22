/* Lab 4, part B: your guest driver for labblk (include/labblk.h has the
 * registers; labblk_guest.h has blk_rd and blk_wr). Write the four functions
 * below; guest_main (include/driver_main.h) is given and calls them. The
 * answer key (expect/driver.expect) checks the exits each one makes, so
 * follow the protocol in README.md part B exactly. */
#include <uvmm/lapic.h>

#include "labblk_guest.h"

#define VEC 0x47

UVMM_OPTIONS("irqchip=1");

/* Check ID and CAPACITY (return -1 if either is wrong), install
 * irq_count_eoi for VEC, enable the LAPIC and set MSI_VECTOR. */
static int blk_probe(void)
{
	return -1;
}

/* Read one sector through the DATA register into buf. */
static void blk_read_pio(uint32_t sector, void *buf)
{
	(void)sector;
	(void)buf;
}

/* One DMA command of count sectors from sector, buffer at guest-physical
 * buf; wait for its interrupt (until irq_hits moves: interrupts are on), then
 * return 0 if STATUS is LABBLK_OK, else -1. */
static int blk_dma(uint32_t cmd, uint32_t sector, uint32_t count, uint64_t buf)
{
	(void)cmd;
	(void)sector;
	(void)count;
	(void)buf;
	return -1;
}

/* Copy one sector out of the direct window (LABBLK_DIRECT). */
static void blk_read_direct(uint32_t sector, void *buf)
{
	(void)sector;
	(void)buf;
}

#include "driver_main.h"
