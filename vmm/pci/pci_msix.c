/* The spec lets software access the table with aligned dwords or qwords only;
 * anything else is refused here, which is what a strict device would do and
 * what the test guests check. */
#include "pci/pci_msix.h"

#include <string.h>

#include "util/bytes.h"

void pci_msix_init(struct pci_msix *x, uint16_t ctrl, uint32_t table_dw, uint32_t pba_dw)
{
	memset(x, 0, sizeof(*x));
	x->nvec = (ctrl & 0x7ffu) + 1;
	x->table_bar = (int)(table_dw & 7);
	x->table_off = table_dw & ~7u;
	x->pba_bar = (int)(pba_dw & 7);
	x->pba_off = pba_dw & ~7u;
	for (unsigned v = 0; v < x->nvec; v++)
		x->table[v].ctrl = PCI_MSIX_VCTRL_MASK;
}

static uint64_t table_len(const struct pci_msix *x)
{
	return (uint64_t)x->nvec * PCI_MSIX_ENTRY;
}

/* The PBA is a whole number of qwords. */
static uint64_t pba_len(const struct pci_msix *x)
{
	return ((uint64_t)x->nvec + 63) / 64 * 8;
}

static int overlaps(uint64_t off, unsigned size, uint64_t start, uint64_t len)
{
	return off < start + len && start < off + size;
}

int pci_msix_span(const struct pci_msix *x, int bar, uint64_t *lo, uint64_t *hi)
{
	*lo = UINT64_MAX;
	*hi = 0;
	if (!x->nvec)
		return 0;
	if (x->table_bar == bar) {
		*lo = x->table_off;
		*hi = x->table_off + table_len(x);
	}
	if (x->pba_bar == bar) {
		*lo = x->pba_off < *lo ? x->pba_off : *lo;
		*hi = x->pba_off + pba_len(x) > *hi ? x->pba_off + pba_len(x) : *hi;
	}
	return *lo < *hi;
}

enum msix_where pci_msix_where(const struct pci_msix *x, int bar, uint64_t off, unsigned size)
{
	if (!x->nvec)
		return MSIX_NONE;
	if (bar == x->table_bar && overlaps(off, size, x->table_off, table_len(x)))
		return MSIX_TABLE;
	if (bar == x->pba_bar && overlaps(off, size, x->pba_off, pba_len(x)))
		return MSIX_PBA;
	return MSIX_NONE;
}

/* Aligned 4 or 8 bytes entirely inside [start, start+len). */
static int access_ok(uint64_t off, unsigned size, uint64_t start, uint64_t len)
{
	return (size == 4 || size == 8) && !(off % size) && off >= start && off - start + size <= len;
}

static int refuse(struct pci_msix *x, unsigned size, int is_write, uint8_t *data)
{
	x->rejected++;
	if (!is_write)
		read_nothing(data, size);
	return -2;
}

int pci_msix_table_access(struct pci_msix *x, int bar, uint64_t off, unsigned size, int is_write,
			  uint8_t *data)
{
	uint64_t rel;
	unsigned v, changed = 0;

	if (bar != x->table_bar || !access_ok(off, size, x->table_off, table_len(x)))
		return refuse(x, size, is_write, data);
	rel = off - x->table_off;
	v = (unsigned)(rel / PCI_MSIX_ENTRY);
	for (unsigned i = 0; i < size; i += 4) {
		unsigned word = (unsigned)(rel % PCI_MSIX_ENTRY + i) / 4;
		uint32_t *f = &(&x->table[v].addr_lo)[word];
		uint32_t val;
		if (!is_write) {
			memcpy(data + i, f, 4);
			continue;
		}
		memcpy(&val, data + i, 4);
		/* Address bits 1:0 read as zero; only the mask bit of vector control is writable. */
		if (word == 0)
			val &= ~3u;
		else if (word == 3)
			val = (*f & ~PCI_MSIX_VCTRL_MASK) | (val & PCI_MSIX_VCTRL_MASK);
		changed |= *f != val;
		*f = val;
	}
	return changed ? (int)v : -1;
}

int pci_msix_pba_access(struct pci_msix *x, int bar, uint64_t off, unsigned size, int is_write,
			uint8_t *data)
{
	uint64_t rel;

	if (bar != x->pba_bar || !access_ok(off, size, x->pba_off, pba_len(x))) {
		refuse(x, size, is_write, data);
		return -1;
	}
	if (is_write)
		return 0;
	rel = off - x->pba_off;
	memcpy(data, (const uint8_t *)x->pending + rel, size);
	return 0;
}

void pci_msix_set_pending(struct pci_msix *x, unsigned v, int on)
{
	if (v >= x->nvec)
		return;
	if (on)
		x->pending[v / 64] |= 1ull << (v % 64);
	else
		x->pending[v / 64] &= ~(1ull << (v % 64));
}

int pci_msix_pending(const struct pci_msix *x, unsigned v)
{
	return v < x->nvec && (x->pending[v / 64] >> (v % 64) & 1);
}

int pci_msix_vector(const struct pci_msix *x, unsigned v, int enabled, int maskall, uint64_t *addr,
		    uint32_t *data)
{
	const struct msix_entry *e;

	if (v >= x->nvec)
		return 0;
	e = &x->table[v];
	*addr = (uint64_t)e->addr_hi << 32 | e->addr_lo;
	*data = e->data;
	return enabled && !maskall && !(e->ctrl & PCI_MSIX_VCTRL_MASK);
}
