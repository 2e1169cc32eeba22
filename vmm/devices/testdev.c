/* Each register is 8 bytes; an access of any width 1..8 that stays inside one
 * register reads the low bytes of its value. SCRATCH writes replace the bytes
 * written; INVERT writes replace the whole register (zero-extended); COUNTER's
 * Nth read returns N. Accesses that straddle registers or hit no register
 * read all-ones and are dropped. */
#include "devices/testdev.h"

#include <string.h>

#include "util/bytes.h"
#include "uvmm/abi.h"

static enum bus_action testdev_io(void *opaque, struct bus_access *a, uint64_t *stop)
{
	struct dev_testdev *d = opaque;
	unsigned reg = (unsigned)(a->offset & ~7ull);
	unsigned byte = (unsigned)(a->offset & 7);
	uint64_t id = UVMM_TESTDEV_MAGIC, inv, cnt;
	uint64_t *store = NULL;
	const uint64_t *src = NULL;
	(void)stop;

	if (byte + a->size > 8 || a->offset >= 0x20) {
		if (!a->is_write)
			read_nothing(a->data, a->size);
		return BUS_CONTINUE;
	}
	switch (reg) {
	case UVMM_TESTDEV_ID: src = &id; break;
	case UVMM_TESTDEV_SCRATCH:
		store = &d->scratch;
		src = store;
		break;
	case UVMM_TESTDEV_INVERT:
		if (a->is_write) {
			d->invert = 0;
			memcpy((uint8_t *)&d->invert + byte, a->data, a->size);
			return BUS_CONTINUE;
		}
		inv = ~d->invert;
		src = &inv;
		break;
	case UVMM_TESTDEV_COUNTER:
		if (!a->is_write)
			d->counter++;
		cnt = d->counter;
		src = &cnt;
		break;
	}
	if (a->is_write) {
		if (store)
			memcpy((uint8_t *)store + byte, a->data, a->size);
		return BUS_CONTINUE;
	}
	memcpy(a->data, (const uint8_t *)src + byte, a->size);
	return BUS_CONTINUE;
}

int dev_testdev_register(struct dev_testdev *d, struct bus *mmio, uint64_t base)
{
	memset(d, 0, sizeof(*d));
	return bus_register(mmio, base, UVMM_TESTDEV_SIZE, testdev_io, d, "testdev");
}
