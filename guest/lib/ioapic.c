/* Indirect access: the register number goes to IOREGSEL, the value through
 * IOWIN. One vCPU at a time uses it in the tests, so no lock around the pair. */
#include <uvmm/ioapic.h>
#include <uvmm/mmio.h>

#define IOREGSEL 0x00
#define IOWIN 0x10

uint32_t ioapic_read(unsigned reg)
{
	mmio_write32(IOAPIC_BASE + IOREGSEL, reg);
	return mmio_read32(IOAPIC_BASE + IOWIN);
}

void ioapic_write(unsigned reg, uint32_t v)
{
	mmio_write32(IOAPIC_BASE + IOREGSEL, reg);
	mmio_write32(IOAPIC_BASE + IOWIN, v);
}

unsigned ioapic_pins(void)
{
	return ((ioapic_read(IOAPIC_REG_VERSION) >> 16) & 0xff) + 1;
}

void ioapic_route(unsigned pin, unsigned vector, enum ioapic_trigger trig, unsigned apic_id)
{
	/* Destination first: the entry goes live when the low dword unmasks it. */
	ioapic_write(IOAPIC_REG_REDIR + 2 * pin, IOAPIC_REDIR_MASKED);
	ioapic_write(IOAPIC_REG_REDIR + 2 * pin + 1, apic_id << 24);
	ioapic_write(IOAPIC_REG_REDIR + 2 * pin, (vector & 0xff) | (trig == IOAPIC_LEVEL ? IOAPIC_REDIR_LEVEL : 0));
}

void ioapic_mask(unsigned pin, int masked)
{
	uint32_t lo = ioapic_redir(pin);

	lo = masked ? lo | IOAPIC_REDIR_MASKED : lo & ~IOAPIC_REDIR_MASKED;
	/* Remote IRR and delivery status are read-only; writing them back is harmless. */
	ioapic_write(IOAPIC_REG_REDIR + 2 * pin, lo);
}

uint32_t ioapic_redir(unsigned pin)
{
	return ioapic_read(IOAPIC_REG_REDIR + 2 * pin);
}
