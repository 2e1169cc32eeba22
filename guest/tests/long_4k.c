/* 4-level paging with 4 KiB pages: a high virtual alias (PML4 slot 256) of
 * a RAM page and of the MMIO test device. Writes through the alias land in
 * the physical page, MMIO exits show the physical address, A/D bits are set
 * by the walk, and INVLPG makes remaps and unmaps take effect. */
#include <uvmm/guest.h>
#include <uvmm/trap.h>

#define ALIAS 0xffff800000000000ull /* PML4 256, PDPT 0, PD 0 */
#define ALIAS_RAM ALIAS
#define ALIAS_RAM2 (ALIAS + 0x1000)
#define ALIAS_DEV (ALIAS + 0x5000)
#define PTE_RW (PTE_P | PTE_W)
#define PTE_MMIO (PTE_RW | PTE_PCD | PTE_PWT)

EXPECT_CASE(case_ram_alias, "ram-alias");
EXPECT("mmio.read 0xd0000000:4 = 0x4d4d5655");
EXPECT("mmio.write 0xd0000008:8 = 0xfeedfacecafebeef");
EXPECT("mmio.read 0xd0000008:8 = 0xfeedfacecafebeef");
EXPECT_CASE(case_mmio_alias, "mmio-alias");
EXPECT("hcall expect *");
EXPECT_CASE(case_invlpg, "invlpg");

static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[512] __attribute__((aligned(4096)));
static uint64_t pt[512] __attribute__((aligned(4096)));
static volatile uint64_t page_a[512] __attribute__((aligned(4096)));
static volatile uint64_t page_b[512] __attribute__((aligned(4096)));

static uint64_t pa(const volatile void *p) { return (uint64_t)(uintptr_t)p; }
static volatile uint64_t *at(uint64_t va) { return (volatile uint64_t *)(uintptr_t)va; }

static void build_tables(void)
{
	uint64_t *pml4 = (uint64_t *)(uintptr_t)(read_cr3() & PTE_ADDR_MASK);

	GUEST_ASSERT_EQ(pml4[256], 0);
	pdpt[0] = pa(pd) | PTE_RW;
	pd[0] = pa(pt) | PTE_RW;
	pt[0] = pa(page_a) | PTE_RW;
	pt[1] = pa(page_b) | PTE_P; /* read-only alias */
	pt[5] = UVMM_TESTDEV_BASE | PTE_MMIO;
	pml4[256] = pa(pdpt) | PTE_RW;
	write_cr3(read_cr3());
}

static void ram_alias(void)
{
	page_a[0] = 0x1111222233334444ull;
	page_b[511] = 0xb0b0b0b0b0b0b0b0ull;
	GUEST_ASSERT_EQ(*at(ALIAS_RAM), 0x1111222233334444ull);
	GUEST_ASSERT_EQ(*at(ALIAS_RAM2 + 511 * 8), 0xb0b0b0b0b0b0b0b0ull);
	GUEST_ASSERT_EQ(pt[0] & (PTE_A | PTE_D), PTE_A);
	*at(ALIAS_RAM + 8 * 17) = 0x5555666677778888ull;
	GUEST_ASSERT_EQ(page_a[17], 0x5555666677778888ull);
	GUEST_ASSERT_EQ(pt[0] & (PTE_A | PTE_D), PTE_A | PTE_D);
	GUEST_ASSERT_EQ(pt[1] & (PTE_A | PTE_D), PTE_A);
	report_pass(case_ram_alias);
}

static void mmio_alias(void)
{
	GUEST_ASSERT_EQ(mmio_read32(ALIAS_DEV + UVMM_TESTDEV_ID), UVMM_TESTDEV_MAGIC);
	mmio_write64(ALIAS_DEV + UVMM_TESTDEV_SCRATCH, 0xfeedfacecafebeefull);
	GUEST_ASSERT_EQ(mmio_read64(ALIAS_DEV + UVMM_TESTDEV_SCRATCH), 0xfeedfacecafebeefull);
	report_pass(case_mmio_alias);
}

static void invlpg_effects(void)
{
	uint64_t v = 0;

	/* Remap the alias onto page_b: without INVLPG a stale TLB entry would read page_a. */
	pt[0] = pa(page_b) | PTE_RW;
	invlpg((void *)(uintptr_t)ALIAS_RAM);
	GUEST_ASSERT_EQ(*at(ALIAS_RAM + 511 * 8), 0xb0b0b0b0b0b0b0b0ull);
	pt[0] = 0;
	invlpg((void *)(uintptr_t)ALIAS_RAM);
	__asm__ volatile(TRAP_BEGIN "movq (%1), %0" TRAP_END
			 : "+r"(v) : "r"(ALIAS_RAM + 8) : TRAP_CLOBBERS);
	TRAP_ASSERT(X86_VEC_PF, 0, 1);
	GUEST_ASSERT_EQ(trap_seen.cr2, ALIAS_RAM + 8);
	trap_report();
	report_pass(case_invlpg);
}

void guest_main(void)
{
	trap_catch(X86_VEC_PF);
	build_tables();
	ram_alias();
	mmio_alias();
	invlpg_effects();
}
