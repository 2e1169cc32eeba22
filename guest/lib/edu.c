/* edu accepts only 4-byte accesses below 0x80, so every register access here is
 * 4 bytes wide: one MMIO exit each when the BAR is trapped. */
#include <uvmm/edu.h>
#include <uvmm/idt.h>
#include <uvmm/ioapic.h>
#include <uvmm/lapic.h>
#include <uvmm/mmio.h>
#include <uvmm/pci.h>

static struct edu *irq_owner;

int edu_probe(struct edu *e)
{
	e->slot = pci_find(EDU_VENDOR, EDU_DEVICE);
	if (e->slot < 0)
		return -1;
	e->bar = pci_read32((unsigned)e->slot, PCI_REG_BAR0) & ~0xfu;
	pci_write32((unsigned)e->slot, PCI_REG_COMMAND, PCI_COMMAND_MEM | PCI_COMMAND_MASTER);
	/* edu has no reset: a previous user may have left the factorial interrupt
	 * on or an interrupt unacknowledged. Start from a quiet device. */
	edu_write(e, EDU_REG_STATUS, 0);
	edu_write(e, EDU_REG_IRQ_ACK, edu_read(e, EDU_REG_IRQ_STATUS));
	e->irqs = 0;
	e->msi_cap = 0;
	return 0;
}

uint32_t edu_read(const struct edu *e, unsigned reg)
{
	return mmio_read32(e->bar + reg);
}

void edu_write(const struct edu *e, unsigned reg, uint32_t v)
{
	mmio_write32(e->bar + reg, v);
}

static void on_edu_irq(struct exc_frame *f)
{
	struct edu *e = irq_owner;
	uint32_t st = edu_read(e, EDU_REG_IRQ_STATUS);

	(void)f;
	edu_write(e, EDU_REG_IRQ_ACK, st);
	e->last_status = st;
	e->irqs++;
	lapic_eoi();
}

/* Both interrupt kinds end in the same handler on the LAPIC. */
static void take_irq(struct edu *e, unsigned vector)
{
	irq_owner = e;
	idt_set_handler(vector, on_edu_irq);
	lapic_enable();
}

void edu_msi_enable(struct edu *e, unsigned vector)
{
	take_irq(e, vector);
	e->msi_cap = pci_find_cap((unsigned)e->slot, PCI_CAP_MSI);
	if (e->msi_cap)
		pci_msi_enable((unsigned)e->slot, e->msi_cap, LAPIC_BASE, (uint16_t)vector);
}

int edu_intx_enable(struct edu *e, unsigned vector)
{
	uint32_t v = pci_read32((unsigned)e->slot, PCI_REG_INT_LINE);

	e->intx_line = v & 0xff;
	e->intx_pin = (v >> 8) & 0xff;
	if (!e->intx_pin || e->intx_line >= IOAPIC_PINS)
		return -1;
	take_irq(e, vector);
	/* Level: the handler acknowledges edu before its EOI, so the line is low
	 * again when the IOAPIC looks at it after the EOI. */
	ioapic_route(e->intx_line, vector, IOAPIC_LEVEL, 0);
	return 0;
}

void edu_wait_irq(struct edu *e, int seen)
{
	volatile int *n = &e->irqs;

	/* A spin with IF=1, not sti;hlt: edu's interrupt tends to arrive just as
	 * the guest reaches its wait, which is where nested KVM under QEMU TCG
	 * breaks the STI shadow (docs/nested.md). The HLT-based waits of the
	 * interrupt tests keep checking that rule; these tests are about VFIO. */
	__asm__ volatile("sti" ::: "memory");
	while (*n <= seen)
		__asm__ volatile("pause" ::: "memory");
}

void edu_dma_start(const struct edu *e, uint64_t src, uint64_t dst, uint32_t cnt, int to_ram)
{
	edu_write(e, EDU_REG_DMA_SRC, (uint32_t)src);
	edu_write(e, EDU_REG_DMA_DST, (uint32_t)dst);
	edu_write(e, EDU_REG_DMA_CNT, cnt);
	edu_write(e, EDU_REG_DMA_CMD, EDU_DMA_START | EDU_DMA_IRQ | (to_ram ? EDU_DMA_TO_RAM : 0));
}
