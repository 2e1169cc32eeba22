#include "pci/pci_bus.h"

#include <string.h>

#include "util/bytes.h"

#define CF8_ENABLE 0x80000000u

void pci_bus_init(struct pci_bus *pb)
{
	memset(pb, 0, sizeof(*pb));
}

int pci_bus_add(struct pci_bus *pb, unsigned slot, struct pci_vdev *d)
{
	if (slot >= PCI_SLOTS || pb->slots[slot])
		return -1;
	pb->slots[slot] = d;
	return 0;
}

void pci_bus_cfg(struct pci_bus *pb, unsigned slot, unsigned fn, unsigned offset, unsigned size,
		 int is_write, uint32_t *val)
{
	struct pci_vdev *d = slot < PCI_SLOTS && fn == 0 ? pb->slots[slot] : NULL;

	if (!d) {
		if (!is_write)
			*val = size >= 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
		return;
	}
	pci_cfg_access(d, offset, size, is_write, val);
	if (is_write && d->changed && pb->on_change)
		pb->on_change(pb->opaque, d);
}

static uint32_t le32(const uint8_t *p, unsigned size)
{
	uint32_t v = 0;

	memcpy(&v, p, size > 4 ? 4 : size);
	return v;
}

/* One config access by either mechanism; one the mechanism cannot decode
 * (valid == 0) is dropped, and reads as all-ones. */
static void cfg_exit(struct pci_bus *pb, struct bus_access *a, int valid, unsigned slot, unsigned fn,
		     unsigned reg)
{
	uint32_t val;

	if (!valid) {
		if (!a->is_write)
			read_nothing(a->data, a->size);
		return;
	}
	val = le32(a->data, a->size);
	pci_bus_cfg(pb, slot, fn, reg, a->size, a->is_write, &val);
	if (!a->is_write)
		memcpy(a->data, &val, a->size);
}

/* 0xCF8 is the address register (32-bit accesses only, as on real chipsets);
 * 0xCFC-0xCFF is a window on the dword it selects. */
static enum bus_action on_pio(void *opaque, struct bus_access *a, uint64_t *stop)
{
	struct pci_bus *pb = opaque;
	uint32_t ca = pb->config_addr;
	unsigned bus, slot, fn, reg;

	(void)stop;
	if (a->offset < 4) {
		if (a->offset == 0 && a->size == 4) {
			if (a->is_write)
				pb->config_addr = le32(a->data, 4) & 0x80fffffcu;
			else
				memcpy(a->data, &pb->config_addr, 4);
		} else if (!a->is_write) {
			read_nothing(a->data, a->size);
		}
		return BUS_CONTINUE;
	}
	bus = (ca >> 16) & 0xff;
	slot = (ca >> 11) & 0x1f;
	fn = (ca >> 8) & 7;
	reg = (ca & 0xfc) + (unsigned)(a->offset - 4);
	cfg_exit(pb, a, (ca & CF8_ENABLE) && bus == 0 && a->offset - 4 + a->size <= 4, slot, fn, reg);
	return BUS_CONTINUE;
}

static enum bus_action on_ecam(void *opaque, struct bus_access *a, uint64_t *stop)
{
	struct pci_bus *pb = opaque;
	unsigned slot = (unsigned)(a->offset >> 15) & 0x1f, fn = (unsigned)(a->offset >> 12) & 7;
	unsigned reg = (unsigned)(a->offset & 0xfff);

	(void)stop;
	/* Extended config space (256..4095) is not modelled: it reads as nothing. */
	cfg_exit(pb, a, a->size <= 4 && reg < PCI_CFG_SIZE, slot, fn, reg);
	return BUS_CONTINUE;
}

int pci_bus_register(struct pci_bus *pb, struct bus *pio, struct bus *mmio)
{
	return bus_register(pio, PCI_CONFIG_ADDR_PORT, 8, on_pio, pb, "pci-conf1") ||
	       bus_register(mmio, PCI_ECAM_BASE, PCI_ECAM_SIZE, on_ecam, pb, "pci-ecam") ? -1 : 0;
}
