/* vfio_mode=direct: BAR4 (the virtio structures) is a memslot on the mmapped
 * VFIO region, so bring-up, the request and its notification cause no exit;
 * BAR1 (the MSI-X table) stays trapped: its writes are the only BAR exits. */
#include "vfio_virtio_expect.h"

#define VEC 0x53

UVMM_OPTIONS("irqchip=1 vfio=1af4:1044 vfio_mode=direct vfio_irq=irqfd");
EXPECT(RNG_EXPECT_PROBE);
EXPECT(RNG_EXPECT_MSIX_PROBE);
EXPECT(RNG_EXPECT_MSIX_ENTRY("0x53"));
EXPECT(RNG_EXPECT_MSIX_UNMASK);
EXPECT(RNG_EXPECT_MSIX_ENABLE);
EXPECT(RNG_EXPECT_PASS("vfio_virtio_direct"));

void guest_main(void)
{
	struct rng r;
	unsigned head;

	rng_bring_up(&r, VEC, 0);
	head = rng_request(&r, 0);
	virtq_kick(&r.q);
	rng_wait_irqs(1, VEC);
	GUEST_ASSERT_EQ(virtq_used_idx(&r.q), 1);
	rng_check(&r, 0, head);
	test_report("vfio_virtio_direct", UVMM_RESULT_PASS, NULL);
}
