/* 32-bit non-PAE paging, built by the guest itself: 4 MiB pages (CR4.PSE)
 * identity-map 0..16 MiB; a 4 KiB page aliases one RAM page, a 4 MiB page
 * aliases 8..12 MiB, another the MMIO test device. Each alias reads what was
 * written physically and the other way round; MMIO exits show the GPA. */
#include <uvmm/guest.h>

#define PDE_P 0x001u
#define PDE_W 0x002u
#define PDE_PWT 0x008u
#define PDE_PCD 0x010u
#define PDE_A 0x020u
#define PDE_D 0x040u
#define PDE_PS 0x080u
#define CR4_PSE 0x010u
#define MIB (1u << 20)

#define ALIAS_4K 0x40003000u /* PD 0x100, PT 3 */
#define ALIAS_4M 0x80000000u /* PD 0x200 -> 8 MiB */
#define ALIAS_DEV 0xc0000000u /* PD 0x300 -> 0xd0000000 */
#define FRAME_4M (8 * MIB)

UVMM_OPTIONS("mode=prot32 mem=16M");
EXPECT_CASE(case_alias_4k, "alias-4k");
EXPECT_CASE(case_alias_4m, "alias-4m");
EXPECT("mmio.read 0xd0000000:4 = 0x4d4d5655");
EXPECT("mmio.write 0xd0000008:4 = 0x32323232");
EXPECT("mmio.read 0xd0000008:2 = 0x3232");
EXPECT_CASE(case_alias_mmio, "alias-mmio");

static uint32_t pd[1024] __attribute__((aligned(4096)));
static uint32_t pt[1024] __attribute__((aligned(4096)));
static volatile uint32_t page[1024] __attribute__((aligned(4096)));

static volatile uint32_t *at(uint32_t va) { return (volatile uint32_t *)(uintptr_t)va; }

static void enable_paging(void)
{
	uint32_t i;

	for (i = 0; i < 4; i++)
		pd[i] = i * 4 * MIB | PDE_PS | PDE_P | PDE_W;
	pt[(ALIAS_4K >> 12) & 1023] = (uint32_t)(uintptr_t)page | PDE_P | PDE_W;
	pd[ALIAS_4K >> 22] = (uint32_t)(uintptr_t)pt | PDE_P | PDE_W;
	pd[ALIAS_4M >> 22] = FRAME_4M | PDE_PS | PDE_P | PDE_W;
	pd[ALIAS_DEV >> 22] = UVMM_TESTDEV_BASE | PDE_PS | PDE_P | PDE_W | PDE_PCD | PDE_PWT;
	write_cr4(read_cr4() | CR4_PSE);
	write_cr3((uintptr_t)pd);
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
	GUEST_ASSERT_EQ(pt[(ALIAS_4K >> 12) & 1023] & (PDE_A | PDE_D), PDE_A | PDE_D);
	report_pass(case_alias_4k);
}

static void alias_4m(void)
{
	static const uint32_t offs[] = { 0, 0x234564, 4 * MIB - 4 };
	unsigned i;

	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		*at(FRAME_4M + offs[i]) = 0xa0000000u | offs[i];
		GUEST_ASSERT_EQ(*at(ALIAS_4M + offs[i]), 0xa0000000u | offs[i]);
		*at(ALIAS_4M + offs[i]) = 0xb0000000u | offs[i];
		GUEST_ASSERT_EQ(*at(FRAME_4M + offs[i]), 0xb0000000u | offs[i]);
	}
	GUEST_ASSERT_EQ(pd[ALIAS_4M >> 22] & (PDE_A | PDE_D), PDE_A | PDE_D);
	report_pass(case_alias_4m);
}

static void alias_mmio(void)
{
	GUEST_ASSERT_EQ(mmio_read32(ALIAS_DEV + UVMM_TESTDEV_ID), UVMM_TESTDEV_MAGIC);
	mmio_write32(ALIAS_DEV + UVMM_TESTDEV_SCRATCH, 0x32323232);
	GUEST_ASSERT_EQ(mmio_read16(ALIAS_DEV + UVMM_TESTDEV_SCRATCH), 0x3232);
	report_pass(case_alias_mmio);
}

void guest_main(void)
{
	GUEST_ASSERT_EQ(read_cr0() & X86_CR0_PG, 0);
	enable_paging();
	alias_4k();
	alias_4m();
	alias_mmio();
}
