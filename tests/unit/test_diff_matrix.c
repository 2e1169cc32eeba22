/* Unit tests for the differential matrix: disagreeing rows (a verdict or an
 * observed value) come first with their values and messages, XFAIL counts as
 * a failure and SKIP takes no side, a missing report is an empty column, and
 * tests that are not portable are left out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xplat/diff_matrix.h"

static const char manifest[] =
	"[rsvd]\nimage = a.elf\nportable = yes\n"
	"[same]\nimage = b.elf\nportable = yes\n"
	"[val]\nimage = c.elf\nportable = yes\n"
	"[skip]\nimage = d.elf\nportable = yes\n"
	"[uvmm_only]\nimage = e.elf\nportable = no: uvmm's device\n";

static const char kvm[] =
	"TAP version 14\n# kvm_implementation: kvm_pvm\n"
	"ok 1 - rsvd\n  ---\n  class: PASS\n  values:\n    trap1.error: \"0x9\"\n  ...\n"
	"ok 2 - same\nok 3 - val\n  ---\n  values:\n    cr0: \"0x80000011\"\n  ...\n"
	"ok 4 - skip\nok 5 - uvmm_only\n";

static const char tcg[] =
	"TAP version 14\n"
	"not ok 1 - rsvd # TODO known\n  ---\n  class: XFAIL\n  message: \"known deviation: 0x8\"\n"
	"  values:\n    trap1.error: \"0x8\"\n  ...\n"
	"ok 2 - same\nok 3 - val\n  ---\n  values:\n    cr0: \"0x80000031\"\n  ...\n"
	"ok 4 - skip # SKIP no such CPU feature\n";

static const char expected[] =
	"uvmm diff: 4 portable tests x 3 platforms\n"
	"  kvm        k.tap (5 tests; kvm_pvm)\n"
	"  tcg        t.tap (4 tests)\n"
	"  hw         h.tap: not loaded: no such file; boot the USB image\n"
	"\n"
	"platforms disagree:\n"
	"test                    kvm       tcg       hw        \n"
	"rsvd                    PASS      XFAIL     -         \n"
	"  trap1.error           0x9       0x8       -         \n"
	"  tcg: known deviation: 0x8\n"
	"val                     PASS      PASS      -         \n"
	"  cr0                   0x80000011 0x80000031 -         \n"
	"\n"
	"platforms agree:\n"
	"test                    kvm       tcg       hw        \n"
	"same                    PASS      PASS      -         \n"
	"\n"
	"not compared (fewer than two platforms ran them):\n"
	"test                    kvm       tcg       hw        \n"
	"skip                    PASS      SKIP      -         \n"
	"\n"
	"2 disagree, 1 agree, 1 not compared\n";

static void writes_the_matrix(void **state)
{
	struct diff_column cols[3] = {
		{ .name = "kvm", .path = "k.tap", .loaded = 1 },
		{ .name = "tcg", .path = "t.tap", .loaded = 1 },
		{ .name = "hw", .path = "h.tap", .hint = "boot the USB image", .error = "no such file" },
	};
	struct diff_counts c;
	struct manifest m;
	char err[256], *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_int_equal(manifest_parse(&m, manifest, strlen(manifest), "m", err, sizeof(err)), 0);
	assert_int_equal(tap_parse(&cols[0].doc, kvm, strlen(kvm), "k", err, sizeof(err)), 0);
	assert_int_equal(tap_parse(&cols[1].doc, tcg, strlen(tcg), "t", err, sizeof(err)), 0);
	f = open_memstream(&buf, &len);
	diff_write(f, &m, cols, 3, &c);
	fclose(f);
	if (strcmp(buf, expected))
		fail_msg("got:\n%s\nwant:\n%s", buf, expected);
	assert_int_equal(c.disagree, 2);
	assert_int_equal(c.agree, 1);
	assert_int_equal(c.alone, 1);
	free(buf);
	tap_free(&cols[0].doc);
	tap_free(&cols[1].doc);
	manifest_free(&m);
}

static void sides(void **state)
{
	(void)state;
	assert_int_equal(diff_side_of("PASS"), SIDE_PASS);
	assert_int_equal(diff_side_of("XPASS"), SIDE_PASS);
	assert_int_equal(diff_side_of("FAIL"), SIDE_FAIL);
	assert_int_equal(diff_side_of("XFAIL"), SIDE_FAIL);
	assert_int_equal(diff_side_of("TIMEOUT"), SIDE_FAIL);
	assert_int_equal(diff_side_of("ERROR"), SIDE_FAIL);
	assert_int_equal(diff_side_of("SKIP"), SIDE_NONE);
	assert_int_equal(diff_side_of("weird"), SIDE_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writes_the_matrix),
		cmocka_unit_test(sides),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
