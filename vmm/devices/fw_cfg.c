/* The item table is the VM's shape, set before registration; reads of the
 * data port walk the selected item a byte at a time. */
#include "devices/fw_cfg.h"

#include <string.h>

#include "util/bytes.h"

/* The selected item's value and width in bytes (0: no such item). */
static unsigned item(const struct dev_fw_cfg *d, uint64_t *value)
{
	const struct {
		uint16_t key;
		unsigned width;
		uint64_t value;
	} items[] = {
		{ FW_CFG_RAM_SIZE, 8, d->ram_size }, { FW_CFG_NB_CPUS, 2, d->nb_cpus },
		{ FW_CFG_MAX_CPUS, 2, d->max_cpus }, { FW_CFG_MAX_RAM, 8, d->max_ram },
	};

	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++)
		if (items[i].key == d->key) {
			*value = items[i].value;
			return items[i].width;
		}
	*value = 0;
	return 0;
}

static enum bus_action fw_cfg_io(void *opaque, struct bus_access *a, uint64_t *stop)
{
	struct dev_fw_cfg *d = opaque;
	uint64_t value;
	unsigned width;
	(void)stop;

	if (a->offset == 0) {
		/* The selector: QEMU's port is 16 bits wide; reads give nothing. */
		if (a->is_write && a->size == 2) {
			d->key = (uint16_t)le_read(a->data, 2);
			d->offset = 0;
		} else if (!a->is_write) {
			memset(a->data, 0, a->size);
		}
		return BUS_CONTINUE;
	}
	if (a->is_write)
		return BUS_CONTINUE; /* the data port is read-only since QEMU 2.4 */
	width = item(d, &value);
	for (unsigned i = 0; i < a->size; i++, d->offset++)
		a->data[i] = d->offset < width ? (uint8_t)(value >> (8 * d->offset)) : 0;
	return BUS_CONTINUE;
}

int dev_fw_cfg_register(struct dev_fw_cfg *d, struct bus *pio, uint16_t base)
{
	d->key = 0;
	d->offset = 0;
	return bus_register(pio, base, 2, fw_cfg_io, d, "fw_cfg");
}
