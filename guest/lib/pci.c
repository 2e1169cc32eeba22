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
