/* Every access is exactly one 32- or 16-bit access (ECAM) or an address write
 * plus one data access (mechanism #1), so tests can declare each exit. */
#include <uvmm/io.h>
#include <uvmm/mmio.h>
#include <uvmm/pci.h>

static enum pci_mech mech = PCI_MECH_ECAM;

void pci_use(enum pci_mech m)
{
	mech = m;
}

uint32_t pci_read32(unsigned slot, unsigned off)
{
	if (mech == PCI_MECH_ECAM)
		return mmio_read32(PCI_ECAM_ADDR(slot, off));
	outl(0xcf8, PCI_CFG_ADDR(slot, off));
	return inl(0xcfc);
}

uint16_t pci_read16(unsigned slot, unsigned off)
{
	if (mech == PCI_MECH_ECAM)
		return mmio_read16(PCI_ECAM_ADDR(slot, off));
	outl(0xcf8, PCI_CFG_ADDR(slot, off));
	return inw((uint16_t)(0xcfc + (off & 2)));
}

void pci_write32(unsigned slot, unsigned off, uint32_t v)
{
	if (mech == PCI_MECH_ECAM) {
		mmio_write32(PCI_ECAM_ADDR(slot, off), v);
		return;
	}
	outl(0xcf8, PCI_CFG_ADDR(slot, off));
	outl(0xcfc, v);
}

void pci_write16(unsigned slot, unsigned off, uint16_t v)
{
	if (mech == PCI_MECH_ECAM) {
		mmio_write16(PCI_ECAM_ADDR(slot, off), v);
		return;
	}
	outl(0xcf8, PCI_CFG_ADDR(slot, off));
	outw((uint16_t)(0xcfc + (off & 2)), v);
}

int pci_find(uint16_t vendor, uint16_t device)
{
	uint32_t want = (uint32_t)device << 16 | vendor;

	for (unsigned slot = 0; slot < PCI_SLOTS; slot++)
		if (pci_read32(slot, PCI_REG_ID) == want)
			return (int)slot;
	return -1;
}

uint32_t pci_bar_size(unsigned slot, unsigned bar)
{
	unsigned off = PCI_REG_BAR0 + 4 * bar;
	uint32_t old = pci_read32(slot, off), mask;

	pci_write32(slot, off, 0xffffffffu);
	mask = pci_read32(slot, off);
	pci_write32(slot, off, old);
	mask &= ~0xfu;
	return mask ? ~mask + 1 : 0;
}

uint64_t pci_bar_addr(unsigned slot, unsigned bar)
{
	unsigned off = PCI_REG_BAR0 + 4 * bar;
	uint32_t lo = pci_read32(slot, off);

	if (lo & PCI_BAR_IO)
		return 0;
	if ((lo & PCI_BAR_TYPE_MASK) == PCI_BAR_TYPE_64 && bar < 5)
		return (uint64_t)pci_read32(slot, off + 4) << 32 | (lo & ~0xfu);
	return lo & ~0xfu;
}

unsigned pci_find_cap(unsigned slot, unsigned id)
{
	unsigned ptr = pci_read32(slot, PCI_REG_CAP_PTR) & 0xfc;

	for (int hops = 0; ptr && hops < 48; hops++) {
		uint32_t hdr = pci_read32(slot, ptr);
		if ((hdr & 0xff) == id)
			return ptr;
		ptr = (hdr >> 8) & 0xfc;
	}
	return 0;
}

void pci_msi_enable(unsigned slot, unsigned cap, uint64_t addr, uint16_t data)
{
	pci_write32(slot, cap + 4, (uint32_t)addr);
	pci_write32(slot, cap + 8, (uint32_t)(addr >> 32));
	pci_write32(slot, cap + 12, data);
	pci_write32(slot, cap, 1u << 16); /* control: MSI enable, one vector */
}

int pci_msix_probe(struct pci_msix *m, unsigned slot)
{
	uint32_t table, pba;
	uint64_t table_bar, pba_bar;

	m->slot = slot;
	m->cap = pci_find_cap(slot, PCI_CAP_MSIX);
	if (!m->cap)
		return -1;
	m->entries = (pci_read16(slot, m->cap + PCI_MSIX_CTRL) & PCI_MSIX_CTRL_SIZE) + 1u;
	table = pci_read32(slot, m->cap + PCI_MSIX_TABLE);
	pba = pci_read32(slot, m->cap + PCI_MSIX_PBA);
	table_bar = pci_bar_addr(slot, table & PCI_MSIX_BIR);
	/* Table and PBA usually share a BAR: read it once. */
	pba_bar = (pba & PCI_MSIX_BIR) == (table & PCI_MSIX_BIR) ? table_bar
								: pci_bar_addr(slot, pba & PCI_MSIX_BIR);
	if (!table_bar || !pba_bar)
		return -1;
	m->table = (uintptr_t)(table_bar + (table & ~PCI_MSIX_BIR));
	m->pba = (uintptr_t)(pba_bar + (pba & ~PCI_MSIX_BIR));
	return 0;
}

void pci_msix_control(const struct pci_msix *m, uint16_t ctrl)
{
	pci_write16(m->slot, m->cap + PCI_MSIX_CTRL, ctrl & (PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL));
}

static uintptr_t msix_entry(const struct pci_msix *m, unsigned entry, unsigned field)
{
	return m->table + (uintptr_t)entry * PCI_MSIX_ENTRY_SIZE + field;
}

void pci_msix_set_entry(const struct pci_msix *m, unsigned entry, uint64_t addr, uint32_t data)
{
	mmio_write32(msix_entry(m, entry, PCI_MSIX_ENTRY_ADDR_LO), (uint32_t)addr);
	mmio_write32(msix_entry(m, entry, PCI_MSIX_ENTRY_ADDR_HI), (uint32_t)(addr >> 32));
	mmio_write32(msix_entry(m, entry, PCI_MSIX_ENTRY_DATA), data);
}

void pci_msix_mask(const struct pci_msix *m, unsigned entry, int masked)
{
	uintptr_t a = msix_entry(m, entry, PCI_MSIX_ENTRY_VCTRL);
	uint32_t v = mmio_read32(a);

	mmio_write32(a, masked ? v | PCI_MSIX_VCTRL_MASK : v & ~PCI_MSIX_VCTRL_MASK);
}

int pci_msix_pending(const struct pci_msix *m, unsigned entry)
{
	/* The PBA is an array of qwords; a dword read of the right half is allowed. */
	return (int)(mmio_read32(m->pba + (entry / 32) * 4) >> (entry % 32)) & 1;
}
