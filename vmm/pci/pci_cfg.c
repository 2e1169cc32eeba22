/* The model works on whole dwords: every virtualized range starts and ends on
 * a dword (the header is 64 bytes, capabilities are dword aligned), so a
 * naturally aligned access never straddles the model and the backend. */
#include "pci/pci_cfg.h"

#include <string.h>

#define HEADER_END 0x40u

static uint32_t get32(const struct pci_vdev *d, unsigned off)
{
	uint32_t v;

	memcpy(&v, d->cfg + off, 4);
	return v;
}

static void put32(struct pci_vdev *d, unsigned off, uint32_t v)
{
	memcpy(d->cfg + off, &v, 4);
}

static uint16_t msi_ctrl(const struct pci_vdev *d)
{
	return (uint16_t)(get32(d, d->msi_off) >> 16);
}

/* Bytes of the MSI capability, rounded up to a dword. */
static unsigned msi_len(const struct pci_vdev *d)
{
	unsigned len = d->msi_ctrl_ro & PCI_MSI_CTRL_64 ? 0x10 : 0x0c;

	return d->msi_ctrl_ro & PCI_MSI_CTRL_PVM ? len + 0x08 : len;
}

#define MSIX_LEN 0x0cu

static int in_msi(const struct pci_vdev *d, unsigned dw)
{
	return d->msi_off && dw >= d->msi_off && dw < d->msi_off + msi_len(d);
}

static int in_msix(const struct pci_vdev *d, unsigned dw)
{
	return d->msix_off && dw >= d->msix_off && dw < d->msix_off + MSIX_LEN;
}

static int modelled(const struct pci_vdev *d, unsigned dw)
{
	return dw < HEADER_END || in_msi(d, dw) || in_msix(d, dw);
}

/* Writable bits of a modelled dword other than a BAR. */
static uint32_t write_mask(const struct pci_vdev *d, unsigned dw)
{
	unsigned rel;

	switch (dw) {
	case PCI_COMMAND:
		return PCI_CMD_IO | PCI_CMD_MEM | PCI_CMD_MASTER | PCI_CMD_INTX_DISABLE;
	case 0x0c: /* cache line size, latency timer */
		return 0x0000ffffu;
	case PCI_INT_LINE:
		return 0x000000ffu;
	}
	if (in_msix(d, dw))
		return dw == d->msix_off ? (uint32_t)(PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL) << 16 : 0;
	if (!in_msi(d, dw))
		return 0;
	rel = dw - d->msi_off;
	if (rel == 0)
		return (uint32_t)(PCI_MSI_CTRL_ENABLE | PCI_MSI_CTRL_MME) << 16;
	if (rel == 4)
		return 0xfffffffcu;
	if (d->msi_ctrl_ro & PCI_MSI_CTRL_64) {
		if (rel == 8)
			return 0xffffffffu;
		rel -= 4;
	}
	if (rel == 8)
		return 0x0000ffffu;
	if (rel == 12 && (d->msi_ctrl_ro & PCI_MSI_CTRL_PVM))
		return 0xffffffffu; /* mask bits; pending bits (rel 16) are read-only */
	return 0;
}

static int bar_index(unsigned dw)
{
	return dw >= PCI_BAR0 && dw < PCI_BAR0 + 4 * PCI_NUM_BARS ? (int)(dw - PCI_BAR0) / 4 : -1;
}

/* The upper dword of a 64-bit BAR belongs to the BAR below it. */
static int bar_is_high(const struct pci_vdev *d, int i)
{
	return i > 0 && (d->bars[i - 1].flags & PCI_BAR_MEM64) && d->bars[i - 1].size;
}

static uint32_t bar_read(const struct pci_vdev *d, int i)
{
	if (bar_is_high(d, i))
		return (uint32_t)(d->bars[i - 1].addr >> 32);
	if (!d->bars[i].size)
		return 0;
	return (uint32_t)d->bars[i].addr | d->bars[i].flags;
}

static void bar_write(struct pci_vdev *d, int i, uint32_t v)
{
	struct pci_bar *b;
	uint64_t old;

	if (bar_is_high(d, i)) {
		b = &d->bars[i - 1];
		old = b->addr;
		b->addr = ((uint64_t)v << 32 | (uint32_t)b->addr) & ~(b->size - 1);
	} else {
		b = &d->bars[i];
		if (!b->size)
			return;
		old = b->addr;
		b->addr = ((b->addr & ~0xffffffffull) | v) & ~(b->size - 1) &
			  ~(uint64_t)(b->flags & PCI_BAR_IO ? 0x3u : 0xfu);
	}
	if (b->addr != old)
		d->changed |= PCI_CHG_BAR;
}

/* The status register's interrupt bit is the device's: it says whether the
 * function asserts INTx right now. */
static uint32_t dword_read(const struct pci_vdev *d, unsigned dw)
{
	int bar = bar_index(dw);
	uint32_t st = 0;

	if (bar >= 0)
		return bar_read(d, bar);
	if (dw == PCI_COMMAND && d->backend.read &&
	    d->backend.read(d->backend.opaque, PCI_STATUS, 2, &st) == 0)
		return get32(d, dw) | (st & PCI_STATUS_INTERRUPT) << 16;
	return get32(d, dw);
}

static void dword_write(struct pci_vdev *d, unsigned dw, uint32_t v)
{
	int bar = bar_index(dw);
	uint32_t wm, old, now;

	if (bar >= 0) {
		bar_write(d, bar, v);
		return;
	}
	wm = write_mask(d, dw);
	old = get32(d, dw);
	now = (old & ~wm) | (v & wm);
	if (d->msi_off && dw == d->msi_off) {
		/* Multiple Message Enable may not exceed Multiple Message Capable. */
		unsigned mmc = (d->msi_ctrl_ro >> 1) & 7, mme = (now >> 20) & 7;
		if (mme > mmc)
			now = (now & ~(PCI_MSI_CTRL_MME << 16)) | (uint32_t)mmc << 20;
	}
	put32(d, dw, now);
	if (now == old)
		return;
	if (dw == PCI_COMMAND)
		d->changed |= PCI_CHG_CMD;
	else if (in_msi(d, dw))
		d->changed |= PCI_CHG_MSI;
	else if (in_msix(d, dw))
		d->changed |= PCI_CHG_MSIX;
}

/* A modelled capability: dword aligned, after the header, inside config space. */
static int cap_fits(unsigned off, unsigned len)
{
	return off >= HEADER_END && !(off & 3) && off + len <= PCI_CFG_SIZE;
}

static void init_caps(struct pci_vdev *d, const struct pci_caps *c)
{
	if (!c || c->first < HEADER_END)
		return; /* no list, or a pointer into the header: show none */
	d->cfg[PCI_CAP_PTR] = c->first & 0xfc;
	put32(d, PCI_COMMAND, (uint32_t)PCI_STATUS_CAP_LIST << 16);
	d->msi_ctrl_ro = c->msi_ctrl & (PCI_MSI_CTRL_64 | PCI_MSI_CTRL_PVM | 0x0e);
	d->msi_off = c->msi_off;
	if (!cap_fits(c->msi_off, msi_len(d)))
		d->msi_off = 0;
	if (d->msi_off)
		put32(d, d->msi_off, PCI_CAP_ID_MSI | (uint32_t)(c->msi_next & 0xfc) << 8 |
					     (uint32_t)d->msi_ctrl_ro << 16);
	d->msix_off = c->msix_off;
	if (!cap_fits(c->msix_off, MSIX_LEN) ||
	    (d->msi_off && c->msix_off < d->msi_off + msi_len(d) && d->msi_off < c->msix_off + MSIX_LEN))
		d->msix_off = 0;
	if (d->msix_off) {
		put32(d, d->msix_off, PCI_CAP_ID_MSIX | (uint32_t)(c->msix_next & 0xfc) << 8 |
					      (uint32_t)(c->msix_ctrl & PCI_MSIX_CTRL_SIZE) << 16);
		put32(d, d->msix_off + 4, c->msix_table);
		put32(d, d->msix_off + 8, c->msix_pba);
	}
}

void pci_vdev_init(struct pci_vdev *d, const uint8_t header[64], const struct pci_bar bars[PCI_NUM_BARS],
		   const struct pci_caps *caps, uint8_t int_line, const struct pci_backend *backend)
{
	memset(d, 0, sizeof(*d));
	memcpy(d->cfg, header, HEADER_END);
	if (backend)
		d->backend = *backend;
	/* The VMM owns these: the guest starts with decoding off, like after reset. */
	put32(d, PCI_COMMAND, 0);
	d->cfg[PCI_HEADER_TYPE] &= 0x7f; /* one function per slot */
	d->cfg[0x0f] = 0;                /* BIST */
	memset(d->cfg + PCI_BAR0, 0, 4 * PCI_NUM_BARS);
	put32(d, PCI_ROM, 0);
	memset(d->cfg + PCI_CAP_PTR, 0, 8);
	d->cfg[PCI_INT_LINE] = header[PCI_INT_PIN] ? int_line : 0xff;
	d->cfg[PCI_INT_PIN] = header[PCI_INT_PIN];
	d->cfg[0x3e] = header[0x3e];
	d->cfg[0x3f] = header[0x3f];
	memcpy(d->bars, bars, sizeof(d->bars));
	for (int i = 0; i < PCI_NUM_BARS; i++) {
		struct pci_bar *b = &d->bars[i];
		if (b->size & (b->size - 1) || (b->size && b->size < 16)) {
			b->size = 0; /* not a power of two: not a BAR the model can size */
			b->flags = 0;
		}
		if (bar_is_high(d, i))
			*b = (struct pci_bar){ 0 };
		b->addr &= ~(b->size - 1);
	}
	init_caps(d, caps);
}

int pci_cfg_access(struct pci_vdev *d, unsigned offset, unsigned size, int is_write, uint32_t *val)
{
	unsigned dw = offset & ~3u, shift = (offset & 3) * 8;
	uint32_t mask, cur;

	/* Sizes are checked before any shift by them: a size of 8 (an ECAM
	 * access) would shift a 32-bit value by 64. */
	if ((size != 1 && size != 2 && size != 4) || offset % size || offset >= PCI_CFG_SIZE) {
		d->rejected++;
		if (!is_write)
			*val = size == 1 ? 0xffu : size == 2 ? 0xffffu : 0xffffffffu;
		return -1;
	}
	mask = size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
	if (!modelled(d, dw)) {
		if (is_write)
			return d->backend.write ? d->backend.write(d->backend.opaque, offset, size,
								   *val & mask) : 0;
		*val = 0;
		if (d->backend.read && d->backend.read(d->backend.opaque, offset, size, val) < 0)
			*val = mask;
		*val &= mask;
		return 0;
	}
	cur = dword_read(d, dw);
	if (!is_write) {
		*val = (cur >> shift) & mask;
		return 0;
	}
	dword_write(d, dw, (cur & ~(mask << shift)) | ((*val & mask) << shift));
	return 0;
}

uint16_t pci_vdev_command(const struct pci_vdev *d)
{
	return (uint16_t)get32(d, PCI_COMMAND);
}

int pci_vdev_msix(const struct pci_vdev *d, int *maskall)
{
	uint32_t ctrl = d->msix_off ? get32(d, d->msix_off) >> 16 : 0;

	*maskall = !!(ctrl & PCI_MSIX_CTRL_MASKALL);
	return !!(ctrl & PCI_MSIX_CTRL_ENABLE);
}

int pci_vdev_msi(const struct pci_vdev *d, uint64_t *addr, uint32_t *data)
{
	unsigned o = d->msi_off;

	if (!o)
		return 0;
	*addr = get32(d, o + 4);
	if (d->msi_ctrl_ro & PCI_MSI_CTRL_64) {
		*addr |= (uint64_t)get32(d, o + 8) << 32;
		*data = get32(d, o + 12) & 0xffff;
	} else {
		*data = get32(d, o + 8) & 0xffff;
	}
	return msi_ctrl(d) & PCI_MSI_CTRL_ENABLE;
}
