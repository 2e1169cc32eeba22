/* Range lookup is a linear scan: a uvmm VM has a handful of devices, and a
 * scan of a few cache-resident entries beats any tree here. */
#include "devices/bus.h"

#include <string.h>

#include "util/bytes.h"

void bus_init(struct bus *b)
{
	memset(b, 0, sizeof(*b));
}

int bus_register(struct bus *b, uint64_t base, uint64_t len, bus_handler h,
		 void *opaque, const char *name)
{
	if (!len || base + len < base || b->n >= BUS_MAX_RANGES || !h)
		return -1;
	for (unsigned i = 0; i < b->n; i++) {
		const struct bus_range *r = &b->ranges[i];
		if (base < r->base + r->len && r->base < base + len)
			return -1;
	}
	b->ranges[b->n++] = (struct bus_range){ base, len, h, opaque, name };
	return 0;
}

const struct bus_range *bus_find(const struct bus *b, uint64_t addr, unsigned size)
{
	for (unsigned i = 0; i < b->n; i++) {
		const struct bus_range *r = &b->ranges[i];
		/* The whole access must lie inside one device. */
		if (addr >= r->base && addr - r->base < r->len && size <= r->len - (addr - r->base))
			return r;
	}
	return NULL;
}

enum bus_action bus_access(const struct bus *b, uint64_t addr, unsigned size,
			   int is_write, uint8_t *data, uint64_t *stop_status)
{
	const struct bus_range *r = bus_find(b, addr, size);
	struct bus_access a;

	if (!r) {
		if (!is_write)
			read_nothing(data, size);
		return BUS_CONTINUE;
	}
	a = (struct bus_access){ addr, addr - r->base, size, is_write, data };
	return r->handler(r->opaque, &a, stop_status);
}
