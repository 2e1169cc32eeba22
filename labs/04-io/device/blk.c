/* Lab 4, part A: your labblk device model (include/labblk.h is the
 * specification; vmm/lab/lab_device.h the API). The guest is untrusted:
 * check every sector range and DMA buffer before one byte moves, and reach
 * guest memory only through lab_guest_read / lab_guest_write. */
#include <stdlib.h>
#include <string.h>

#include "lab/lab_device.h"
#include "labblk.h"

struct blk {
	struct lab_dev *dev;
	uint8_t *disk;        /* LABBLK_DISK_SIZE bytes */
	/* TODO: the registers' state */
};

/* One access to the register page: io->offset, io->size, io->is_write,
 * io->data (little-endian). Reads start as all-ones. */
static void blk_io(void *opaque, struct lab_io *io)
{
	struct blk *b = opaque;

	(void)b;
	(void)io;
	/* TODO: only aligned 32-bit accesses do anything (labblk.h). */
}

static int blk_init(struct lab_dev *d)
{
	struct blk *b = calloc(1, sizeof(*b));

	if (!b)
		return -1;
	b->dev = d;
	lab_set_priv(d, b);
	/* TODO part C: the disk lives in the direct window: lab_map_ram at
	 * LABBLK_DIRECT gives its memory. Until then, plain memory. */
	b->disk = calloc(1, LABBLK_DISK_SIZE);
	if (!b->disk)
		return -1;
	for (uint32_t i = 0; i < LABBLK_DISK_SIZE; i++)
		b->disk[i] = labblk_pattern(i);
	return lab_mmio_register(d, LABBLK_BASE, LABBLK_REGS_SIZE, blk_io, b);
}

static void blk_fini(struct lab_dev *d)
{
	struct blk *b = lab_priv(d);

	if (b)
		free(b->disk); /* TODO part C: not once the disk is the memslot's */
	free(b);
}

LAB_DEVICE(labblk, .name = "labblk", .init = blk_init, .fini = blk_fini);
