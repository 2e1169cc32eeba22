/* The config-space model and the PCI bus in front of it: what the guest may
 * change (command bits, BARs within their size, MSI, MSI-X control), what it
 * may not (ids, status, read-only MSI/MSI-X bits, misaligned accesses), and
 * what reaches the backend (everything outside the header and the MSI/MSI-X
 * capabilities, e.g. a vendor capability in the chain). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pci/pci_bus.h"
#include "pci/pci_cfg.h"

struct fake_backend {
	uint32_t last_off, last_val, writes;
};

static uint32_t be_status; /* what the device's status register reads */

static int be_read(void *opaque, unsigned off, unsigned size, uint32_t *val)
{
	(void)opaque;
	*val = off == PCI_STATUS && size == 2 ? be_status : 0xab000000u | off << 8 | size;
	return 0;
}

static int be_write(void *opaque, unsigned off, unsigned size, uint32_t val)
{
	struct fake_backend *b = opaque;

	(void)size;
	b->last_off = off;
	b->last_val = val;
	b->writes++;
	return 0;
}

static struct fake_backend be;

/* edu-like: 1234:11e8, class 00ff, BAR0 1 MiB at 0xc0000000, 64-bit BAR2,
 * 64-bit MSI capability at 0x40. */
static void make(struct pci_vdev *d)
{
	uint8_t h[64] = { 0x34, 0x12, 0xe8, 0x11, 0x07, 0x00, 0xff, 0xff, 0x10, 0, 0xff, 0x00 };
	struct pci_bar bars[PCI_NUM_BARS] = {
		[0] = { 1u << 20, 0, 0xc0000000u },
		[2] = { 1ull << 32, PCI_BAR_MEM64 | PCI_BAR_PREFETCH, 0x100000000ull },
	};
	struct pci_backend b = { be_read, be_write, &be };

	struct pci_caps caps = { .first = 0x40, .msi_off = 0x40, .msi_ctrl = PCI_MSI_CTRL_64 | 0x2 /* MMC: 2 */ };

	h[PCI_HEADER_TYPE] = 0x80;
	h[PCI_INT_PIN] = 1;
	h[PCI_INT_LINE] = 0x0b; /* what the host's firmware wrote: not the guest's business */
	memset(&be, 0, sizeof(be));
	be_status = 0;
	pci_vdev_init(d, h, bars, &caps, 19, &b);
}

/* virtio-like: MSI-X at 0x40 (3 vectors, table in BAR1 at 0, PBA at 0x800),
 * then MSI at 0x50, then a vendor capability at 0x60 the backend answers. */
static void make_msix(struct pci_vdev *d)
{
	uint8_t h[64] = { 0xf4, 0x1a, 0x44, 0x10 };
	struct pci_bar bars[PCI_NUM_BARS] = { [1] = { 4096, 0, 0xc0000000u } };
	struct pci_backend b = { be_read, be_write, &be };
	struct pci_caps caps = { .first = 0x40, .msix_off = 0x40, .msix_next = 0x50, .msix_ctrl = 2,
				 .msix_table = 0x1, .msix_pba = 0x801,
				 .msi_off = 0x50, .msi_next = 0x60, .msi_ctrl = 0 };

	memset(&be, 0, sizeof(be));
	be_status = 0;
	pci_vdev_init(d, h, bars, &caps, 0, &b);
}

static uint32_t rd(struct pci_vdev *d, unsigned off, unsigned size)
{
	uint32_t v = 0;

	assert_int_equal(pci_cfg_access(d, off, size, 0, &v), 0);
	return v;
}

static void wr(struct pci_vdev *d, unsigned off, unsigned size, uint32_t v)
{
	assert_int_equal(pci_cfg_access(d, off, size, 1, &v), 0);
}

static void test_ids_read_only(void **state)
{
	struct pci_vdev d;

	(void)state;
	make(&d);
	assert_int_equal(rd(&d, 0, 4), 0x11e81234);
	wr(&d, 0, 4, 0);
	assert_int_equal(rd(&d, 0, 4), 0x11e81234);
	assert_int_equal(rd(&d, 2, 2), 0x11e8);
	assert_int_equal(rd(&d, PCI_HEADER_TYPE, 1), 0); /* multi-function bit hidden */
	assert_int_equal(rd(&d, PCI_INT_PIN, 1), 1);
	assert_int_equal(be.writes, 0);
}

static void test_command_and_status(void **state)
{
	struct pci_vdev d;

	(void)state;
	make(&d);
	assert_int_equal(rd(&d, PCI_COMMAND, 4), PCI_STATUS_CAP_LIST << 16); /* reset: decoding off */
	wr(&d, PCI_COMMAND, 4, 0xffffffffu);
	assert_int_equal(rd(&d, PCI_COMMAND, 2),
			 PCI_CMD_IO | PCI_CMD_MEM | PCI_CMD_MASTER | PCI_CMD_INTX_DISABLE);
	assert_int_equal(rd(&d, PCI_STATUS, 2), PCI_STATUS_CAP_LIST);
	assert_true(d.changed & PCI_CHG_CMD);
	d.changed = 0;
	wr(&d, PCI_COMMAND, 2, pci_vdev_command(&d)); /* same value: no change */
	assert_int_equal(d.changed, 0);
	be_status = PCI_STATUS_INTERRUPT | 0x8000; /* the device asserts INTx (and a parity error) */
	assert_int_equal(rd(&d, PCI_STATUS, 2), PCI_STATUS_CAP_LIST | PCI_STATUS_INTERRUPT);
	wr(&d, PCI_STATUS, 2, 0xffff);
	assert_int_equal(be.writes, 0);
}

static void test_interrupt_line_and_pin(void **state)
{
	struct pci_vdev d;

	(void)state;
	make(&d);
	assert_int_equal(rd(&d, PCI_INT_PIN, 1), 1);
	assert_int_equal(rd(&d, PCI_INT_LINE, 1), 19); /* the GSI the VMM wired, not the host's 0x0b */
	wr(&d, PCI_INT_LINE, 1, 5);
	assert_int_equal(rd(&d, PCI_INT_LINE, 1), 5); /* scratch for the guest */
	wr(&d, PCI_INT_PIN, 1, 3);
	assert_int_equal(rd(&d, PCI_INT_PIN, 1), 1);
	make_msix(&d); /* no pin: the line reads 0xff ("unknown") */
	assert_int_equal(rd(&d, PCI_INT_PIN, 1), 0);
	assert_int_equal(rd(&d, PCI_INT_LINE, 1), 0xff);
}

static void test_msix_cap(void **state)
{
	struct pci_vdev d;
	int maskall = -1;

	(void)state;
	make_msix(&d);
	assert_int_equal(rd(&d, PCI_CAP_PTR, 1), 0x40);
	assert_int_equal(rd(&d, PCI_STATUS, 2), PCI_STATUS_CAP_LIST);
	assert_int_equal(rd(&d, 0x40, 4), 0x00025011u); /* MSI-X, next 0x50, table size 3 */
	assert_int_equal(rd(&d, 0x44, 4), 0x1);         /* table: BAR1 + 0 */
	assert_int_equal(rd(&d, 0x48, 4), 0x801);       /* PBA: BAR1 + 0x800 */
	assert_int_equal(rd(&d, 0x50, 4), 0x00006005u); /* MSI, next 0x60 */
	assert_int_equal(rd(&d, 0x60, 4), 0xab006004u); /* vendor capability: the device's */
	assert_int_equal(pci_vdev_msix(&d, &maskall), 0);
	assert_int_equal(maskall, 0);
	wr(&d, 0x44, 4, 0xffffffffu); /* table and PBA locations are read-only */
	wr(&d, 0x48, 4, 0);
	assert_int_equal(rd(&d, 0x44, 4), 0x1);
	assert_int_equal(rd(&d, 0x48, 4), 0x801);
	assert_int_equal(d.changed, 0);
	wr(&d, 0x42, 2, 0xffff); /* enable + function mask; table size stays */
	assert_int_equal(rd(&d, 0x40, 4), 0xc0025011u);
	assert_true(d.changed & PCI_CHG_MSIX);
	assert_false(d.changed & PCI_CHG_MSI);
	assert_int_equal(pci_vdev_msix(&d, &maskall), 1);
	assert_int_equal(maskall, 1);
	wr(&d, 0x40, 4, 0x80000000u);
	assert_int_equal(pci_vdev_msix(&d, &maskall), 1);
	assert_int_equal(maskall, 0);
	wr(&d, 0x60, 4, 0x1234); /* the vendor capability goes to the device */
	assert_int_equal(be.writes, 1);
	assert_int_equal(be.last_off, 0x60);
	assert_int_equal(d.msi_off, 0x50);
}

/* A capability that overlaps another or leaves config space is not modelled. */
static void test_msix_bad_offsets(void **state)
{
	uint8_t h[64] = { 0xf4, 0x1a };
	struct pci_bar bars[PCI_NUM_BARS] = { { 0 } };
	struct pci_caps caps = { .first = 0x40, .msi_off = 0x40, .msi_ctrl = PCI_MSI_CTRL_64,
				 .msix_off = 0x48 };
	struct pci_vdev d;

	(void)state;
	pci_vdev_init(&d, h, bars, &caps, 0, NULL);
	assert_int_equal(d.msi_off, 0x40);
	assert_int_equal(d.msix_off, 0);
	caps.msix_off = 0xf8; /* 12 bytes do not fit */
	pci_vdev_init(&d, h, bars, &caps, 0, NULL);
	assert_int_equal(d.msix_off, 0);
	caps.msix_off = 0xf4;
	pci_vdev_init(&d, h, bars, &caps, 0, NULL);
	assert_int_equal(d.msix_off, 0xf4);
}

static void test_bar_sizing(void **state)
{
	struct pci_vdev d;

	(void)state;
	make(&d);
	assert_int_equal(rd(&d, PCI_BAR0, 4), 0xc0000000u);
	wr(&d, PCI_BAR0, 4, 0xffffffffu);
	assert_int_equal(rd(&d, PCI_BAR0, 4), 0xfff00000u);
	assert_true(d.changed & PCI_CHG_BAR);
	wr(&d, PCI_BAR0, 4, 0xc0012345u); /* not aligned to 1 MiB: low bits dropped */
	assert_int_equal(rd(&d, PCI_BAR0, 4), 0xc0000000u);
	wr(&d, PCI_BAR0 + 2, 2, 0xd000); /* a 16-bit write to the upper half */
	assert_int_equal(d.bars[0].addr, 0xd0000000u);
	assert_int_equal(rd(&d, PCI_BAR0 + 4, 4), 0); /* BAR1: not implemented */
	wr(&d, PCI_BAR0 + 4, 4, 0xffffffffu);
	assert_int_equal(rd(&d, PCI_BAR0 + 4, 4), 0);
}

static void test_bar_64(void **state)
{
	struct pci_vdev d;

	(void)state;
	make(&d);
	assert_int_equal(rd(&d, PCI_BAR0 + 8, 4), PCI_BAR_MEM64 | PCI_BAR_PREFETCH);
	assert_int_equal(rd(&d, PCI_BAR0 + 12, 4), 1);
	wr(&d, PCI_BAR0 + 8, 4, 0xffffffffu);
	wr(&d, PCI_BAR0 + 12, 4, 0xffffffffu);
	assert_int_equal(rd(&d, PCI_BAR0 + 8, 4), PCI_BAR_MEM64 | PCI_BAR_PREFETCH); /* 4 GiB: low dword all size */
	assert_int_equal(rd(&d, PCI_BAR0 + 12, 4), 0xffffffffu);
	assert_int_equal(d.bars[3].size, 0);
}

static void test_rom_and_cap_list(void **state)
{
	struct pci_vdev d;

	(void)state;
	make(&d);
	wr(&d, PCI_ROM, 4, 0xffffffffu);
	assert_int_equal(rd(&d, PCI_ROM, 4), 0);
	assert_int_equal(rd(&d, PCI_CAP_PTR, 1), 0x40);
	assert_int_equal(rd(&d, 0x40, 4), 0x00820005u); /* MSI, last in list, 64-bit, MMC 1 */
}

static void test_msi(void **state)
{
	struct pci_vdev d;
	uint64_t addr;
	uint32_t data;

	(void)state;
	make(&d);
	wr(&d, 0x44, 4, 0xfee00003u);
	wr(&d, 0x48, 4, 0x1);
	wr(&d, 0x4c, 4, 0xdead0041u);
	assert_int_equal(pci_vdev_msi(&d, &addr, &data), 0);
	assert_true(d.changed & PCI_CHG_MSI);
	wr(&d, 0x40, 4, 0xffffffffu); /* enable, MME 7 (clamped to MMC 1), RO bits kept */
	assert_int_equal(rd(&d, 0x40, 4), 0x00930005u);
	assert_int_equal(pci_vdev_msi(&d, &addr, &data), 1);
	assert_int_equal(addr, 0x1fee00000ull);
	assert_int_equal(data, 0x41);
	assert_int_equal(be.writes, 0);
}

static void test_backend_outside_model(void **state)
{
	struct pci_vdev d;

	(void)state;
	make(&d);
	assert_int_equal(rd(&d, 0x80, 4), 0xab008004u);
	assert_int_equal(rd(&d, 0x52, 2), 0x5202); /* past the 64-bit MSI capability (0x40..0x4f) */
	wr(&d, 0xfc, 4, 0x12345678);
	assert_int_equal(be.writes, 1);
	assert_int_equal(be.last_off, 0xfc);
	wr(&d, 0x44, 4, 0); /* inside the capability: the model's */
	assert_int_equal(be.writes, 1);
}

static void test_refused(void **state)
{
	struct pci_vdev d;
	uint32_t v = 0;

	(void)state;
	make(&d);
	assert_int_equal(pci_cfg_access(&d, 2, 4, 0, &v), -1);
	assert_int_equal(v, 0xffffffffu);
	assert_int_equal(pci_cfg_access(&d, 1, 2, 1, &v), -1);
	assert_int_equal(pci_cfg_access(&d, 256, 1, 0, &v), -1);
	assert_int_equal(pci_cfg_access(&d, 0, 3, 0, &v), -1);
	assert_int_equal(pci_cfg_access(&d, 0, 8, 0, &v), -1);
	assert_int_equal(d.rejected, 5);
}

static void test_bad_msi_offset_hidden(void **state)
{
	uint8_t h[64] = { 0x34, 0x12 };
	struct pci_bar bars[PCI_NUM_BARS] = { { 0 } };
	struct pci_vdev d;

	(void)state;
	struct pci_caps caps = { .first = 0x3c, .msi_off = 0x3c, .msi_ctrl = PCI_MSI_CTRL_64 };

	pci_vdev_init(&d, h, bars, &caps, 0, NULL); /* inside the header */
	assert_int_equal(rd(&d, PCI_CAP_PTR, 1), 0);
	assert_int_equal(rd(&d, PCI_STATUS, 2), 0);
	assert_int_equal(rd(&d, 0x80, 4), 0); /* no backend: zeros */
}

/* ---- the bus: mechanism #1 and ECAM ---- */

static uint32_t io(struct bus *pio, uint16_t port, unsigned size, int is_write, uint32_t v)
{
	uint8_t data[4];
	uint64_t stop = 0;

	memcpy(data, &v, 4);
	bus_access(pio, port, size, is_write, data, &stop);
	memcpy(&v, data, 4);
	return size == 4 ? v : v & ((1u << (size * 8)) - 1);
}

static void test_bus(void **state)
{
	struct bus pio, mmio;
	struct pci_bus pb;
	struct pci_vdev d;
	uint8_t data[4];
	uint64_t stop;

	(void)state;
	make(&d);
	bus_init(&pio);
	bus_init(&mmio);
	pci_bus_init(&pb);
	assert_int_equal(pci_bus_register(&pb, &pio, &mmio), 0);
	assert_int_equal(pci_bus_add(&pb, 3, &d), 0);
	assert_int_equal(pci_bus_add(&pb, 3, &d), -1);
	io(&pio, 0xcf8, 4, 1, 0x80001800u);
	assert_int_equal(io(&pio, 0xcf8, 4, 0, 0), 0x80001800u);
	assert_int_equal(io(&pio, 0xcfc, 4, 0, 0), 0x11e81234u);
	assert_int_equal(io(&pio, 0xcfe, 2, 0, 0), 0x11e8);
	io(&pio, 0xcf8, 4, 1, 0x80001000u); /* slot 2: empty */
	assert_int_equal(io(&pio, 0xcfc, 4, 0, 0), 0xffffffffu);
	io(&pio, 0xcf8, 4, 1, 0x00001800u); /* enable bit clear */
	assert_int_equal(io(&pio, 0xcfc, 4, 0, 0), 0xffffffffu);
	io(&pio, 0xcf8, 4, 1, 0x80011800u); /* bus 1 */
	assert_int_equal(io(&pio, 0xcfc, 4, 0, 0), 0xffffffffu);
	io(&pio, 0xcf8, 4, 1, 0x80001904u); /* slot 3, function 1 */
	assert_int_equal(io(&pio, 0xcfc, 4, 0, 0), 0xffffffffu);
	stop = 0;
	bus_access(&mmio, PCI_ECAM_BASE + (3u << 15), 4, 0, data, &stop);
	assert_int_equal(data[0] | data[1] << 8, 0x1234);
	bus_access(&mmio, PCI_ECAM_BASE + (3u << 15) + 0x100, 4, 0, data, &stop); /* extended space */
	assert_int_equal(data[0], 0xff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_read_only),     cmocka_unit_test(test_command_and_status),
		cmocka_unit_test(test_bar_sizing),        cmocka_unit_test(test_bar_64),
		cmocka_unit_test(test_rom_and_cap_list),  cmocka_unit_test(test_msi),
		cmocka_unit_test(test_backend_outside_model), cmocka_unit_test(test_refused),
		cmocka_unit_test(test_bad_msi_offset_hidden), cmocka_unit_test(test_bus),
		cmocka_unit_test(test_interrupt_line_and_pin), cmocka_unit_test(test_msix_cap),
		cmocka_unit_test(test_msix_bad_offsets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
