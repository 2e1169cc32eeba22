/* The guest's MSI-X table and PBA: what a guest may write (address, data, the
 * mask bit), what it may not (address bits 1:0, other vector-control bits,
 * the PBA), which accesses are refused, and when a vector is deliverable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pci/pci_msix.h"

/* virtio-rng-like: 2 vectors, table at BAR1+0, PBA at BAR1+0x800. */
static struct pci_msix *make(void)
{
	struct pci_msix *x = malloc(sizeof(*x));

	assert_non_null(x);
	pci_msix_init(x, 1, 0x1, 0x801);
	return x;
}

static uint64_t rd(struct pci_msix *x, uint64_t off, unsigned size)
{
	uint64_t v = 0;

	assert_true(pci_msix_table_access(x, 1, off, size, 0, (uint8_t *)&v) >= -1);
	return v;
}

static int wr(struct pci_msix *x, uint64_t off, unsigned size, uint64_t v)
{
	return pci_msix_table_access(x, 1, off, size, 1, (uint8_t *)&v);
}

static void test_reset_state(void **state)
{
	struct pci_msix *x = make();

	(void)state;
	assert_int_equal(x->nvec, 2);
	assert_int_equal(x->table_bar, 1);
	assert_int_equal(x->pba_off, 0x800);
	assert_int_equal(rd(x, 0x0c, 4), PCI_MSIX_VCTRL_MASK); /* every vector masked */
	assert_int_equal(rd(x, 0x1c, 4), PCI_MSIX_VCTRL_MASK);
	free(x);
}

static void test_entry_writes(void **state)
{
	struct pci_msix *x = make();
	uint64_t addr;
	uint32_t data;

	(void)state;
	assert_int_equal(wr(x, 0x10, 4, 0xfee00003u), 1); /* vector 1 changed */
	assert_int_equal(rd(x, 0x10, 4), 0xfee00000u);    /* bits 1:0 read as zero */
	assert_int_equal(wr(x, 0x10, 4, 0xfee00000u), -1); /* same value: no change */
	assert_int_equal(wr(x, 0x18, 8, 0xfffffffe00000051ull), 1); /* data + control in one qword */
	assert_int_equal(rd(x, 0x18, 4), 0x51);
	assert_int_equal(rd(x, 0x1c, 4), 0); /* only the mask bit took */
	assert_int_equal(rd(x, 0x10, 8), 0xfee00000u);
	assert_int_equal(pci_msix_vector(x, 1, 1, 0, &addr, &data), 1);
	assert_int_equal(addr, 0xfee00000u);
	assert_int_equal(data, 0x51);
	assert_int_equal(pci_msix_vector(x, 1, 0, 0, &addr, &data), 0); /* MSI-X off */
	assert_int_equal(pci_msix_vector(x, 1, 1, 1, &addr, &data), 0); /* function mask */
	assert_int_equal(pci_msix_vector(x, 0, 1, 0, &addr, &data), 0); /* vector 0 still masked */
	assert_int_equal(pci_msix_vector(x, 2, 1, 0, &addr, &data), 0); /* no such vector */
	assert_int_equal(wr(x, 0x1c, 4, 1), 1);
	assert_int_equal(pci_msix_vector(x, 1, 1, 0, &addr, &data), 0);
	free(x);
}

static void test_refused(void **state)
{
	struct pci_msix *x = make();
	uint64_t v = 0;

	(void)state;
	assert_int_equal(wr(x, 0x0, 2, 0x1234), -2);  /* 2 bytes */
	assert_int_equal(wr(x, 0x2, 4, 0x1234), -2);  /* misaligned */
	assert_int_equal(wr(x, 0x4, 8, 0x1234), -2);  /* qword not on a qword */
	assert_int_equal(wr(x, 0x20, 4, 0x1234), -2); /* past the table */
	assert_int_equal(pci_msix_table_access(x, 0, 0, 4, 0, (uint8_t *)&v), -2); /* other BAR */
	assert_int_equal(pci_msix_table_access(x, 1, 0x1c, 8, 0, (uint8_t *)&v), -2); /* straddles the end */
	assert_int_equal(v, ~0ull);
	assert_int_equal(x->rejected, 6);
	assert_int_equal(rd(x, 0, 4), 0);
	free(x);
}

static void test_where(void **state)
{
	struct pci_msix *x = make();
	struct pci_msix none;

	(void)state;
	assert_int_equal(pci_msix_where(x, 1, 0x0, 4), MSIX_TABLE);
	assert_int_equal(pci_msix_where(x, 1, 0x1c, 8), MSIX_TABLE); /* overlaps: the model refuses it */
	assert_int_equal(pci_msix_where(x, 1, 0x20, 4), MSIX_NONE);
	assert_int_equal(pci_msix_where(x, 1, 0x800, 8), MSIX_PBA);
	assert_int_equal(pci_msix_where(x, 1, 0x808, 4), MSIX_NONE);
	assert_int_equal(pci_msix_where(x, 0, 0x0, 4), MSIX_NONE);
	memset(&none, 0, sizeof(none));
	assert_int_equal(pci_msix_where(&none, 0, 0, 4), MSIX_NONE);
	free(x);
}

static void test_pba(void **state)
{
	struct pci_msix *x = make();
	uint64_t v = 0;

	(void)state;
	pci_msix_set_pending(x, 1, 1);
	pci_msix_set_pending(x, 5, 1); /* no such vector: ignored */
	assert_int_equal(pci_msix_pending(x, 1), 1);
	assert_int_equal(pci_msix_pba_access(x, 1, 0x800, 8, 0, (uint8_t *)&v), 0);
	assert_int_equal(v, 2);
	v = ~0ull;
	assert_int_equal(pci_msix_pba_access(x, 1, 0x800, 8, 1, (uint8_t *)&v), 0); /* ignored */
	assert_int_equal(pci_msix_pending(x, 1), 1);
	assert_int_equal(pci_msix_pba_access(x, 1, 0x804, 4, 0, (uint8_t *)&v), 0);
	assert_int_equal((uint32_t)v, 0);
	assert_int_equal(pci_msix_pba_access(x, 1, 0x801, 1, 0, (uint8_t *)&v), -1);
	pci_msix_set_pending(x, 1, 0);
	assert_int_equal(pci_msix_pending(x, 1), 0);
	free(x);
}

/* The largest table: 2048 vectors, a 256-byte PBA. */
static void test_big_table(void **state)
{
	struct pci_msix *x = malloc(sizeof(*x));
	uint64_t v = 0x55;

	(void)state;
	assert_non_null(x);
	pci_msix_init(x, 0x7ff, 0x2000 | 4, 0x10000 | 4);
	assert_int_equal(x->nvec, 2048);
	assert_int_equal(pci_msix_table_access(x, 4, 0x2000 + 2047 * 16 + 8, 4, 1, (uint8_t *)&v), 2047);
	pci_msix_set_pending(x, 2047, 1);
	assert_int_equal(pci_msix_pba_access(x, 4, 0x10000 + 0xf8, 8, 0, (uint8_t *)&v), 0);
	assert_int_equal(v, 1ull << 63);
	assert_int_equal(pci_msix_where(x, 4, 0x10100, 4), MSIX_NONE);
	free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_state), cmocka_unit_test(test_entry_writes),
		cmocka_unit_test(test_refused),     cmocka_unit_test(test_where),
		cmocka_unit_test(test_pba),         cmocka_unit_test(test_big_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
