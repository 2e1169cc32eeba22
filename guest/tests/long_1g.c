/* 4-level paging with 1 GiB pages (CPUID pdpe1gb): a high virtual alias
 * (PML4 slot 256) of GPA 0..1 GiB (RAM) and of 3..4 GiB (the MMIO test
 * device). Writes through the alias land in RAM; MMIO exits show the GPA. */
#include <uvmm/guest.h>

#define ALIAS 0xffff800000000000ull /* PML4 256 */
#define GIB (1ull << 30)
#define ALIAS_RAM ALIAS             /* PDPT 0 -> GPA 0 */
#define ALIAS_HIGH (ALIAS + 3 * GIB) /* PDPT 3 -> GPA 3 GiB */
#define CPUID_PDPE1GB (1u << 26)     /* 0x80000001 EDX */
#define PDPTE_RW (PTE_P | PTE_W | PTE_PS)
#define PDPTE_MMIO (PDPTE_RW | PTE_PCD | PTE_PWT)

UVMM_OPTIONS("mem=16M");
EXPECT_CASE(case_ram_alias, "ram-alias");
EXPECT("mmio.read 0xd0000000:8 = 0x4d4d5655");
EXPECT("mmio.write 0xd0000010:4 = 0xf0f0f0f0");
EXPECT("mmio.read 0xd0000010:4 = 0x0f0f0f0f");
EXPECT("mmio.read 0xe0000000:1 = 0xff");
EXPECT_CASE(case_mmio_alias, "mmio-alias");

static uint64_t pdpt[512] __attribute__((aligned(4096)));
static volatile uint64_t page[512] __attribute__((aligned(4096)));

static uint64_t pa(const volatile void *p) { return (uint64_t)(uintptr_t)p; }
static volatile uint64_t *at(uint64_t a) { return (volatile uint64_t *)(uintptr_t)a; }

static void build_tables(void)
{
	uint64_t *pml4 = (uint64_t *)(uintptr_t)(read_cr3() & PTE_ADDR_MASK);

	GUEST_ASSERT(cpuid(0x80000001, 0).edx & CPUID_PDPE1GB);
	GUEST_ASSERT_EQ(pml4[256], 0);
	pdpt[0] = 0 | PDPTE_RW;
	pdpt[3] = (3 * GIB) | PDPTE_MMIO;
	pml4[256] = pa(pdpt) | PTE_P | PTE_W;
	write_cr3(read_cr3());
}

static void ram_alias(void)
{
	/* A page of the image, a frame at 6 MiB and the last RAM word (16 MiB). */
	static const uint64_t gpas[] = { 0, 6ull << 20, (16ull << 20) - 8 };
	unsigned i;

	for (i = 0; i < sizeof(gpas) / sizeof(gpas[0]); i++) {
		uint64_t g = gpas[i] ? gpas[i] : pa(&page[3]);

		*at(ALIAS_RAM + g) = 0xc000000000000000ull | g;
		GUEST_ASSERT_EQ(*at(g), 0xc000000000000000ull | g);
		*at(g) = 0xd000000000000000ull | g;
		GUEST_ASSERT_EQ(*at(ALIAS_RAM + g), 0xd000000000000000ull | g);
	}
	GUEST_ASSERT_EQ(pdpt[0] & (PTE_A | PTE_D), PTE_A | PTE_D);
	report_pass(case_ram_alias);
}

static void mmio_alias(void)
{
	uint64_t dev = ALIAS_HIGH + (UVMM_TESTDEV_BASE - 3 * GIB);

	GUEST_ASSERT_EQ(mmio_read64(dev + UVMM_TESTDEV_ID), UVMM_TESTDEV_MAGIC);
	mmio_write32(dev + UVMM_TESTDEV_INVERT, 0xf0f0f0f0);
	GUEST_ASSERT_EQ(mmio_read32(dev + UVMM_TESTDEV_INVERT), 0x0f0f0f0f);
	GUEST_ASSERT_EQ(mmio_read8(ALIAS_HIGH + (0xe0000000ull - 3 * GIB)), 0xff);
	report_pass(case_mmio_alias);
}

void guest_main(void)
{
	build_tables();
	ram_alias();
	mmio_alias();
}
