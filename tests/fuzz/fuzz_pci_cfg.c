/* libFuzzer target: the PCI configuration-space model in front of VFIO
 * devices (vmm/pci_cfg.c). The input builds a device (header, BAR sizes and
 * kinds, MSI capability) and then a sequence of guest config accesses of any
 * offset, size and value. Invariants: refused accesses read all-ones, BAR
 * addresses stay aligned to their size, the backend sees only offsets the
 * model does not own, in range. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pci_cfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int be_read(void *opaque, unsigned off, unsigned sz, uint32_t *val)
{
	(void)opaque;
	if (off + sz > PCI_CFG_SIZE * 16 || sz == 0 || sz > 4)
		abort();
	*val = 0x5a5a5a5au;
	return 0;
}

static int be_write(void *opaque, unsigned off, unsigned sz, uint32_t val)
{
	(void)opaque;
	(void)val;
	if (off + sz > PCI_CFG_SIZE * 16 || sz == 0 || sz > 4)
		abort();
	return 0;
}

#define SETUP_BYTES (64 + PCI_NUM_BARS * 2 + 3)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t kinds[] = { 0, PCI_BAR_IO, PCI_BAR_MEM64, PCI_BAR_MEM64 | PCI_BAR_PREFETCH };
	struct pci_backend be = { be_read, be_write, NULL };
	struct pci_bar bars[PCI_NUM_BARS];
	struct pci_vdev *d;
	const uint8_t *b = data + 64;
	uint8_t msi_off;
	uint16_t msi_ctrl;

	if (size < SETUP_BYTES)
		return 0;
	memset(bars, 0, sizeof(bars));
	for (int i = 0; i < PCI_NUM_BARS; i++) {
		unsigned shift = b[2 * i] % 33;

		if (shift < 4)
			continue;
		bars[i].size = 1ull << shift;
		bars[i].flags = kinds[b[2 * i + 1] % 4];
		if (bars[i].flags & PCI_BAR_MEM64) {
			if (i == PCI_NUM_BARS - 1)
				bars[i].flags = 0;
			else
				i++; /* the high half */
		}
	}
	msi_off = b[12] & 0xfc;
	if (msi_off && msi_off < 0x40)
		msi_off = 0x40;
	msi_ctrl = (uint16_t)(b[13] | b[14] << 8);
	d = calloc(1, sizeof(*d));
	if (!d)
		return 0;
	pci_vdev_init(d, data, bars, msi_off, msi_ctrl, &be);
	for (size_t off = SETUP_BYTES; off + 6 <= size; off += 6) {
		unsigned where = data[off];
		/* Mostly the sizes a guest can make, sometimes any (ECAM allows 8). */
		unsigned sz = data[off + 1] & 0x40 ? data[off + 1] % 9 : 1u << (data[off + 1] % 3);
		int wr = data[off + 1] & 0x80;
		uint32_t val;

		memcpy(&val, data + off + 2, 4);
		uint32_t ones = sz == 1 ? 0xffu : sz == 2 ? 0xffffu : 0xffffffffu;

		if (pci_cfg_access(d, where, sz, wr, &val) < 0 && !wr && val != ones)
			abort();
	}
	for (int i = 0; i < PCI_NUM_BARS; i++)
		if (d->bars[i].size && (d->bars[i].addr & (d->bars[i].size - 1)))
			abort();
	{
		uint64_t addr;
		uint32_t mdata;

		pci_vdev_msi(d, &addr, &mdata);
		(void)pci_vdev_command(d);
	}
	free(d);
	return 0;
}
