/* Unit tests for the known-deviations table: parsing, exact lookup by test and
 * implementation, and FILE:LINE errors for every malformed line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "suite/deviations.h"

static const char table[] =
	"# known deviations\n"
	"\n"
	"hlt      kvm_pvm   HLT is handled in the kernel   \n"
	"pdpe1gb  kvm_pvm\t1 GiB pages are not offered # checked on kvm_intel 6.1\n"
	"hlt      kvm_amd   another implementation\n";

static void parses_and_looks_up(void **state)
{
	struct deviations d;
	char err[256] = "";
	const struct deviation *e;

	(void)state;
	assert_int_equal(deviations_parse(&d, table, strlen(table), "dev", err, sizeof(err)), 0);
	assert_int_equal(d.n, 3);
	e = deviations_lookup(&d, "hlt", "kvm_pvm");
	assert_non_null(e);
	assert_string_equal(e->reason, "HLT is handled in the kernel");
	assert_int_equal(e->line, 3);
	e = deviations_lookup(&d, "pdpe1gb", "kvm_pvm");
	assert_non_null(e);
	assert_string_equal(e->reason, "1 GiB pages are not offered");
	assert_string_equal(deviations_lookup(&d, "hlt", "kvm_amd")->reason,
			    "another implementation");
	/* exact names only: no prefix, glob or cross-implementation matches */
	assert_null(deviations_lookup(&d, "hlt", "kvm_intel"));
	assert_null(deviations_lookup(&d, "hl", "kvm_pvm"));
	assert_null(deviations_lookup(&d, "hlt", "kvm"));
	assert_null(deviations_lookup(&d, "mmio", "kvm_pvm"));
	deviations_free(&d);
}

/* The platform's IOMMU is the second key: an implementation's own entry wins. */
static void looks_up_the_platform_iommu(void **state)
{
	static const char text[] = "ir_compat qemu-vtd  QEMU passes compatibility-format MSIs\n"
				   "ir_compat kvm_pvm   the implementation's own\n";
	struct deviations d;
	char err[256] = "";

	(void)state;
	assert_int_equal(deviations_parse(&d, text, strlen(text), "dev", err, sizeof(err)), 0);
	assert_string_equal(deviations_lookup_host(&d, "ir_compat", "kvm_amd.tcg", "qemu-vtd")->reason,
			    "QEMU passes compatibility-format MSIs");
	assert_string_equal(deviations_lookup_host(&d, "ir_compat", "kvm_pvm", "qemu-vtd")->reason,
			    "the implementation's own");
	assert_null(deviations_lookup_host(&d, "ir_compat", "kvm_amd", "qemu-amdvi"));
	assert_null(deviations_lookup_host(&d, "ir_compat", "kvm_amd", ""));
	assert_null(deviations_lookup_host(&d, "ir_compat", "kvm_amd", NULL));
	deviations_free(&d);
}

/* TIMEOUT marks a hang; TIMEOUT=SEC also says how long it takes to confirm it.
 * A reason that merely starts with "TIMEOUTS" is neither. */
static void hang_entries_and_their_limits(void **state)
{
	static const char text[] = "a kvm_pvm TIMEOUT spins\n"
				   "b kvm_pvm TIMEOUT=0.25  spins quickly\n"
				   "c kvm_pvm TIMEOUTS are not a keyword\n";
	struct deviations d;
	char err[256] = "";

	(void)state;
	assert_int_equal(deviations_parse(&d, text, strlen(text), "dev", err, sizeof(err)), 0);
	assert_int_equal(deviations_lookup(&d, "a", "kvm_pvm")->hangs, 1);
	assert_true(deviations_lookup(&d, "a", "kvm_pvm")->limit == 0);
	assert_string_equal(deviations_lookup(&d, "a", "kvm_pvm")->reason, "spins");
	assert_int_equal(deviations_lookup(&d, "b", "kvm_pvm")->hangs, 1);
	assert_true(deviations_lookup(&d, "b", "kvm_pvm")->limit == 0.25);
	assert_string_equal(deviations_lookup(&d, "b", "kvm_pvm")->reason, "spins quickly");
	assert_int_equal(deviations_lookup(&d, "c", "kvm_pvm")->hangs, 0);
	assert_string_equal(deviations_lookup(&d, "c", "kvm_pvm")->reason, "TIMEOUTS are not a keyword");
	deviations_free(&d);
}

static void empty_table(void **state)
{
	struct deviations d;
	char err[256];

	(void)state;
	assert_int_equal(deviations_parse(&d, "", 0, "dev", err, sizeof(err)), 0);
	assert_int_equal(d.n, 0);
	assert_null(deviations_lookup(&d, "hlt", "kvm_pvm"));
	deviations_free(&d);
}

/* x86 names exceptions #UD, #GP(0): a reason keeps them whole, while "# "
 * and a '#' that starts the line or ends it are still comments. */
static void exception_names_are_not_comments(void **state)
{
	static const char hashes[] = "#int_cpl3 kvm_pvm commented out\n"
				    "  # indented comment\n"
				    "int_cpl3 kvm_pvm raises #UD, then #GP(0) # seen 2026-12-03\n"
				    "rdpru kvm_pvm must raise #UD#\n";
	struct deviations d;
	char err[256];

	(void)state;
	assert_int_equal(deviations_parse(&d, hashes, strlen(hashes), "dev", err, sizeof(err)), 0);
	assert_int_equal(d.n, 2);
	assert_string_equal(deviations_lookup(&d, "int_cpl3", "kvm_pvm")->reason, "raises #UD, then #GP(0)");
	assert_string_equal(deviations_lookup(&d, "rdpru", "kvm_pvm")->reason, "must raise #UD");
	deviations_free(&d);
}

static const struct {
	const char *text;
	const char *error;
} bad_cases[] = {
	{ "hlt\n", "dev:1: expected 'TEST IMPLEMENTATION reason...', the implementation is missing" },
	{ "# c\nhlt kvm_pvm\n", "dev:2: the deviation of hlt on kvm_pvm needs a reason" },
	{ "hlt kvm_pvm   # only a comment\n", "dev:1: the deviation of hlt on kvm_pvm needs a reason" },
	{ "hlt kvm_pvm a\n\nhlt kvm_pvm b\n", "dev:3: duplicate entry for hlt on kvm_pvm (first at line 1)" },
	{ "h/lt kvm_pvm why\n", "dev:1: bad test name 'h/lt'" },
	{ "hlt kvm:pvm why\n", "dev:1: bad implementation name 'kvm:pvm'" },
	{ "hlt kvm_pvm TIMEOUT=x why\n", "dev:1: TIMEOUT=SEC needs a limit in seconds (0 < SEC <= 3600) before the reason" },
	{ "hlt kvm_pvm TIMEOUT=0 why\n", "dev:1: TIMEOUT=SEC needs a limit in seconds (0 < SEC <= 3600) before the reason" },
	{ "hlt kvm_pvm TIMEOUT=0.5s why\n", "dev:1: TIMEOUT=SEC needs a limit in seconds (0 < SEC <= 3600) before the reason" },
	{ "hlt kvm_pvm TIMEOUT=0.5\n", "dev:1: TIMEOUT=SEC needs a limit in seconds (0 < SEC <= 3600) before the reason" },
	{ "hlt kvm_pvm TIMEOUT=0.5 \n", "dev:1: the deviation of hlt on kvm_pvm needs a reason" },
};

static void every_error_has_its_line(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct deviations d;
		char err[256] = "";
		int r = deviations_parse(&d, bad_cases[i].text, strlen(bad_cases[i].text), "dev", err,
					 sizeof(err));
		if (r != -1 || strcmp(err, bad_cases[i].error))
			fail_msg("case %zu: got %d '%s', want '%s'", i, r, err, bad_cases[i].error);
		deviations_free(&d);
	}
}

static void load_reports_a_missing_file(void **state)
{
	struct deviations d;
	char err[256] = "";

	(void)state;
	assert_int_equal(deviations_load(&d, "/nonexistent/deviations.txt", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/deviations.txt"));
	deviations_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_and_looks_up),
		cmocka_unit_test(empty_table),
		cmocka_unit_test(looks_up_the_platform_iommu),
		cmocka_unit_test(hang_entries_and_their_limits),
		cmocka_unit_test(exception_names_are_not_comments),
		cmocka_unit_test(every_error_has_its_line),
		cmocka_unit_test(load_reports_a_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
