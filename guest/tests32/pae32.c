/* PAE paging in 32-bit mode, built by the guest: 2 MiB pages identity-map
 * 0..16 MiB; a 4 KiB page aliases one RAM page, a 2 MiB page aliases
 * 8..10 MiB and another the MMIO test device. PDPTEs carry only P (their
 * R/W and U/S bits are reserved under PAE). */
#include <uvmm/guest.h>

#define PTE_P 0x001ull
#define PTE_W 0x002ull
#define PTE_PWT 0x008ull
#define PTE_PCD 0x010ull
#define PTE_A 0x020ull
#define PTE_D 0x040ull
#define PTE_PS 0x080ull
#define MIB (1u << 20)

#define ALIAS_4K 0x40005000u  /* PDPT 1, PD 0, PT 5 */
#define ALIAS_2M 0x40200000u  /* PDPT 1, PD 1 -> 8 MiB */
#define ALIAS_DEV 0xc0000000u /* PDPT 3, PD 0 -> 0xd0000000 */
#define FRAME_2M (8 * MIB)

UVMM_OPTIONS("mode=prot32 mem=16M");
EXPECT_CASE(case_alias_4k, "alias-4k");
EXPECT_CASE(case_alias_2m, "alias-2m");
EXPECT("mmio.read 0xd0000000:4 = 0x4d4d5655");
EXPECT("mmio.write 0xd0000010:4 = 0xae");
EXPECT("mmio.read 0xd0000010:4 = 0xffffff51");
EXPECT_CASE(case_alias_mmio, "alias-mmio");

static uint64_t pdpt[4] __attribute__((aligned(32)));
static uint64_t pd_low[512] __attribute__((aligned(4096)));
static uint64_t pd_alias[512] __attribute__((aligned(4096)));
static uint64_t pd_dev[512] __attribute__((aligned(4096)));
static uint64_t pt[512] __attribute__((aligned(4096)));
static volatile uint32_t page[1024] __attribute__((aligned(4096)));

static volatile uint32_t *at(uint32_t va) { return (volatile uint32_t *)(uintptr_t)va; }
static uint64_t pa(const volatile void *p) { return (uint32_t)(uintptr_t)p; }

static void enable_paging(void)
{
	unsigned i;

	for (i = 0; i < 8; i++)
		pd_low[i] = (uint64_t)i * 2 * MIB | PTE_PS | PTE_P | PTE_W;
	pt[(ALIAS_4K >> 12) & 511] = pa(page) | PTE_P | PTE_W;
	pd_alias[0] = pa(pt) | PTE_P | PTE_W;
	pd_alias[1] = FRAME_2M | PTE_PS | PTE_P | PTE_W;
	pd_dev[0] = UVMM_TESTDEV_BASE | PTE_PS | PTE_P | PTE_W | PTE_PCD | PTE_PWT;
	pdpt[0] = pa(pd_low) | PTE_P;
	pdpt[1] = pa(pd_alias) | PTE_P;
	pdpt[3] = pa(pd_dev) | PTE_P;
	write_cr4(read_cr4() | X86_CR4_PAE);
	write_cr3((uintptr_t)pdpt);
	write_cr0(read_cr0() | X86_CR0_PG);
	GUEST_ASSERT(read_cr0() & X86_CR0_PG);
}

static void alias_4k(void)
{
	page[0] = 0x11112222;
	page[1023] = 0x33334444;
	GUEST_ASSERT_EQ(*at(ALIAS_4K), 0x11112222);
	GUEST_ASSERT_EQ(*at(ALIAS_4K + 4092), 0x33334444);
	*at(ALIAS_4K + 40) = 0x55556666;
	GUEST_ASSERT_EQ(page[10], 0x55556666);
	GUEST_ASSERT_EQ(pt[(ALIAS_4K >> 12) & 511] & (PTE_A | PTE_D), PTE_A | PTE_D);
	report_pass(case_alias_4k);
}

static void alias_2m(void)
{
	static const uint32_t offs[] = { 0, 0x123454, 2 * MIB - 4 };
	unsigned i;

	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		*at(FRAME_2M + offs[i]) = 0xa0000000u | offs[i];
		GUEST_ASSERT_EQ(*at(ALIAS_2M + offs[i]), 0xa0000000u | offs[i]);
		*at(ALIAS_2M + offs[i]) = 0xb0000000u | offs[i];
		GUEST_ASSERT_EQ(*at(FRAME_2M + offs[i]), 0xb0000000u | offs[i]);
	}
	GUEST_ASSERT_EQ(pd_alias[1] & (PTE_A | PTE_D), PTE_A | PTE_D);
	report_pass(case_alias_2m);
}

static void alias_mmio(void)
{
	GUEST_ASSERT_EQ(mmio_read32(ALIAS_DEV + UVMM_TESTDEV_ID), UVMM_TESTDEV_MAGIC);
	mmio_write32(ALIAS_DEV + UVMM_TESTDEV_INVERT, 0xae);
	GUEST_ASSERT_EQ(mmio_read32(ALIAS_DEV + UVMM_TESTDEV_INVERT), 0xffffff51);
	report_pass(case_alias_mmio);
}

void guest_main(void)
{
	GUEST_ASSERT_EQ(read_cr0() & X86_CR0_PG, 0);
	enable_paging();
	alias_4k();
	alias_2m();
	alias_mmio();
}
