/* As hw/misc/pc-testdev.c in QEMU: an access of width w at latch offset k
 * reads or replaces bits [8k, 8k + 8w) of the latch; the byte view is the
 * same latch (QEMU splits its accesses into bytes, which changes nothing
 * for an access inside the 4 ports). The flush port takes a 32-bit GPA (a
 * narrower write is refused, as QEMU does). The IRQ ports are bytes, any
 * non-zero value raising the line; QEMU splits a wider write into one byte
 * per line. Reads of write-only ports give all-ones. The iomem is plain
 * memory behind MMIO exits, every access emulated by KVM. */
#include "devices/pc_testdev.h"

#include <string.h>

#include "util/bytes.h"

static enum bus_action latch_io(void *opaque, struct bus_access *a, uint64_t *stop)
{
	struct dev_pc_testdev *d = opaque;
	unsigned shift = (unsigned)a->offset * 8, bits = a->size * 8;
	uint32_t mask = (bits >= 32 ? ~0u : (1u << bits) - 1) << shift;
	(void)stop;

	if (a->is_write) {
		d->latch = (d->latch & ~mask) | (((uint32_t)le_read(a->data, a->size) << shift) & mask);
		return BUS_CONTINUE;
	}
	for (unsigned i = 0; i < a->size; i++)
		a->data[i] = (uint8_t)(d->latch >> (shift + 8 * i));
	return BUS_CONTINUE;
}

static enum bus_action flush_io(void *opaque, struct bus_access *a, uint64_t *stop)
{
	struct dev_pc_testdev *d = opaque;
	(void)stop;

	if (!a->is_write) {
		read_nothing(a->data, a->size);
		return BUS_CONTINUE;
	}
	/* A GPA that is not RAM is QEMU's no-op too (nothing to map). */
	if (a->size == 4 && d->ops.flush_page)
		d->ops.flush_page(d->ops.ctx, (uint32_t)le_read(a->data, 4));
	return BUS_CONTINUE;
}

static enum bus_action irq_io(void *opaque, struct bus_access *a, uint64_t *stop)
{
	struct dev_pc_testdev *d = opaque;
	(void)stop;

	if (!a->is_write) {
		read_nothing(a->data, a->size);
		return BUS_CONTINUE;
	}
	/* QEMU splits a wider write into byte writes to consecutive lines
	 * (realmode raises IRQ 11 with an outl). */
	for (unsigned i = 0; i < a->size && d->ops.irq_line; i++)
		d->ops.irq_line(d->ops.ctx, (unsigned)a->offset + i, a->data[i] != 0);
	return BUS_CONTINUE;
}

static enum bus_action iomem_io(void *opaque, struct bus_access *a, uint64_t *stop)
{
	struct dev_pc_testdev *d = opaque;
	(void)stop;

	/* bus_find keeps the access inside the 64 KiB */
	if (a->is_write)
		memcpy(d->iomem + a->offset, a->data, a->size);
	else
		memcpy(a->data, d->iomem + a->offset, a->size);
	return BUS_CONTINUE;
}

int dev_pc_testdev_register(struct dev_pc_testdev *d, struct bus *pio, struct bus *mmio,
			    const struct pc_testdev_ops *ops)
{
	memset(d, 0, sizeof(*d));
	d->ops = *ops;
	return bus_register(mmio, PC_TESTDEV_IOMEM, PC_TESTDEV_IOMEM_SIZE, iomem_io, d,
			    "pc-testdev-iomem") ||
	       bus_register(pio, PC_TESTDEV_LATCH, 4, latch_io, d, "pc-testdev") ||
	       bus_register(pio, PC_TESTDEV_FLUSH, 4, flush_io, d, "pc-testdev-flush") ||
	       bus_register(pio, PC_TESTDEV_BYTES, 4, latch_io, d, "pc-testdev-byte") ||
	       bus_register(pio, PC_TESTDEV_IRQ, PC_TESTDEV_NIRQ, irq_io, d, "pc-testdev-irq")
		       ? -1 : 0;
}
