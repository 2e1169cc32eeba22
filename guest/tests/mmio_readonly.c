/* A read-only memslot (KVM_MEM_READONLY): reads hit memory without exits,
 * writes exit as MMIO at the right GPA and leave memory unchanged. After the
 * slot is removed the same GPA is unbacked: reads exit and return all-ones. */
#include <uvmm/guest.h>

#define SLOT 1
#define GPA 0x20000000ull /* clear of RAM (16 MiB), the test device and the LAPIC */
#define SIZE 0x2000ull

UVMM_OPTIONS("mem=16M");
EXPECT("hcall memslot 0x0 0x1 0x20000000 0x2000 0x1");
/* Reads of the pattern (each 64-bit word holds its own GPA): no exits. */
EXPECT_CASE(case_reads_hit_memory, "reads-hit-memory");
EXPECT("mmio.write 0x20000008:8 = 0x1122334455667788");
EXPECT("mmio.write 0x20001ffc:4 = 0xcafef00d");
EXPECT("mmio.write 0x20001001:1 = 0x77");
EXPECT("mmio.write 0x20000010:2 = 0xbeef");
EXPECT_CASE(case_writes_exit, "writes-exit");
EXPECT("hcall memslot 0x1 0x1 0x20000000 0x2000 0x1");
EXPECT("mmio.read 0x20000008:8 = 0xffffffffffffffff");
EXPECT_CASE(case_removed, "removed");

static long memslot(uint64_t op)
{
	struct uvmm_hc_memslot m = { op, SLOT, GPA, SIZE, UVMM_SLOT_READONLY };

	return uvmm_hypercall(UVMM_HC_MEMSLOT, &m);
}

static void reads(void)
{
	uint64_t a;

	for (a = GPA; a < GPA + SIZE; a += 0x3f8)
		GUEST_ASSERT_EQ(*(volatile uint64_t *)(uintptr_t)(a & ~7ull), a & ~7ull);
	GUEST_ASSERT_EQ(*(volatile uint64_t *)(uintptr_t)(GPA + SIZE - 8), GPA + SIZE - 8);
	GUEST_ASSERT_EQ(*(volatile uint32_t *)(uintptr_t)(GPA + 0x1004), 0);
	GUEST_ASSERT_EQ(*(volatile uint8_t *)(uintptr_t)(GPA + 0x1001), 0x10);
	report_pass(case_reads_hit_memory);
}

static void writes(void)
{
	mmio_write64(GPA + 8, 0x1122334455667788ull);
	mmio_write32(GPA + SIZE - 4, 0xcafef00d);
	mmio_write8(GPA + 0x1001, 0x77);
	mmio_write16(GPA + 0x10, 0xbeef);
	GUEST_ASSERT_EQ(mmio_read64(GPA + 8), GPA + 8);
	GUEST_ASSERT_EQ(mmio_read32(GPA + SIZE - 4), (uint32_t)((GPA + SIZE - 8) >> 32));
	GUEST_ASSERT_EQ(mmio_read8(GPA + 0x1001), 0x10);
	GUEST_ASSERT_EQ(mmio_read64(GPA + 0x10), GPA + 0x10);
	report_pass(case_writes_exit);
}

void guest_main(void)
{
	GUEST_ASSERT_EQ(memslot(UVMM_SLOT_ADD), UVMM_HC_OK);
	reads();
	writes();
	GUEST_ASSERT_EQ(memslot(UVMM_SLOT_REMOVE), UVMM_HC_OK);
	GUEST_ASSERT_EQ(mmio_read64(GPA + 8), ~0ull);
	report_pass(case_removed);
}
