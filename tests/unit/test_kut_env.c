/* The environment uvmm writes for kvm-unit-tests, as its runner would:
 * NR_CPUS, MEMSIZE, the kernel version, and ERRATA_* decided by comparing
 * the kernel's version with each erratum's the way scripts/arch-run.bash does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kut/kut_env.h"

/* The value ERRATA_C gets for an erratum fixed in min on kernel release. */
static const char *have(const char *release, const char *min)
{
	static char out[256];
	struct sbuf env = { .dyn = 1 };
	char text[128], err[128];
	const char *v;

	snprintf(text, sizeof(text), "0123456789ab : %s : an erratum\n", min);
	if (kut_errata_env(&env, text, strlen(text), "errata", release, err, sizeof(err)) < 0) {
		snprintf(out, sizeof(out), "ERR %s", err);
	} else {
		v = strstr(sb_str(&env), "ERRATA_0123456789ab=");
		snprintf(out, sizeof(out), "%s", v ? v + 20 : "(none)");
		out[strcspn(out, "\n")] = 0;
	}
	free(env.buf);
	return out;
}

static void versions_compare_as_kut_does(void **state)
{
	(void)state;
	assert_string_equal(have("6.1.0-28-amd64", "5.6"), "y");
	assert_string_equal(have("6.1.0-28-amd64", "6.1"), "y");
	assert_string_equal(have("6.1.0-28-amd64", "6.2"), "n");
	assert_string_equal(have("6.1.0-28-amd64", "7.0"), "n");
	assert_string_equal(have("4.19.0", "4.9"), "y");   /* numbers, not strings */
	assert_string_equal(have("6.1.5", "6.1.5"), "y");
	assert_string_equal(have("6.1.5", "6.1.6"), "n");
	assert_string_equal(have("6.1.5-3", "6.1.5-2"), "y");
	assert_string_equal(have("6.1.5-3", "6.1.5-4"), "n");
	assert_string_equal(have("6.1.5", "6.1.5-1"), "n"); /* the kernel has no extra version */
	assert_string_equal(have("6.1", "6.1.0"), "y");
	assert_string_equal(have("6.1", "6.1.3"), "n");
	assert_string_equal(have("6.18.44-fc-v1045", "6.18"), "y");
	assert_string_equal(have("6.1", "six.one"), "ERR errata:1: bad minimum kernel version "
			    "'six.one' (VERSION.PATCHLEVEL...)");
	assert_string_equal(have("6.1", "6"), "ERR errata:1: bad minimum kernel version '6' "
			    "(VERSION.PATCHLEVEL...)");
}

static void errata_file_format(void **state)
{
	static const char text[] =
		"#---------------:-------------------------------:--------\n"
		"# commit        : minimum kernel                : summary\n"
		"\n"
		"9e3f7a296940    : 4.9                           : arm64: a fix\n"
		"   8c58be34494b : 99.6 : a: summary: with colons\n";
	struct sbuf env = { .dyn = 1 };
	char err[128];

	(void)state;
	setenv("ERRATA_9e3f7a296940", "n", 1); /* exported by the user: theirs wins */
	assert_int_equal(kut_errata_env(&env, text, strlen(text), "errata", "6.1.0", err, sizeof(err)), 0);
	assert_string_equal(sb_str(&env), "ERRATA_8c58be34494b=n\n");
	unsetenv("ERRATA_9e3f7a296940");
	free(env.buf);
	env = (struct sbuf){ .dyn = 1 };
	assert_int_equal(kut_errata_env(&env, "bad line\n", 9, "errata", "6.1", err, sizeof(err)), -1);
	assert_string_equal(err, "errata:1: expected COMMIT:MIN_KERNEL:summary");
	assert_int_equal(kut_errata_env(&env, "a-b : 1.0 :x\n", 13, "errata", "6.1", err, sizeof(err)), -1);
	assert_string_equal(err, "errata:1: bad erratum name 'a-b' (letters, digits, '_')");
	free(env.buf);
}

static void environment(void **state)
{
	struct sbuf env = { .dyn = 1 };
	char err[128], big[KUT_ENV_MAX + 2];

	(void)state;
	setenv("ERRATA_FORCE", "y", 1);
	assert_int_equal(kut_env_build(&env, 2, 128, "6.1.0-28-amd64", "ERRATA_x=y\n", err, sizeof(err)), 0);
	unsetenv("ERRATA_FORCE");
	assert_string_equal(sb_str(&env), "NR_CPUS=2\nMEMSIZE=128\nKERNEL_VERSION_STRING=6.1.0-28-amd64\n"
			    "KERNEL_VERSION=6\nKERNEL_PATCHLEVEL=1\nKERNEL_SUBLEVEL=0\n"
			    "KERNEL_EXTRAVERSION=28\nERRATA_FORCE=y\nERRATA_x=y\n");
	free(env.buf);
	env = (struct sbuf){ .dyn = 1 };
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	assert_int_equal(kut_env_build(&env, 1, 16, "6.1", big, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "kvm-unit-tests reads at most 16384"));
	free(env.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(versions_compare_as_kut_does),
		cmocka_unit_test(errata_file_format),
		cmocka_unit_test(environment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
