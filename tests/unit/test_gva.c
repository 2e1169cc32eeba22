/* The guest page-table walk in every paging mode: 4 KiB, 2 MiB, 4 MiB and
 * 1 GiB pages, PSE-36, not-present entries at each level, tables and pages
 * outside guest RAM, non-canonical addresses, reads that cross pages and
 * stop at the first hole, and the canaries around guest RAM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "machine/gva.h"

#define MEM (4ull << 20)
#define P 0x1ull
#define W 0x2ull
#define U 0x4ull
#define PS 0x80ull
#define NX (1ull << 63)

static struct guest_mem m;

static int setup(void **state)
{
	(void)state;
	return guest_mem_init(&m, MEM);
}

static int teardown(void **state)
{
	(void)state;
	assert_true(guest_mem_canary_ok(&m));
	guest_mem_free(&m);
	return 0;
}

static void put64(uint64_t gpa, uint64_t v)
{
	assert_int_equal(guest_write(&m, gpa, &v, 8), 0);
}

static void put32(uint64_t gpa, uint32_t v)
{
	assert_int_equal(guest_write(&m, gpa, &v, 4), 0);
}

static uint64_t gpa_of(const struct gva_ctx *c, uint64_t gva)
{
	struct gva_map map;
	char err[128];

	assert_int_equal(gva_translate(&m, c, gva, &map, err, sizeof(err)), 0);
	return map.gpa;
}

static void fails(const struct gva_ctx *c, uint64_t gva, const char *why)
{
	struct gva_map map;
	char err[128] = "";

	assert_int_equal(gva_translate(&m, c, gva, &map, err, sizeof(err)), -1);
	assert_non_null(strstr(err, why));
}

static void clear(void)
{
	memset(m.host, 0, MEM);
}

static void test_mode_of(void **state)
{
	(void)state;
	assert_int_equal(gva_mode_of(0x11, 0, 0), GVA_NONE);
	assert_int_equal(gva_mode_of(0x80000011, 0, 0), GVA_32);
	assert_int_equal(gva_mode_of(0x80000011, 0x20, 0), GVA_PAE);
	assert_int_equal(gva_mode_of(0x80000011, 0x20, 0x500), GVA_4LEVEL);
	assert_int_equal(gva_mode_of(0x80000011, 0x1020, 0x500), GVA_5LEVEL);
	/* LME without PG is not long mode yet: no paging at all. */
	assert_int_equal(gva_mode_of(0x11, 0x20, 0x100), GVA_NONE);
}

static void test_no_paging(void **state)
{
	struct gva_ctx c = { GVA_NONE, 0, 0 };

	(void)state;
	assert_int_equal(gpa_of(&c, 0x1234), 0x1234);
	assert_int_equal(gpa_of(&c, 0xffffffff), 0xffffffff);
	fails(&c, 0x100000000ull, "beyond 4 GiB");
}

/* 32-bit: CR3 0x10000, PD maps 0x400000.. with a PT at 0x11000, and a 4 MiB
 * page (PSE) at 0x800000 -> 0 with PSE-36 bits. */
static void test_32bit(void **state)
{
	struct gva_ctx c = { GVA_32, 0x10000, 1 };
	struct gva_map map;
	char err[128];

	(void)state;
	clear();
	put32(0x10000 + 1 * 4, 0x11000 | P | W);           /* 0x400000: table */
	put32(0x11000 + 5 * 4, 0x200000 | P | U);           /* 0x405000 -> 0x200000 */
	put32(0x10000 + 2 * 4, 0x000000 | P | W | PS);      /* 0x800000: 4 MiB page at 0 */
	put32(0x10000 + 3 * 4, 0x00000 | P | PS | (1u << 13)); /* 0xc00000: PSE-36 bit 32 */
	assert_int_equal(gpa_of(&c, 0x405123), 0x200123);
	assert_int_equal(gva_translate(&m, &c, 0x405123, &map, err, sizeof(err)), 0);
	assert_int_equal(map.page_size, 4096);
	assert_false(map.writable);   /* the PTE has no W */
	assert_false(map.user);       /* the PDE has no U */
	assert_int_equal(gpa_of(&c, 0x812345), 0x12345);
	assert_int_equal(gva_translate(&m, &c, 0x812345, &map, err, sizeof(err)), 0);
	assert_int_equal(map.page_size, 4ull << 20);
	assert_int_equal(gpa_of(&c, 0xc00010), 0x100000010ull);
	/* Without CR4.PSE the PS bit is ignored: the entry is a table at 0. */
	c.pse = 0;
	fails(&c, 0x812345, "not present");
	c.pse = 1;
	fails(&c, 0x406000, "not present (PTE");
	fails(&c, 0x1000000, "not present (PDE");
	fails(&c, 0x100000000ull, "beyond");
}

/* PAE: CR3 0x20000 (32-byte aligned), PDPT -> PD 0x21000 -> PT 0x22000 and a
 * 2 MiB page. */
static void test_pae(void **state)
{
	struct gva_ctx c = { GVA_PAE, 0x20020, 0 };
	struct gva_map map;
	char err[128];

	(void)state;
	clear();
	put64(0x20020 + 1 * 8, 0x21000 | P);                /* 1..2 GiB */
	put64(0x21000 + 3 * 8, 0x22000 | P | W);            /* +6 MiB: table */
	put64(0x22000 + 7 * 8, 0x300000 | P | W | NX);      /* +7 pages */
	put64(0x21000 + 4 * 8, 0x200000 | P | W | PS);      /* +8 MiB: 2 MiB page */
	assert_int_equal(gpa_of(&c, 0x40607abc), 0x300abc);
	assert_int_equal(gva_translate(&m, &c, 0x40607abc, &map, err, sizeof(err)), 0);
	assert_true(map.nx);
	assert_true(map.writable);
	assert_int_equal(gpa_of(&c, 0x40812345), 0x212345);
	assert_int_equal(gva_translate(&m, &c, 0x40812345, &map, err, sizeof(err)), 0);
	assert_int_equal(map.page_size, 2ull << 20);
	fails(&c, 0x00000000, "not present (PDPTE");
	fails(&c, 0x40a00000, "not present (PDE");
	fails(&c, 0x40608000, "not present (PTE");
}

/* 4-level: PML4 0x30000 -> PDPT 0x31000 (a 1 GiB page and a table) -> PD
 * 0x32000 (a 2 MiB page and a table) -> PT 0x33000; also the upper half. */
static void build_4level(uint64_t pml4)
{
	clear();
	put64(pml4 + 0 * 8, 0x31000 | P | W | U);
	put64(pml4 + 511 * 8, 0x31000 | P | W);             /* 0xffffff80_00000000 */
	put64(0x31000 + 0 * 8, 0x32000 | P | W | U);
	put64(0x31000 + 1 * 8, 0x0 | P | W | PS);           /* 1 GiB page at 0 */
	put64(0x32000 + 0 * 8, 0x33000 | P | W | U);
	put64(0x32000 + 1 * 8, 0x200000 | P | PS);          /* 2 MiB page at 2 MiB, read-only */
	put64(0x33000 + 2 * 8, 0x5000 | P | W | U);
	put64(0x33000 + 3 * 8, 0x6000 | P | W | U);
	put64(0x33000 + 4 * 8, 0x9000 | P | W | U);         /* not adjacent to page 3 */
}

static void test_4level(void **state)
{
	struct gva_ctx c = { GVA_4LEVEL, 0x30000, 0 };
	struct gva_map map;
	char err[128];

	(void)state;
	build_4level(0x30000);
	assert_int_equal(gpa_of(&c, 0x2010), 0x5010);
	assert_int_equal(gpa_of(&c, 0x40123456), 0x123456);
	assert_int_equal(gva_translate(&m, &c, 0x40123456, &map, err, sizeof(err)), 0);
	assert_int_equal(map.page_size, 1ull << 30);
	assert_int_equal(gpa_of(&c, 0x2abcde), 0x2abcde);
	assert_int_equal(gva_translate(&m, &c, 0x2abcde, &map, err, sizeof(err)), 0);
	assert_int_equal(map.page_size, 2ull << 20);
	assert_false(map.writable);
	assert_int_equal(gpa_of(&c, 0xffffff8000002010ull), 0x5010);
	assert_int_equal(gva_translate(&m, &c, 0xffffff8000002010ull, &map, err, sizeof(err)), 0);
	assert_false(map.user);
	fails(&c, 0x0000800000000000ull, "not canonical");
	fails(&c, 0xffff7fffffffffffull, "not canonical");
	fails(&c, 0x8000000000ull, "not present (PML4E");
	fails(&c, 0x80000000ull, "not present (PDPTE");
	fails(&c, 0x400000, "not present (PDE");
	fails(&c, 0x7000, "not present (PTE");
}

static void test_5level(void **state)
{
	struct gva_ctx c = { GVA_5LEVEL, 0x40000, 0 };

	(void)state;
	build_4level(0x30000);
	put64(0x40000 + 0 * 8, 0x30000 | P | W | U);
	put64(0x40000 + 256 * 8, 0x30000 | P | W);          /* 0xff00_0000_0000_0000 */
	assert_int_equal(gpa_of(&c, 0x2010), 0x5010);
	assert_int_equal(gpa_of(&c, 0xff00000000002010ull), 0x5010);
	/* 57-bit canonical: 0x0000800000000000 is fine now, just not mapped. */
	fails(&c, 0x0000800000000000ull, "not present (PML4E");
	fails(&c, 0x0100000000000000ull, "not canonical");
}

/* Tables and pages pointing past guest RAM are refused, never followed. */
static void test_outside_ram(void **state)
{
	struct gva_ctx c = { GVA_4LEVEL, 0x30000, 0 };
	struct gva_ctx far = { GVA_4LEVEL, MEM + 0x1000, 0 };
	struct gva_ctx huge = { GVA_4LEVEL, 0x000ffffffffff000ull, 0 };
	uint8_t buf[16];

	(void)state;
	build_4level(0x30000);
	put64(0x33000 + 5 * 8, (MEM + 0x10000) | P | W);    /* page past RAM */
	put64(0x32000 + 2 * 8, 0x7ffff000ull | P | W);       /* PT past RAM */
	put64(0x33000 + 6 * 8, 0xfff0000000005000ull | P | W); /* reserved high bits */
	fails(&far, 0x2000, "outside guest RAM");
	fails(&huge, 0x2000, "outside guest RAM");
	fails(&c, 0x400000, "PTE at 0x7ffff000 is outside guest RAM");
	assert_int_equal(gva_read(&m, &c, 0x5000, buf, sizeof(buf)), 0);
	/* Bits 63:52 are masked off: the GPA is 0x5000 + offset, in RAM. */
	assert_int_equal(gpa_of(&c, 0x6010), 0x5010);
}

static void test_read_write_across_pages(void **state)
{
	struct gva_ctx c = { GVA_4LEVEL, 0x30000, 0 };
	uint8_t buf[64], want[64];

	(void)state;
	build_4level(0x30000);
	for (unsigned i = 0; i < 64; i++)
		want[i] = (uint8_t)i;
	/* 0x3fe0..0x401f: the last 32 bytes of page 3 (GPA 0x6fe0) and the first
	 * 32 of page 4 (GPA 0x9000). */
	assert_int_equal(gva_write(&m, &c, 0x3fe0, want, 64), 64);
	assert_memory_equal(m.host + 0x6fe0, want, 32);
	assert_memory_equal(m.host + 0x9000, want + 32, 32);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(gva_read(&m, &c, 0x3fe0, buf, 64), 64);
	assert_memory_equal(buf, want, 64);
	/* Page 5 is not mapped: a read across stops at its start. */
	assert_int_equal(gva_read(&m, &c, 0x4ff0, buf, 64), 16);
	assert_int_equal(gva_write(&m, &c, 0x4ff0, want, 64), 16);
}

static void test_read_stops_at_ram_end(void **state)
{
	struct gva_ctx c = { GVA_NONE, 0, 0 };
	uint8_t buf[64];

	(void)state;
	assert_int_equal(gva_read(&m, &c, MEM - 16, buf, 64), 16);
	assert_int_equal(gva_write(&m, &c, MEM - 16, buf, 64), 16);
	assert_int_equal(gva_read(&m, &c, MEM, buf, 1), 0);
	assert_int_equal(gva_read(&m, &c, 0xfffffff0ull, buf, 64), 0);
	assert_int_equal(gva_read(&m, &c, UINT64_MAX, buf, 2), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mode_of),
		cmocka_unit_test(test_no_paging),
		cmocka_unit_test(test_32bit),
		cmocka_unit_test(test_pae),
		cmocka_unit_test(test_4level),
		cmocka_unit_test(test_5level),
		cmocka_unit_test(test_outside_ram),
		cmocka_unit_test(test_read_write_across_pages),
		cmocka_unit_test(test_read_stops_at_ram_end),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
