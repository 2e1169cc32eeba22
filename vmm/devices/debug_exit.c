#include "devices/debug_exit.h"

#include <string.h>

#include "util/bytes.h"

static enum bus_action debug_exit_io(void *opaque, struct bus_access *a, uint64_t *stop)
{
	uint32_t v = 0;
	(void)opaque;

	if (!a->is_write) {
		read_nothing(a->data, a->size); /* QEMU's device is write-only too */
		return BUS_CONTINUE;
	}
	memcpy(&v, a->data, a->size);
	*stop = v;
	return BUS_STOP;
}

int dev_debug_exit_register(struct bus *pio, uint16_t base)
{
	/* QEMU's iosize=4 device: any width at the base port. */
	return bus_register(pio, base, 4, debug_exit_io, NULL, "debug-exit");
}
