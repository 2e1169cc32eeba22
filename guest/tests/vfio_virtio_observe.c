/* vfio_irq=observe with MSI-X: the VMM reads entry 0's eventfd itself,
 * records `irq.msi 0x54` and injects it. Each interrupt must appear right
 * after the notification that caused it and before the PBA read the guest
 * makes once its handler has run (the handler itself makes no exit). */
#include "vfio_virtio_expect.h"

#define VEC 0x54

UVMM_OPTIONS("irqchip=1 vfio=1af4:1044 vfio_mode=trap vfio_irq=observe");
EXPECT(RNG_EXPECT_BRING_UP("0x54"));
EXPECT(RNG_EXPECT_KICK);
EXPECT("irq.msi 0x54");
EXPECT(RNG_EXPECT_PBA("0x0"));
EXPECT(RNG_EXPECT_KICK);
EXPECT("irq.msi 0x54");
EXPECT(RNG_EXPECT_PBA("0x0"));
EXPECT(RNG_EXPECT_PASS("vfio_virtio_observe"));

void guest_main(void)
{
	struct rng r;

	rng_bring_up(&r, VEC, 0);
	for (unsigned i = 0; i < 2; i++) {
		unsigned head = rng_request(&r, i);

		virtq_kick(&r.q);
		rng_wait_irqs((int)i + 1, VEC);
		GUEST_ASSERT_EQ(pci_msix_pending(&r.msix, RNG_MSIX_ENTRY), 0);
		rng_check(&r, i, head);
	}
	test_report("vfio_virtio_observe", UVMM_RESULT_PASS, NULL);
}
