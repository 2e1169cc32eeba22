/* DMA after unmap, many times over, to catch a stale IOTLB entry: QEMU's
 * virtio-rng (direct mode, so its register accesses make no exits) writes
 * random bytes wherever its descriptor points, with no delay of its own.
 * Each of ITERATIONS rounds, with sizes, offsets and orders from a fixed
 * pseudo-random sequence: map IOVA slots a and b (1-4 pages each) to chunks
 * of guest RAM, let the device write into both (only the named bytes of the
 * right chunk change), unmap them in either order, let it write to both IOVAs
 * again (nothing changes anywhere: the IOMMU blocked both), remap a to a third
 * chunk and write there (only that chunk changes), unmap it. A blocked write
 * looks completed to the guest (QEMU drops it behind a bounce buffer): the
 * used ring shows the length, the device stays usable. (The host's fault log
 * is iommu_dma_fault_log's business.) */
#include "vfio_virtio_expect.h"
#include <uvmm/iommu.h>
#include <uvmm/reportf.h>

#define VEC 0x56
#define ITERATIONS 1000
#define SLOTS 16
#define SLOT_SIZE 0x10000ull     /* IOVA slot i at IOMMU_TEST_IOVA + i * 64 KiB */
#define CHUNKS 16
#define CHUNK_SIZE 0x4000u       /* 4 pages of guest RAM each */
#define POOL 0xa00000ull         /* the chunks: 16 x 16 KiB */
#define RW (UVMM_IOMMU_READ | UVMM_IOMMU_WRITE)
#define STR_(x) #x
#define STR(x) STR_(x)

UVMM_OPTIONS("irqchip=1 vfio=1af4:1044 vfio_mode=direct vfio_irq=irqfd timeout=120");
EXPECT(RNG_EXPECT_PROBE RNG_EXPECT_MSIX_PROBE RNG_EXPECT_MSIX_ENTRY("0x56") RNG_EXPECT_MSIX_UNMASK
       RNG_EXPECT_MSIX_ENABLE);
EXPECT("repeat " STR(ITERATIONS) " {");
EXPECT("  hcall iommu 0x0 * * * 0x3 0x0");
EXPECT("  hcall iommu 0x0 * * * 0x3 0x0");
EXPECT("  hcall iommu 0x1 * 0x0 * 0x0 0x0");
EXPECT("  hcall iommu 0x1 * 0x0 * 0x0 0x0");
EXPECT("  hcall iommu 0x0 * * * 0x3 0x0");
EXPECT("  hcall iommu 0x1 * 0x0 * 0x0 0x0");
EXPECT("}");
EXPECT("hcall report * \"unmap-storm\" *");

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint8_t shadow[CHUNKS][CHUNK_SIZE]; /* what each chunk must hold */

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint8_t *chunk(unsigned c)
{
	return (uint8_t *)(uintptr_t)(POOL + (uint64_t)c * CHUNK_SIZE);
}

static uint64_t slot_iova(unsigned s)
{
	return IOMMU_TEST_IOVA + s * SLOT_SIZE;
}

/* Fails the test (with the round) when a chunk differs from its shadow. */
static void check_chunks(unsigned round, const char *when)
{
	for (unsigned c = 0; c < CHUNKS; c++) {
		if (!memcmp(chunk(c), shadow[c], CHUNK_SIZE))
			continue;
		unsigned k = 0;
		while (chunk(c)[k] == shadow[c][k])
			k++;
		test_reportf("unmap-storm", 0, "round %u, %s: chunk %u changed at byte 0x%x (0x%x, want 0x%x)",
			     round, when, c, k, chunk(c)[k], shadow[c][k]);
		guest_exit(1);
	}
}

/* One request of len bytes at iova; waits for it to be used. */
static uint32_t request(struct rng *r, uint64_t iova, uint32_t len)
{
	uint32_t id, got = 0;
	uint16_t want = (uint16_t)(virtq_used_idx(&r->q) + 1);

	virtq_add_inbuf(&r->q, iova, len);
	virtq_kick(&r->q);
	rng_poll_used(r, want);
	GUEST_ASSERT_EQ(virtq_pop_used(&r->q, &id, &got), 1);
	return got;
}

/* A write the IOMMU lets through: [off, off+len) of chunk c changes (the
 * bytes are random: the shadow takes what arrived). */
static void write_through(struct rng *r, unsigned round, uint64_t iova, unsigned c, uint32_t off, uint32_t len)
{
	uint32_t got = request(r, iova + off, len);

	GUEST_ASSERT_EQ(got, len, "round %u", round);
	memcpy(shadow[c] + off, chunk(c) + off, len);
	/* The bytes before and after are still the shadow's. */
	check_chunks(round, "mapped write");
}

/* A write to an unmapped IOVA, inside one page (QEMU bounces at most a page). */
static void write_blocked(struct rng *r, unsigned round, uint64_t iova)
{
	uint32_t off = (uint32_t)(rnd() % 0x1000), len = 1 + (uint32_t)(rnd() % (0x1000 - off));

	request(r, iova + off, len);
	check_chunks(round, "write after unmap");
}

void guest_main(void)
{
	struct rng r;
	uint64_t st;

	for (unsigned c = 0; c < CHUNKS; c++) {
		memset(chunk(c), 0x40 + c, CHUNK_SIZE);
		memset(shadow[c], 0x40 + c, CHUNK_SIZE);
	}
	rng_bring_up(&r, VEC, 0);
	for (unsigned i = 0; i < ITERATIONS; i++) {
		unsigned sa = rnd() % SLOTS, sb = (sa + 1 + rnd() % (SLOTS - 1)) % SLOTS;
		unsigned ca = rnd() % CHUNKS, cb = (ca + 1 + rnd() % (CHUNKS - 1)) % CHUNKS, cc;
		uint32_t na = 0x1000u * (1 + rnd() % 4), nb = 0x1000u * (1 + rnd() % 4);
		uint32_t off = (uint32_t)(rnd() % na), len = 1 + (uint32_t)(rnd() % (na - off));

		do
			cc = rnd() % CHUNKS;
		while (cc == ca || cc == cb);
		GUEST_ASSERT_EQ(uvmm_iommu_map(slot_iova(sa), chunk(ca), na, RW), UVMM_HC_OK);
		GUEST_ASSERT_EQ(uvmm_iommu_map(slot_iova(sb), chunk(cb), nb, RW), UVMM_HC_OK);
		write_through(&r, i, slot_iova(sa), ca, off, len);
		write_through(&r, i, slot_iova(sb), cb, 0, nb);
		if (rnd() & 1) {
			GUEST_ASSERT_EQ(uvmm_iommu_unmap(slot_iova(sa), na), UVMM_HC_OK);
			GUEST_ASSERT_EQ(uvmm_iommu_unmap(slot_iova(sb), nb), UVMM_HC_OK);
		} else {
			GUEST_ASSERT_EQ(uvmm_iommu_unmap(slot_iova(sb), nb), UVMM_HC_OK);
			GUEST_ASSERT_EQ(uvmm_iommu_unmap(slot_iova(sa), na), UVMM_HC_OK);
		}
		write_blocked(&r, i, slot_iova(sa) + (rnd() % (na / 0x1000)) * 0x1000);
		write_blocked(&r, i, slot_iova(sb));
		GUEST_ASSERT_EQ(uvmm_iommu_map(slot_iova(sa), chunk(cc), na, RW), UVMM_HC_OK);
		write_through(&r, i, slot_iova(sa), cc, off, len);
		GUEST_ASSERT_EQ(uvmm_iommu_unmap(slot_iova(sa), na), UVMM_HC_OK);
		st = mmio_read8(r.v.common + VIRTIO_COMMON_STATUS);
		GUEST_ASSERT_EQ(st & (VIRTIO_STATUS_NEEDS_RESET | VIRTIO_STATUS_FAILED), 0, "round %u", i);
	}
	test_report("unmap-storm", UVMM_RESULT_PASS,
		    "1000 rounds of map, write, unmap, write again, remap, write: no blocked write landed, "
		    "every mapped one landed where mapped");
}
