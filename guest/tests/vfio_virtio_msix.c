/* MSI-X through VFIO and KVM irqfd: virtio-rng's queue 0 on MSI-X entry 0,
 * routed to vector 0x51. Two requests for RNG_LEN random bytes, each
 * completed with one interrupt; every virtio register access is a checked
 * exit (trap mode), the ring and the buffers are DMA through the IOMMU. */
#include "vfio_virtio_expect.h"

#define VEC 0x51

UVMM_OPTIONS("irqchip=1 vfio=1af4:1044 vfio_mode=trap vfio_irq=irqfd");
EXPECT(RNG_EXPECT_BRING_UP("0x51"));
EXPECT(RNG_EXPECT_KICK);
EXPECT(RNG_EXPECT_KICK);
EXPECT(RNG_EXPECT_PASS("vfio_virtio_msix"));

void guest_main(void)
{
	struct rng r;

	rng_bring_up(&r, VEC, 0);
	for (unsigned i = 0; i < 2; i++) {
		unsigned head = rng_request(&r, i);

		virtq_kick(&r.q);
		rng_wait_irqs((int)i + 1, VEC);
		/* The device publishes the used element before it interrupts. */
		GUEST_ASSERT_EQ(virtq_used_idx(&r.q), i + 1);
		rng_check(&r, i, head);
	}
	GUEST_ASSERT_NE(memcmp(rng_buf(0), rng_buf(1), RNG_LEN), 0);
	test_report("vfio_virtio_msix", UVMM_RESULT_PASS, NULL);
}
