/* Lab 4 reference solution: the labblk device model (labs/04-io/include/labblk.h)
 * through the lab device API. Every value the guest writes is untrusted: the
 * sector range and the DMA buffer are checked in 64-bit arithmetic before one
 * byte moves, and guest memory is reached only through lab_guest_read/write. */
#include <stdlib.h>
#include <string.h>

#include "lab/lab_device.h"
#include "labblk.h"

struct blk {
	struct lab_dev *dev;
	uint8_t *disk;        /* LABBLK_DISK_SIZE bytes: the memslot behind the direct window */
	uint32_t sector, count, dma_lo, dma_hi, status, msi_vector, done;
	uint64_t data_pos;    /* byte offset of the next DATA access */
};

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static uint32_t command(struct blk *b, uint32_t cmd)
{
	uint64_t offset = (uint64_t)b->sector * LABBLK_SECTOR_SIZE;
	uint64_t len = (uint64_t)b->count * LABBLK_SECTOR_SIZE;
	uint64_t dma = (uint64_t)b->dma_hi << 32 | b->dma_lo;

	if (cmd != LABBLK_CMD_READ && cmd != LABBLK_CMD_WRITE)
		return LABBLK_E_CMD;
	if (b->count == 0 || (uint64_t)b->sector + b->count > LABBLK_SECTORS)
		return LABBLK_E_RANGE;
	/* lab_guest_* check the whole buffer against guest RAM, wrap included. */
	if (cmd == LABBLK_CMD_READ)
		return lab_guest_write(b->dev, dma, b->disk + offset, len) < 0 ? LABBLK_E_DMA : LABBLK_OK;
	return lab_guest_read(b->dev, dma, b->disk + offset, len) < 0 ? LABBLK_E_DMA : LABBLK_OK;
}

static uint32_t data_read(struct blk *b)
{
	uint32_t v;

	if (b->data_pos + 4 > LABBLK_DISK_SIZE) {
		b->status = LABBLK_E_RANGE;
		return 0xffffffffu;
	}
	v = get32(b->disk + b->data_pos);
	b->data_pos += 4;
	return v;
}

static void data_write(struct blk *b, uint32_t v)
{
	if (b->data_pos + 4 > LABBLK_DISK_SIZE) {
		b->status = LABBLK_E_RANGE;
		return;
	}
	put32(b->disk + b->data_pos, v);
	b->data_pos += 4;
}

static void reg_read(struct blk *b, uint64_t reg, uint8_t *data)
{
	uint32_t v;

	switch (reg) {
	case LABBLK_ID: v = LABBLK_MAGIC; break;
	case LABBLK_CAPACITY: v = LABBLK_SECTORS; break;
	case LABBLK_SECTOR: v = b->sector; break;
	case LABBLK_COUNT: v = b->count; break;
	case LABBLK_DMA_LO: v = b->dma_lo; break;
	case LABBLK_DMA_HI: v = b->dma_hi; break;
	case LABBLK_STATUS: v = b->status; break;
	case LABBLK_DATA: v = data_read(b); break;
	case LABBLK_MSI_VECTOR: v = b->msi_vector; break;
	case LABBLK_DONE: v = b->done; break;
	default: return; /* CMD is write-only; the rest is not there: all-ones */
	}
	put32(data, v);
}

static void reg_write(struct blk *b, uint64_t reg, uint32_t v)
{
	switch (reg) {
	case LABBLK_SECTOR:
		b->sector = v;
		b->data_pos = (uint64_t)v * LABBLK_SECTOR_SIZE;
		break;
	case LABBLK_COUNT: b->count = v; break;
	case LABBLK_DMA_LO: b->dma_lo = v; break;
	case LABBLK_DMA_HI: b->dma_hi = v; break;
	case LABBLK_DATA: data_write(b, v); break;
	case LABBLK_MSI_VECTOR: b->msi_vector = v & 0xff; break;
	case LABBLK_CMD:
		b->status = command(b, v);
		b->done++;
		/* Fixed delivery to APIC 0: address 0xfee00000, data = vector. */
		if (b->msi_vector)
			lab_msi(b->dev, 0xfee00000ull, b->msi_vector);
		break;
	default: break; /* read-only or not there */
	}
}

static void blk_io(void *opaque, struct lab_io *io)
{
	struct blk *b = opaque;

	/* The registers are 32 bits wide and aligned; the guest can send any
	 * width at any offset, and such an access changes nothing. */
	if (io->size != 4 || io->offset % 4)
		return;
	if (io->is_write)
		reg_write(b, io->offset, get32(io->data));
	else
		reg_read(b, io->offset, io->data);
}

static int blk_init(struct lab_dev *d)
{
	struct blk *b = calloc(1, sizeof(*b));
	void *disk;

	if (!b)
		return -1;
	b->dev = d;
	lab_set_priv(d, b);
	if (lab_map_ram(d, LABBLK_DIRECT, LABBLK_DISK_SIZE, &disk) < 0 ||
	    lab_mmio_register(d, LABBLK_BASE, LABBLK_REGS_SIZE, blk_io, b) < 0)
		return -1;
	b->disk = disk;
	for (uint32_t i = 0; i < LABBLK_DISK_SIZE; i++)
		b->disk[i] = labblk_pattern(i);
	return 0;
}

static void blk_fini(struct lab_dev *d)
{
	free(lab_priv(d));
}

LAB_DEVICE(labblk, .name = "labblk", .init = blk_init, .fini = blk_fini);
