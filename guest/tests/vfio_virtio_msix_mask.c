/* MSI-X masking as the PCI spec has it, emulated by the VMM: a request that
 * completes while its vector is masked (first by the entry's mask bit, then
 * by the function mask) sends no interrupt but sets the entry's PBA bit;
 * unmasking delivers exactly one interrupt and clears the bit. */
#include "vfio_virtio_expect.h"

#define VEC 0x52

UVMM_OPTIONS("irqchip=1 vfio=1af4:1044 vfio_mode=trap vfio_irq=irqfd");
EXPECT(RNG_EXPECT_BRING_UP_MASKED("0x52"));
/* Entry 0 masked: nothing pending before the request, pending after it (the
 * VMM may see the device's message a little after the used ring shows it). */
EXPECT(RNG_EXPECT_PBA("0x0"));
EXPECT(RNG_EXPECT_KICK);
EXPECT("repeat 0.. {\n" RNG_EXPECT_PBA("0x0") "}\n");
EXPECT(RNG_EXPECT_PBA("0x1"));
/* Unmasked: the one interrupt, then the bit reads 0. */
EXPECT(RNG_EXPECT_MSIX_UNMASK);
EXPECT(RNG_EXPECT_PBA("0x0"));
/* Function masked, entry unmasked: the same again. */
EXPECT("mmio.write 0xe001809a:2 = 0xc000\n");
EXPECT(RNG_EXPECT_KICK);
EXPECT("repeat 0.. {\n" RNG_EXPECT_PBA("0x0") "}\n");
EXPECT(RNG_EXPECT_PBA("0x1"));
EXPECT(RNG_EXPECT_MSIX_ENABLE);
EXPECT(RNG_EXPECT_PBA("0x0"));
EXPECT(RNG_EXPECT_PASS("vfio_virtio_msix_mask"));

/* Completed while masked: used ring first, then the PBA bit, and no
 * interrupt however long we wait. */
static void complete_masked(struct rng *r, unsigned i, int irqs)
{
	uint64_t t0;
	unsigned head = rng_request(r, i);

	virtq_kick(&r->q);
	rng_poll_used(r, (uint16_t)(i + 1));
	rng_check(r, i, head);
	t0 = rdtsc();
	while (!pci_msix_pending(&r->msix, RNG_MSIX_ENTRY))
		GUEST_ASSERT(rdtsc() - t0 < RNG_POLL_CYCLES);
	rng_settle();
	GUEST_ASSERT_EQ(irq_hits, irqs);
}

/* After the unmask: exactly one interrupt, and the bit is clear. */
static void delivered_once(struct rng *r, int irqs)
{
	rng_wait_irqs(irqs, VEC);
	GUEST_ASSERT_EQ(pci_msix_pending(&r->msix, RNG_MSIX_ENTRY), 0);
	rng_settle();
	GUEST_ASSERT_EQ(irq_hits, irqs);
}

void guest_main(void)
{
	struct rng r;

	rng_bring_up(&r, VEC, 1);
	sti();
	GUEST_ASSERT_EQ(pci_msix_pending(&r.msix, RNG_MSIX_ENTRY), 0);

	complete_masked(&r, 0, 0);
	pci_msix_mask(&r.msix, RNG_MSIX_ENTRY, 0);
	delivered_once(&r, 1);

	pci_msix_control(&r.msix, PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL);
	complete_masked(&r, 1, 1);
	pci_msix_control(&r.msix, PCI_MSIX_CTRL_ENABLE);
	delivered_once(&r, 2);
	test_report("vfio_virtio_msix_mask", UVMM_RESULT_PASS, NULL);
}
