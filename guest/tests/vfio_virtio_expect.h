/* What the VFIO virtio-rng tests share: the exits of bringing up QEMU's
 * modern-only virtio-rng-pci (1af4:1044) at slot 3, and its requests. */
#ifndef VFIO_VIRTIO_EXPECT_H
#define VFIO_VIRTIO_EXPECT_H

#include <uvmm/cpu.h>
#include <uvmm/guest.h>
#include <uvmm/lapic.h>
#include <uvmm/pci.h>
#include <uvmm/virtio.h>

/* QEMU 7.2's device: BAR1 (4 KiB) holds the MSI-X table (entry 0 at 0) and
 * the PBA (at 0x800); BAR4 (16 KiB, 64-bit prefetchable) holds the common
 * structure at 0, ISR at 0x1000, device at 0x2000 and notifications at
 * 0x3000 (multiplier 4). The VMM places them at 0xc0000000 and 0xc0004000. */
#define RNG_DEVICE VIRTIO_PCI_MODERN_ID(VIRTIO_TYPE_RNG)
#define RNG_MSIX_ENTRY 0

/* Fixed rings and buffers in RAM below 256 MiB (IOVA = GPA). */
#define RNG_RING 0x900000ull
#define RNG_BUF 0x903000ull
#define RNG_BUF_STRIDE 0x1000u
#define RNG_LEN 64u          /* bytes asked for per request */
#define RNG_GUARD 64u        /* bytes after the buffer the device must not touch */
#define RNG_POISON 0xa5

/* virtio_pci_probe(): pci_find over slots 0..3, the capability walk (MSI-X,
 * PCI_CFG skipped, then notify, device, ISR and common structures with their
 * bar, offset, length, and the notify multiplier), BAR4 (both dwords), then
 * memory decoding and bus mastering. */
#define RNG_EXPECT_PROBE                                    \
	"mmio.read 0xe0000000:4 = 0xffffffff\n"             \
	"mmio.read 0xe0008000:4 = 0xffffffff\n"             \
	"mmio.read 0xe0010000:4 = 0xffffffff\n"             \
	"mmio.read 0xe0018000:4 = 0x10441af4\n"             \
	"mmio.read 0xe0018034:4 = 0x98\n"                   \
	"mmio.read 0xe0018098:4 = 0x18411\n"                \
	"mmio.read 0xe0018084:4 = 0x5147009\n"              \
	"mmio.read 0xe0018070:4 = 0x2146009\n"              \
	"mmio.read 0xe0018074:4 = 0x4\n"                    \
	"mmio.read 0xe0018078:4 = 0x3000\n"                 \
	"mmio.read 0xe001807c:4 = 0x1000\n"                 \
	"mmio.read 0xe0018080:4 = 0x4\n"                    \
	"mmio.read 0xe0018060:4 = 0x4105009\n"              \
	"mmio.read 0xe0018064:4 = 0x4\n"                    \
	"mmio.read 0xe0018068:4 = 0x2000\n"                 \
	"mmio.read 0xe001806c:4 = 0x1000\n"                 \
	"mmio.read 0xe0018050:4 = 0x3104009\n"              \
	"mmio.read 0xe0018054:4 = 0x4\n"                    \
	"mmio.read 0xe0018058:4 = 0x1000\n"                 \
	"mmio.read 0xe001805c:4 = 0x1000\n"                 \
	"mmio.read 0xe0018040:4 = 0x1100009\n"              \
	"mmio.read 0xe0018044:4 = 0x4\n"                    \
	"mmio.read 0xe0018048:4 = 0x0\n"                    \
	"mmio.read 0xe001804c:4 = 0x1000\n"                 \
	"mmio.read 0xe0018020:4 = 0xc000400c\n"             \
	"mmio.read 0xe0018024:4 = 0x0\n"                    \
	"mmio.write 0xe0018004:4 = 0x6\n"

/* virtio_start() in trap mode: reset (and its read back), ACKNOWLEDGE,
 * DRIVER, the device's features (VERSION_1 and ACCESS_PLATFORM among them),
 * the driver's (those two), FEATURES_OK and its read back. */
#define RNG_EXPECT_START                                    \
	"mmio.write 0xc0004014:1 = 0x0\n"                   \
	"mmio.read 0xc0004014:1 = 0x0\n"                    \
	"mmio.write 0xc0004014:1 = 0x1\n"                   \
	"mmio.write 0xc0004014:1 = 0x3\n"                   \
	"mmio.write 0xc0004000:4 = 0x0\n"                   \
	"mmio.read 0xc0004004:4 = 0x30000000\n"             \
	"mmio.write 0xc0004000:4 = 0x1\n"                   \
	"mmio.read 0xc0004004:4 = 0x103\n"                  \
	"mmio.write 0xc0004008:4 = 0x0\n"                   \
	"mmio.write 0xc000400c:4 = 0x0\n"                   \
	"mmio.write 0xc0004008:4 = 0x1\n"                   \
	"mmio.write 0xc000400c:4 = 0x3\n"                   \
	"mmio.write 0xc0004014:1 = 0xb\n"                   \
	"mmio.read 0xc0004014:1 = 0xb\n"

/* pci_msix_probe(): the capability walk, control word (2 entries), table and
 * PBA in BAR1 (read once: they share it). */
#define RNG_EXPECT_MSIX_PROBE                               \
	"mmio.read 0xe0018034:4 = 0x98\n"                   \
	"mmio.read 0xe0018098:4 = 0x18411\n"                \
	"mmio.read 0xe001809a:2 = 0x1\n"                    \
	"mmio.read 0xe001809c:4 = 0x1\n"                    \
	"mmio.read 0xe00180a0:4 = 0x801\n"                  \
	"mmio.read 0xe0018014:4 = 0xc0000000\n"

/* Enable with the function masked, entry 0 = vector VEC on APIC 0 ... */
#define RNG_EXPECT_MSIX_ENTRY(vec)                          \
	"mmio.write 0xe001809a:2 = 0xc000\n"                \
	"mmio.write 0xc0000000:4 = 0xfee00000\n"            \
	"mmio.write 0xc0000004:4 = 0x0\n"                   \
	"mmio.write 0xc0000008:4 = " vec "\n"
/* ... the entry's mask bit cleared (read-modify-write; masked after reset) ... */
#define RNG_EXPECT_MSIX_UNMASK                              \
	"mmio.read 0xc000000c:4 = 0x1\n"                    \
	"mmio.write 0xc000000c:4 = 0x0\n"
/* ... and the function unmasked. */
#define RNG_EXPECT_MSIX_ENABLE                              \
	"mmio.write 0xe001809a:2 = 0x8000\n"

/* No config interrupt (virtio-rng has no configuration), queue 0 (size 8) on
 * MSI-X entry 0 with its rings at RNG_RING, enabled; DRIVER_OK. */
#define RNG_EXPECT_QUEUE                                    \
	"mmio.write 0xc0004010:2 = 0xffff\n"                \
	"mmio.read 0xc0004010:2 = 0xffff\n"                 \
	"mmio.write 0xc0004016:2 = 0x0\n"                   \
	"mmio.read 0xc0004018:2 = 0x8\n"                    \
	"mmio.write 0xc000401a:2 = 0x0\n"                   \
	"mmio.read 0xc000401a:2 = 0x0\n"                    \
	"mmio.write 0xc0004020:4 = 0x900000\n"              \
	"mmio.write 0xc0004024:4 = 0x0\n"                   \
	"mmio.write 0xc0004028:4 = 0x901000\n"              \
	"mmio.write 0xc000402c:4 = 0x0\n"                   \
	"mmio.write 0xc0004030:4 = 0x902000\n"              \
	"mmio.write 0xc0004034:4 = 0x0\n"                   \
	"mmio.read 0xc000401e:2 = 0x0\n"                    \
	"mmio.write 0xc000401c:2 = 0x1\n"                   \
	"mmio.write 0xc0004014:1 = 0xf\n"

/* rng_bring_up(r, vec, 0) in trap mode, and rng_bring_up(r, vec, 1), which
 * leaves entry 0 masked. */
#define RNG_EXPECT_BRING_UP_MASKED(vec)                     \
	RNG_EXPECT_PROBE RNG_EXPECT_START RNG_EXPECT_MSIX_PROBE \
	RNG_EXPECT_MSIX_ENTRY(vec) RNG_EXPECT_MSIX_ENABLE RNG_EXPECT_QUEUE
#define RNG_EXPECT_BRING_UP(vec)                            \
	RNG_EXPECT_PROBE RNG_EXPECT_START RNG_EXPECT_MSIX_PROBE \
	RNG_EXPECT_MSIX_ENTRY(vec) RNG_EXPECT_MSIX_UNMASK       \
	RNG_EXPECT_MSIX_ENABLE RNG_EXPECT_QUEUE

/* virtq_kick() of queue 0. */
#define RNG_EXPECT_KICK "mmio.write 0xc0007000:2 = 0x0\n"
/* PBA dword 0 (entry 0 is bit 0). */
#define RNG_EXPECT_PBA(v) "mmio.read 0xc0000800:4 = " v "\n"

/* The test's pass report; the clean exit after it is the runtime's EXPECT_END. */
#define RNG_EXPECT_PASS(name) "hcall report pass \"" name "\"\n"

/* Bounds (TSC cycles) so a lost completion or interrupt is a named failure
 * rather than the watchdog's TIMEOUT, and how long "no interrupt" is
 * watched for. */
#define RNG_POLL_CYCLES 3000000000ull
#define RNG_SETTLE_CYCLES 100000000ull

struct rng {
	struct virtio_pci v;
	struct pci_msix msix;
	struct virtq q;
};

static inline uint8_t *rng_buf(unsigned i)
{
	return (uint8_t *)(uintptr_t)(RNG_BUF + (uint64_t)i * RNG_BUF_STRIDE);
}

/* Probe and FEATURES_OK, MSI-X enabled with the function masked and entry 0
 * programmed for vec (left masked when entry_masked), the function unmasked,
 * then queue 0 on entry 0 and DRIVER_OK. Interrupts are counted by
 * irq_count_eoi. */
static inline void rng_bring_up(struct rng *r, unsigned vec, int entry_masked)
{
	idt_set_handler(vec, irq_count_eoi);
	lapic_enable();
	GUEST_ASSERT_EQ(virtio_pci_probe(&r->v, RNG_DEVICE), 0);
	GUEST_ASSERT_EQ(virtio_start(&r->v, VIRTIO_F_VERSION_1, VIRTIO_F_ACCESS_PLATFORM), 0);
	GUEST_ASSERT_EQ(pci_msix_probe(&r->msix, (unsigned)r->v.slot), 0);
	GUEST_ASSERT(r->msix.entries > RNG_MSIX_ENTRY);
	pci_msix_control(&r->msix, PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL);
	pci_msix_set_entry(&r->msix, RNG_MSIX_ENTRY, LAPIC_BASE, vec);
	if (!entry_masked)
		pci_msix_mask(&r->msix, RNG_MSIX_ENTRY, 0);
	pci_msix_control(&r->msix, PCI_MSIX_CTRL_ENABLE);
	GUEST_ASSERT_EQ(virtio_config_vector(&r->v, VIRTIO_MSI_NO_VECTOR), VIRTIO_MSI_NO_VECTOR);
	GUEST_ASSERT_EQ(virtq_setup(&r->v, &r->q, 0, RNG_RING, RNG_MSIX_ENTRY), 0);
	virtio_driver_ok(&r->v);
}

/* Poisons buffer i (and its guard bytes), makes it available and notifies. */
static inline unsigned rng_request(struct rng *r, unsigned i)
{
	memset(rng_buf(i), RNG_POISON, RNG_LEN + RNG_GUARD);
	return virtq_add_inbuf(&r->q, RNG_BUF + (uint64_t)i * RNG_BUF_STRIDE, RNG_LEN);
}

/* The next used element is descriptor head with RNG_LEN bytes written into
 * buffer i: not left as poison, not all zero, nothing past its end. */
static inline void rng_check(struct rng *r, unsigned i, unsigned head)
{
	const uint8_t *b = rng_buf(i);
	uint32_t id = ~0u, len = ~0u;
	unsigned poison = 0, zero = 0;

	GUEST_ASSERT_EQ(virtq_pop_used(&r->q, &id, &len), 1);
	GUEST_ASSERT_EQ(id, head);
	GUEST_ASSERT_EQ(len, RNG_LEN);
	for (unsigned k = 0; k < RNG_LEN; k++) {
		poison += b[k] == RNG_POISON;
		zero += b[k] == 0;
	}
	GUEST_ASSERT_NE(poison, RNG_LEN);
	GUEST_ASSERT_NE(zero, RNG_LEN);
	for (unsigned k = RNG_LEN; k < RNG_LEN + RNG_GUARD; k++)
		GUEST_ASSERT_EQ(b[k], RNG_POISON);
}

/* A lost interrupt ends the wait as a named failure instead of sleeping
 * until the watchdog: the LAPIC timer (1 ns ticks under KVM, so about 4 s)
 * wakes the HLT with this vector. */
#define RNG_TIMEOUT_VEC 0xef

static inline void rng_no_irq(struct exc_frame *f)
{
	(void)f;
	test_report("no-interrupt", UVMM_RESULT_FAIL, "no MSI-X interrupt within 2^32 LAPIC timer ticks");
	guest_exit(1);
}

/* Waits with interrupts on (a LAPIC timer bounds it) until
 * irq_count_eoi has counted n interrupts, all of them vector vec. */
static inline void rng_wait_irqs(int n, unsigned vec)
{
	volatile int *hits = &irq_hits;

	idt_set_handler(RNG_TIMEOUT_VEC, rng_no_irq);
	/* A spin with IF=1, not irq_wait_once(): like edu_wait_irq, because nested
	 * KVM under QEMU TCG breaks the STI shadow (docs/nested.md; seen here in
	 * the 240-run repeat as the runtime's "sti-shadow" failure). The HLT-based
	 * interrupt tests keep checking that rule; these are about VFIO. */
	lapic_timer_oneshot(RNG_TIMEOUT_VEC, 0xffffffffu);
	sti();
	while (*hits < n)
		__asm__ volatile("pause" ::: "memory");
	cli();
	lapic_timer_stop();
	sti();
	GUEST_ASSERT_EQ(irq_hits, n);
	GUEST_ASSERT_EQ(irq_last_vector, vec);
}

/* Spins until the device has used n buffers (no exits: the ring is RAM). */
static inline void rng_poll_used(const struct rng *r, uint16_t n)
{
	uint64_t t0 = rdtsc();

	while (virtq_used_idx(&r->q) != n) {
		GUEST_ASSERT(rdtsc() - t0 < RNG_POLL_CYCLES);
		__asm__ volatile("pause" ::: "memory");
	}
}

/* Interrupts on, for long enough that one the device sent would have come. */
static inline void rng_settle(void)
{
	uint64_t t0 = rdtsc();

	sti();
	while (rdtsc() - t0 < RNG_SETTLE_CYCLES)
		__asm__ volatile("pause" ::: "memory");
}

#endif
