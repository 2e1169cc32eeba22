/* libFuzzer target: the PCI configuration-space model in front of VFIO
 * devices (vmm/pci_cfg.c) and the MSI-X table model (vmm/pci_msix.c). The
 * input builds a device (header, BAR sizes and kinds, MSI and MSI-X
 * capabilities) and then a sequence of guest config, MSI-X table and PBA
 * accesses of any offset, size and value. Invariants: refused accesses read
 * all-ones, BAR addresses stay aligned to their size, the backend sees only
 * offsets the model does not own (the status register's read aside), in
 * range; table address bits 1:0 and vector-control bits other than the mask
 * stay zero. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pci/pci_cfg.h"
#include "pci/pci_msix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct pci_vdev *cur;

/* An offset inside a capability the model owns must never reach the device. */
static void check_owned(unsigned off, unsigned sz)
{
	unsigned o[2] = { cur->msi_off, cur->msix_off };

	if (off + sz > PCI_CFG_SIZE || sz == 0 || sz > 4 || off < 0x40)
		abort();
	/* MSI-X is 12 bytes; MSI at least 12 (more with 64-bit or masking). */
	for (int i = 0; i < 2; i++)
		if (o[i] && off + sz > o[i] && off < o[i] + 0x0c)
			abort();
}

static int be_read(void *opaque, unsigned off, unsigned sz, uint32_t *val)
{
	(void)opaque;
	if (!(off == PCI_STATUS && sz == 2))
		check_owned(off, sz);
	*val = 0x5a5a5a5au;
	return 0;
}

static int be_write(void *opaque, unsigned off, unsigned sz, uint32_t val)
{
	(void)opaque;
	(void)val;
	check_owned(off, sz);
	return 0;
}

static void msix_op(struct pci_msix *x, const uint8_t *op)
{
	unsigned sz = 1u << (op[1] % 4);
	int bar = op[0] % 8, wr = op[1] & 0x80;
	uint64_t off = (uint64_t)(op[2] | op[3] << 8) << (op[1] & 0x10 ? 4 : 0);
	uint8_t buf[8];

	memcpy(buf, op + 2, 4);
	memcpy(buf + 4, op + 2, 4);
	if (pci_msix_where(x, bar, off, sz) == MSIX_TABLE) {
		if (pci_msix_table_access(x, bar, off, sz, wr, buf) == -2 && !wr &&
		    memcmp(buf, "\xff\xff\xff\xff\xff\xff\xff\xff", sz))
			abort();
	} else if (pci_msix_where(x, bar, off, sz) == MSIX_PBA) {
		pci_msix_set_pending(x, op[3] * 8u, op[2] & 1);
		if (pci_msix_pba_access(x, bar, off, sz, wr, buf) < 0 && !wr &&
		    memcmp(buf, "\xff\xff\xff\xff\xff\xff\xff\xff", sz))
			abort();
	}
	for (unsigned i = 0; i < x->nvec; i++)
		if ((x->table[i].addr_lo & 3) || (x->table[i].ctrl & ~PCI_MSIX_VCTRL_MASK))
			abort();
}

#define SETUP_BYTES (64 + PCI_NUM_BARS * 2 + 17) /* b[0..11] BARs, b[12..28] capabilities */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t kinds[] = { 0, PCI_BAR_IO, PCI_BAR_MEM64, PCI_BAR_MEM64 | PCI_BAR_PREFETCH };
	struct pci_backend be = { be_read, be_write, NULL };
	struct pci_bar bars[PCI_NUM_BARS];
	struct pci_vdev *d;
	struct pci_msix *x;
	const uint8_t *b = data + 64;
	struct pci_caps caps;
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
	caps = (struct pci_caps){ .first = b[15], .msi_off = msi_off, .msi_next = b[16],
				  .msi_ctrl = msi_ctrl, .msix_off = b[17], .msix_next = b[18],
				  .msix_ctrl = (uint16_t)(b[19] | b[20] << 8) };
	memcpy(&caps.msix_table, b + 21, 4);
	memcpy(&caps.msix_pba, b + 25, 4);
	d = calloc(1, sizeof(*d));
	x = malloc(sizeof(*x));
	if (!d || !x) {
		free(d);
		free(x);
		return 0;
	}
	cur = d;
	pci_vdev_init(d, data, bars, &caps, b[14], &be);
	pci_msix_init(x, caps.msix_ctrl, caps.msix_table, caps.msix_pba);
	for (size_t off = SETUP_BYTES; off + 6 <= size; off += 6) {
		if (data[off + 1] & 0x20) {
			msix_op(x, data + off);
			continue;
		}
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

		int maskall;

		pci_vdev_msi(d, &addr, &mdata);
		pci_vdev_msix(d, &maskall);
		(void)pci_vdev_command(d);
		for (unsigned v = 0; v < x->nvec; v++)
			pci_msix_vector(x, v, 1, 0, &addr, &mdata);
	}
	free(x);
	free(d);
	return 0;
}
