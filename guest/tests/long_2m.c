/* 4-level paging with 2 MiB pages: a high virtual alias (PML4 slot 256) of
 * a 2 MiB RAM frame and of the 2 MiB frame holding the MMIO test device.
 * Accesses anywhere in the large page land at the right physical address. */
#include <uvmm/guest.h>

#define ALIAS 0xffff800000000000ull /* PML4 256, PDPT 0 */
#define ALIAS_RAM ALIAS             /* PD 0 -> RAM 4..6 MiB */
#define ALIAS_DEV (ALIAS + (2ull << 20)) /* PD 1 -> 0xd0000000 */
#define FRAME (4ull << 20)          /* unused by the image (it ends below 2 MiB) */
#define PDE_RW (PTE_P | PTE_W | PTE_PS)
#define PDE_MMIO (PDE_RW | PTE_PCD | PTE_PWT)

UVMM_OPTIONS("mem=16M");
EXPECT_CASE(case_ram_alias, "ram-alias");
EXPECT("mmio.read 0xd0000000:4 = 0x4d4d5655");
EXPECT("mmio.write 0xd0000008:8 = 0x2222222222222222");
EXPECT("mmio.read 0xd0000008:2 = 0x2222");
EXPECT("mmio.read 0xd0001000:4 = 0xffffffff");
EXPECT_CASE(case_mmio_alias, "mmio-alias");

extern char __image_end[];

static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[512] __attribute__((aligned(4096)));

static uint64_t pa(const void *p) { return (uint64_t)(uintptr_t)p; }
static volatile uint64_t *at(uint64_t a) { return (volatile uint64_t *)(uintptr_t)a; }

static void build_tables(void)
{
	uint64_t *pml4 = (uint64_t *)(uintptr_t)(read_cr3() & PTE_ADDR_MASK);

	GUEST_ASSERT(pa(__image_end) <= FRAME);
	GUEST_ASSERT_EQ(pml4[256], 0);
	pd[0] = FRAME | PDE_RW;
	pd[1] = UVMM_TESTDEV_BASE | PDE_MMIO;
	pdpt[0] = pa(pd) | PTE_P | PTE_W;
	pml4[256] = pa(pdpt) | PTE_P | PTE_W;
	write_cr3(read_cr3());
}

static void ram_alias(void)
{
	/* First, a middle and the last word of the 2 MiB page, both directions. */
	static const uint64_t offs[] = { 0, 0x123458, (2ull << 20) - 8 };
	unsigned i;

	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		*at(FRAME + offs[i]) = 0xa000000000000000ull | offs[i];
		GUEST_ASSERT_EQ(*at(ALIAS_RAM + offs[i]), 0xa000000000000000ull | offs[i]);
		*at(ALIAS_RAM + offs[i]) = 0xb000000000000000ull | offs[i];
		GUEST_ASSERT_EQ(*at(FRAME + offs[i]), 0xb000000000000000ull | offs[i]);
	}
	GUEST_ASSERT_EQ(pd[0] & (PTE_A | PTE_D), PTE_A | PTE_D);
	report_pass(case_ram_alias);
}

static void mmio_alias(void)
{
	GUEST_ASSERT_EQ(mmio_read32(ALIAS_DEV + UVMM_TESTDEV_ID), UVMM_TESTDEV_MAGIC);
	mmio_write64(ALIAS_DEV + UVMM_TESTDEV_SCRATCH, 0x2222222222222222ull);
	GUEST_ASSERT_EQ(mmio_read16(ALIAS_DEV + UVMM_TESTDEV_SCRATCH), 0x2222);
	/* Past the device's 4 KiB, still in the same 2 MiB page: unbacked. */
	GUEST_ASSERT_EQ(mmio_read32(ALIAS_DEV + 0x1000), 0xffffffff);
	report_pass(case_mmio_alias);
}

void guest_main(void)
{
	build_tables();
	ram_alias();
	mmio_alias();
}
