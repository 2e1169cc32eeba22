/* Unit tests for the suite manifest parser: a full valid manifest parses to
 * the right fields, and every error is reported with its FILE:LINE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suite/manifest.h"

static const char valid[] =
	"# the suite\n"
	"\n"
	"[hello]\n"
	"image = hello.elf\n"
	"groups = basic console\n"
	"mem = 16M\n"
	"cpus = 1\n"
	"mode = pvh\n"
	"irqchip = 0\n"
	"timeout = 5\n"
	"requires = cap:IRQCHIP cpu:pdpe1gb file:/dev/vfio/vfio impl:kvm_intel !impl:kvm_pvm\n"
	"flat = 0x1000   # optional: flat binary load address\n"
	"expect = extra.expect   # optional\n"
	"portable = yes\n"
	"[second]   # comment after a header\n"
	"  image=/abs/second.elf  \n"
	"requires = cap:KVM_CAP_EXIT_HYPERCALL\n"
	"portable = no:   uvmm's test device  \n"
	"[third]\n"
	"image = third.elf\n";

static void parses_a_valid_manifest(void **state)
{
	struct manifest m;
	char err[256] = "";
	const struct manifest_test *t;

	(void)state;
	assert_int_equal(manifest_parse(&m, valid, strlen(valid), "suite", err, sizeof(err)), 0);
	assert_int_equal(m.ntests, 3);
	t = &m.tests[0];
	assert_string_equal(t->name, "hello");
	assert_int_equal(t->line, 3);
	assert_string_equal(t->image, "hello.elf");
	assert_string_equal(t->expect, "extra.expect");
	assert_int_equal(t->ngroups, 2);
	assert_string_equal(t->groups[0], "basic");
	assert_string_equal(t->groups[1], "console");
	assert_int_equal(t->noptions, 5);
	assert_string_equal(t->options[0], "mem=16M");
	assert_string_equal(t->options[1], "cpus=1");
	assert_string_equal(t->options[2], "mode=pvh");
	assert_string_equal(t->options[3], "irqchip=0");
	assert_string_equal(t->options[4], "timeout=5");
	assert_true(t->has_timeout);
	assert_true(t->timeout == 5.0);
	assert_true(t->flat);
	assert_int_equal(t->flat_addr, 0x1000);
	assert_int_equal(t->nrequires, 5);
	assert_int_equal(t->requires[0].kind, REQ_CAP);
	assert_string_equal(t->requires[0].arg, "IRQCHIP");
	assert_int_equal(t->requires[1].kind, REQ_CPU);
	assert_string_equal(t->requires[1].arg, "pdpe1gb");
	assert_int_equal(t->requires[2].kind, REQ_FILE);
	assert_string_equal(t->requires[2].arg, "/dev/vfio/vfio");
	assert_int_equal(t->requires[3].kind, REQ_IMPL);
	assert_false(t->requires[3].negate);
	assert_int_equal(t->requires[4].kind, REQ_IMPL);
	assert_true(t->requires[4].negate);
	assert_string_equal(t->requires[4].arg, "kvm_pvm");
	assert_true(t->portable);
	assert_null(t->portable_reason);

	t = &m.tests[1];
	assert_string_equal(t->name, "second");
	assert_string_equal(t->image, "/abs/second.elf");
	assert_null(t->expect);
	assert_int_equal(t->ngroups, 0);
	assert_int_equal(t->noptions, 0);
	assert_false(t->has_timeout);
	assert_false(t->flat);
	assert_string_equal(t->requires[0].arg, "KVM_CAP_EXIT_HYPERCALL");
	assert_false(t->portable);
	assert_string_equal(t->portable_reason, "uvmm's test device");
	/* No key: not portable, and no reason given. */
	assert_false(m.tests[2].portable);
	assert_null(m.tests[2].portable_reason);

	assert_ptr_equal(manifest_find(&m, "second"), &m.tests[1]);
	assert_null(manifest_find(&m, "fourth"));
	assert_true(manifest_in_group(&m.tests[0], "cons*"));
	assert_false(manifest_in_group(&m.tests[0], "vfio"));
	assert_false(manifest_in_group(&m.tests[1], "*"));
	manifest_free(&m);
}

static void empty_manifest_has_no_tests(void **state)
{
	struct manifest m;
	char err[256];

	(void)state;
	assert_int_equal(manifest_parse(&m, "# nothing\n\n", 11, "e", err, sizeof(err)), 0);
	assert_int_equal(m.ntests, 0);
	manifest_free(&m);
}

static const struct {
	const char *text;
	const char *error;
} bad_cases[] = {
	{ "[a]\nimage = a.elf\ncolour = red\n", "m:3: unknown key 'colour'" },
	{ "[a]\nimage = a.elf\n[a]\nimage = b.elf\n", "m:3: duplicate test 'a' (first at line 1)" },
	{ "[a]\ngroups = x\n\n[b]\nimage = b.elf\n", "m:1: test 'a' has no image key" },
	{ "[a]\nimage = a.elf\n[b]\nmem = 16M\n", "m:3: test 'b' has no image key" },
	{ "image = a.elf\n", "m:1: 'image' before the first [TEST] section" },
	{ "[a]\nimage = a.elf\nimage = b.elf\n", "m:3: duplicate key 'image' in test 'a'" },
	{ "[a]\nimage = a.elf\nmem = lots\n",
	  "m:3: bad value 'lots' for mem: a size from 2M to 64G, a multiple of 4K (K, M, G: powers of 1024)" },
	{ "[a]\nimage = a.elf\ncpus = 0\n", "m:3: bad value '0' for cpus: an integer from 1 to 8" },
	{ "[a]\nimage = a.elf\nmode = weird\n", "m:3: bad value 'weird' for mode: pvh, long, prot32, multiboot or real" },
	{ "[a]\nimage = a.elf\nirqchip = maybe\n", "m:3: bad value 'maybe' for irqchip: 1, yes, on, 0, no or off" },
	{ "[a]\nimage = a.elf\ntimeout = -1\n", "m:3: bad value '-1' for timeout: seconds from 0.001 to 86400" },
	{ "[a]\nimage = a.elf\ntimeout =\n", "m:3: bad value '' for timeout: seconds from 0.001 to 86400" },
	{ "[a]\nimage = a.elf\nflat = here\n", "m:3: bad value 'here' for flat (a load address)" },
	{ "[a]\nimage = a.elf\ntimeout = 0\n", "m:3: bad value '0' for timeout: seconds from 0.001 to 86400" },
	{ "[a]\nimage = a.elf\ntimeout = nan\n", "m:3: bad value 'nan' for timeout: seconds from 0.001 to 86400" },
	{ "[a]\nimage = a.elf\ntimeout = 1e9\n", "m:3: bad value '1e9' for timeout: seconds from 0.001 to 86400" },
	{ "[a]\nimage = a.elf\nmem = 17179869184G\n",
	  "m:3: bad value '17179869184G' for mem: a size from 2M to 64G, a multiple of 4K (K, M, G: powers of 1024)" },
	{ "[a]\nimage = a.elf\ncpus = 18446744073709551617\n",
	  "m:3: bad value '18446744073709551617' for cpus: an integer from 1 to 8" },
	{ "[a]\nimage = a.elf\nvfio = a-very-long-device-name-indeed\n",
	  "m:3: bad value 'a-very-long-device-name-indeed' for vfio: a PCI address (0000:00:03.0), VVVV:DDDD, auto or none" },
	{ "[a]\nimage = a.elf\nvfio = aut =8\n", "m:3: bad value for vfio: one word of printable characters, without blanks" },
	{ "[a]\nimage =\n", "m:2: image needs one path" },
	{ "[a]\nimage = a.elf b.elf\n", "m:2: image needs one path" },
	{ "[a]\nimage = a.elf\nrequires = cap:NO_SUCH_CAP\n",
	  "m:3: unknown KVM capability 'NO_SUCH_CAP' in cap:" },
	{ "[a]\nimage = a.elf\nrequires = cpu:warp-drive\n",
	  "m:3: unknown CPU feature 'warp-drive' in cpu:" },
	{ "[a]\nimage = a.elf\nrequires = gpu:big\n",
	  "m:3: unknown requirement kind 'gpu' (cap, cpu, file, impl, vfio)" },
	{ "[a]\nimage = a.elf\nrequires = IRQCHIP\n",
	  "m:3: requirement 'IRQCHIP' is not KIND:VALUE (cap:, cpu:, file:, impl:, vfio:)" },
	{ "[a]\nimage = a.elf\nrequires = cap:\n",
	  "m:3: requirement 'cap:' is not KIND:VALUE (cap:, cpu:, file:, impl:, vfio:)" },
	{ "[a]\nimage = a.elf\nrequires = !cap:IRQCHIP\n",
	  "m:3: '!' only applies to impl: requirements" },
	{ "[a]\nimage = a.elf\nrequires = impl:kvm/x\n", "m:3: bad implementation name 'kvm/x'" },
	{ "[a]\nimage = a.elf\nrequires = vfio:1234\n",
	  "m:3: bad PCI ids '1234' in vfio: (VVVV:DDDD, e.g. 1234:11e8)" },
	{ "[a b]\nimage = a.elf\n", "m:1: bad test name 'a b' (letters, digits, '_', '.', '-')" },
	{ "[]\nimage = a.elf\n", "m:1: bad test name '' (letters, digits, '_', '.', '-')" },
	{ "[a\nimage = a.elf\n", "m:1: a section header is '[NAME]'" },
	{ "[a] x\nimage = a.elf\n", "m:1: a section header is '[NAME]'" },
	{ "[a]\nimage = a.elf\ngroups = ok b/ad\n",
	  "m:3: bad group name 'b/ad' (letters, digits, '_', '.', '-')" },
	{ "[a]\nimage = a.elf\ngroups = x x\n", "m:3: group 'x' listed twice" },
	{ "[a]\nimage a.elf\n", "m:2: expected 'key = value' or '[TEST]'" },
	{ "[a]\nimage = a.elf\nportable = maybe\n",
	  "m:3: portable is 'yes' or 'no: REASON', not 'maybe'" },
	{ "[a]\nimage = a.elf\nportable = no\n",
	  "m:3: portable is 'yes' or 'no: REASON', not 'no'" },
	{ "[a]\nimage = a.elf\nportable = no:  \n",
	  "m:3: portable = no needs a reason: 'no: REASON'" },
	{ "[a]\nimage = a.elf\nportable = yes\nportable = yes\n",
	  "m:4: duplicate key 'portable' in test 'a'" },
	{ "[a]\nimage = a.elf\nexpect = x\nexpect_only = y\n",
	  "m:4: expect and expect_only exclude each other" },
	{ "[a]\nimage = a.elf\nexpect_only = y\nexpect = x\n",
	  "m:4: expect and expect_only exclude each other" },
	{ "[a]\nimage = a.elf\nexpect_only = a b\n", "m:3: expect_only needs one path" },
	{ "[a]\nimage = a.elf\ncmdline =\n", "m:3: cmdline needs a value" },
};

static void every_error_has_its_line(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct manifest m;
		char err[256] = "";
		int r = manifest_parse(&m, bad_cases[i].text, strlen(bad_cases[i].text), "m", err,
				       sizeof(err));
		if (r != -1 || strcmp(err, bad_cases[i].error))
			fail_msg("case %zu: got %d '%s', want '%s'", i, r, err, bad_cases[i].error);
		manifest_free(&m);
	}
}

/* A teacher's file replaces the image's expectations. */
static void expect_only_replaces(void **state)
{
	static const char text[] = "[a]\nimage = a.elf\nexpect_only = key.expect\n"
				   "cmdline = case=sgdt.u  x=1 # comment\n"
				   "[b]\nimage = b.elf\nexpect = more.expect\n";
	struct manifest m;
	char err[256];

	(void)state;
	assert_int_equal(manifest_parse(&m, text, sizeof(text) - 1, "m", err, sizeof(err)), 0);
	assert_string_equal(m.tests[0].expect, "key.expect");
	assert_true(m.tests[0].expect_only);
	assert_string_equal(m.tests[0].cmdline, "case=sgdt.u  x=1");
	assert_null(m.tests[1].cmdline);
	assert_string_equal(m.tests[1].expect, "more.expect");
	assert_false(m.tests[1].expect_only);
	manifest_free(&m);
}

static void nul_byte_is_an_error(void **state)
{
	static const char text[] = "[a]\nimage = a\0.elf\n";
	struct manifest m;
	char err[256];

	(void)state;
	assert_int_equal(manifest_parse(&m, text, sizeof(text) - 1, "m", err, sizeof(err)), -1);
	assert_string_equal(err, "m:2: NUL byte in the manifest");
	manifest_free(&m);
}

static void load_reports_a_missing_file(void **state)
{
	struct manifest m;
	char err[256] = "";

	(void)state;
	assert_int_equal(manifest_load(&m, "/nonexistent/suite.manifest", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/suite.manifest"));
	manifest_free(&m);
}

static void names_are_file_name_safe(void **state)
{
	(void)state;
	assert_true(manifest_name_ok("a-b_c.1"));
	assert_false(manifest_name_ok(""));
	assert_false(manifest_name_ok("../x"));
	assert_false(manifest_name_ok("a:b"));
	assert_false(manifest_name_ok("a*"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_a_valid_manifest),
		cmocka_unit_test(empty_manifest_has_no_tests),
		cmocka_unit_test(every_error_has_its_line),
		cmocka_unit_test(nul_byte_is_an_error),
		cmocka_unit_test(expect_only_replaces),
		cmocka_unit_test(load_reports_a_missing_file),
		cmocka_unit_test(names_are_file_name_safe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
