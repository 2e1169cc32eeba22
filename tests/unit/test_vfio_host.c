/* sysfs facts for VFIO on a made-up tree: device lookup, IOMMU group, group
 * viability, reserved regions, and the guest-RAM placement check that must
 * refuse RAM overlapping a reserved region or outside the usable IOVA range. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "vfio/vfio_host.h"

static char root[64];

static void put(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void dir(const char *rel)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/%s'", root, rel);
	assert_int_equal(system(cmd), 0);
}

static void lnk(const char *target, const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(symlink(target, path), 0);
}

/* 00:01.0 edu on vfio-pci in group 1 with 00:02.0 (unbound); 00:03.0 edu on
 * no driver in group 2 together with 00:04.0 on e1000e (not viable). */
static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/uvmm-vfio-test.%d", (int)getpid());
	dir("sys/bus/pci/drivers/vfio-pci");
	dir("sys/bus/pci/drivers/e1000e");
	dir("sys/kernel/iommu_groups/1/devices");
	dir("sys/kernel/iommu_groups/2/devices");
	dir("dev/vfio");
	put("dev/vfio/vfio", "");
	const char *devs[] = { "0000:00:01.0", "0000:00:02.0", "0000:00:03.0", "0000:00:04.0" };
	const char *ids[][2] = { { "0x1234", "0x11e8" }, { "0x8086", "0x10d3" }, { "0x1234", "0x11e8" },
				 { "0x8086", "0x10d3" } };
	for (int i = 0; i < 4; i++) {
		char rel[128], target[128];
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s", devs[i]);
		dir(rel);
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/vendor", devs[i]);
		put(rel, ids[i][0]);
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/device", devs[i]);
		put(rel, ids[i][1]);
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/iommu_group", devs[i]);
		snprintf(target, sizeof(target), "%s/sys/kernel/iommu_groups/%d", root, i < 2 ? 1 : 2);
		lnk(target, rel);
		snprintf(rel, sizeof(rel), "sys/kernel/iommu_groups/%d/devices/%s", i < 2 ? 1 : 2, devs[i]);
		snprintf(target, sizeof(target), "%s/sys/bus/pci/devices/%s", root, devs[i]);
		lnk(target, rel);
	}
	lnk("../../../drivers/vfio-pci", "sys/bus/pci/devices/0000:00:01.0/driver");
	lnk("../../../drivers/e1000e", "sys/bus/pci/devices/0000:00:04.0/driver");
	put("sys/kernel/iommu_groups/1/reserved_regions",
	    "0x00000000fee00000 0x00000000feefffff msi\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

static void test_bdf_and_ids(void **state)
{
	char bdf[VFIO_BDF_LEN];
	uint16_t v, d;

	(void)state;
	assert_int_equal(vfio_bdf_parse("00:01.0", bdf), 0);
	assert_string_equal(bdf, "0000:00:01.0");
	assert_int_equal(vfio_bdf_parse("0000:3a:1f.7", bdf), 0);
	assert_int_equal(vfio_bdf_parse("0000:00:20.0", bdf), -1); /* slot > 31 */
	assert_int_equal(vfio_bdf_parse("00:01.8", bdf), -1);
	assert_int_equal(vfio_bdf_parse("00:01.0x", bdf), -1);
	assert_int_equal(vfio_id_parse("1234:11e8", &v, &d), 0);
	assert_int_equal(v, 0x1234);
	assert_int_equal(d, 0x11e8);
	assert_int_equal(vfio_id_parse("1234:11e", &v, &d), -1);
	assert_int_equal(vfio_id_parse("1234:11e8:", &v, &d), -1);
}

static void test_resolve(void **state)
{
	char bdf[VFIO_BDF_LEN], err[200];

	(void)state;
	assert_int_equal(vfio_host_resolve(root, "auto", bdf, err, sizeof(err)), 0);
	assert_string_equal(bdf, "0000:00:01.0"); /* the one on vfio-pci first */
	assert_int_equal(vfio_host_resolve(root, "8086:10d3", bdf, err, sizeof(err)), 0);
	assert_string_equal(bdf, "0000:00:02.0");
	assert_int_equal(vfio_host_resolve(root, "1af4:1000", bdf, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no PCI device 1af4:1000"));
	assert_int_equal(vfio_host_resolve(root, "00:09.0", bdf, err, sizeof(err)), -1);
	assert_int_equal(vfio_host_resolve(root, "garbage", bdf, err, sizeof(err)), -1);
}

static void test_group_and_viability(void **state)
{
	char why[200];

	(void)state;
	assert_int_equal(vfio_host_group(root, "0000:00:01.0", why, sizeof(why)), 1);
	assert_int_equal(vfio_host_group(root, "0000:00:03.0", why, sizeof(why)), 2);
	assert_int_equal(vfio_host_group_viable(root, 1, "0000:00:01.0", why, sizeof(why)), 1);
	assert_int_equal(vfio_host_group_viable(root, 2, "0000:00:03.0", why, sizeof(why)), 0);
	assert_non_null(strstr(why, "0000:00:04.0"));
	assert_non_null(strstr(why, "e1000e"));
	assert_int_equal(vfio_host_usable(root, "1234:11e8", why, sizeof(why)), 1);
	assert_int_equal(vfio_host_usable(root, "1af4:1000", why, sizeof(why)), 0);
}

static void test_no_iommu(void **state)
{
	char why[200], link[256], group[256];

	(void)state;
	snprintf(link, sizeof(link), "%s/sys/bus/pci/devices/0000:00:01.0/iommu_group", root);
	snprintf(group, sizeof(group), "%s/sys/kernel/iommu_groups/1", root);
	unlink(link);
	assert_int_equal(vfio_host_group(root, "0000:00:01.0", why, sizeof(why)), -1);
	assert_non_null(strstr(why, "no IOMMU"));
	assert_int_equal(vfio_host_usable(root, "auto", why, sizeof(why)), 0);
	assert_int_equal(symlink(group, link), 0); /* back for the other tests */
}

static void test_reserved(void **state)
{
	struct iova_range r[4];
	char err[200];

	(void)state;
	assert_int_equal(vfio_host_reserved(root, 1, r, 4, err, sizeof(err)), 1);
	assert_int_equal(r[0].start, 0xfee00000ull);
	assert_int_equal(r[0].last, 0xfeefffffull);
	assert_string_equal(r[0].type, "msi");
	assert_int_equal(vfio_host_reserved(root, 2, r, 4, err, sizeof(err)), 0); /* no file */
	assert_int_equal(vfio_parse_reserved("0x0 0x1000 direct\n0x2000 0x3000 reserved\n", r, 4), 2);
	assert_int_equal(vfio_parse_reserved("0x0 0x1000\n", r, 4), -1);
	assert_int_equal(vfio_parse_reserved("0x2000 0x1000 msi\n", r, 4), -1); /* last < start */
	assert_int_equal(vfio_parse_reserved("0x0 0x1000 msi junk\n", r, 4), -1);
	assert_int_equal(vfio_parse_reserved("", r, 4), 0);
}

static void test_check_ram(void **state)
{
	struct iova_range usable[2] = { { 0, 0xfedfffffull, "" }, { 0xfef00000ull, (1ull << 48) - 1, "" } };
	struct iova_range msi = { 0xfee00000ull, 0xfeefffffull, "msi" };
	struct iova_range rmrr = { 0x000e0000ull, 0x000fffffull, "direct" };
	char err[200];

	(void)state;
	assert_int_equal(vfio_check_ram(16u << 20, usable, 2, &msi, 1, err, sizeof(err)), 0);
	assert_int_equal(vfio_check_ram(3ull << 30, usable, 2, &msi, 1, err, sizeof(err)), 0);
	assert_int_equal(vfio_check_ram(16u << 20, usable, 2, &rmrr, 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "reserved region [0xe0000, 0xfffff] (direct)"));
	assert_int_equal(vfio_check_ram(0xff000000ull, usable, 2, NULL, 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "usable IOVA range"));
	assert_int_equal(vfio_check_ram(1ull << 30, NULL, 0, NULL, 0, err, sizeof(err)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bdf_and_ids),   cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_group_and_viability), cmocka_unit_test(test_no_iommu),
		cmocka_unit_test(test_reserved),      cmocka_unit_test(test_check_ram),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
