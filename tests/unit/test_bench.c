/* Unit tests for uvmm bench's arithmetic and verdicts: medians, the exit-clock
 * histogram, the targets (a checked run 2x the raw loop must be a MISS), the
 * sample line between child and parent, and the JSON file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/bench.h"
#include "util/json_parse.h"
#include "bench/bench_child.h"
#include "util/exit_clock.h"
#include "bench/bench_report.h"

static void test_median(void **state)
{
	double odd[] = { 5, 1, 3 }, even[] = { 4, 1, 3, 2 };

	(void)state;
	assert_true(bench_median(odd, 3) == 3);
	assert_true(bench_median(even, 4) == 2.5);
	assert_true(bench_median(odd, 0) == 0);
}

static void test_exit_clock_median_ignores_outliers(void **state)
{
	static struct exit_clock c;

	(void)state;
	memset(&c, 0, sizeof(c));
	/* 9 round trips of ~10 us and one preempted one of 5 ms. */
	c.count = 10;
	c.hist[10000 >> EXIT_CLOCK_SHIFT] = 9;
	c.hist[EXIT_CLOCK_BUCKETS - 1] = 1;
	assert_true(exit_clock_median_ns(&c) >= 9984 && exit_clock_median_ns(&c) <= 10016);
	c.count = 0;
	assert_true(exit_clock_median_ns(&c) == 0);
}

static void good_results(struct bench_results *r)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->host, sizeof(r->host), "test host");
	r->n = 1000;
	r->reps = 1;
	for (unsigned k = 0; k < BENCH_KINDS; k++) {
		r->exit_ns[k][BENCH_RAW] = 10000;
		r->exit_ns[k][BENCH_UNCHECKED] = 10100;
		r->exit_ns[k][BENCH_CHECKED] = 10500;
	}
	r->cold_first_ms[BENCH_RAW] = 10;
	r->cold_first_ms[BENCH_CHECKED] = 12;
	r->qemu_done_ms = -1;
	r->suite_jn_s = 1.5;
	r->suite_j1_s = 2.5;
	r->suite_tests = 45;
	r->mem_rss_kb = 2000;
	r->mem_guest_kb = 200;
}

static unsigned count_misses(const struct bench_results *r)
{
	struct bench_target t[BENCH_MAX_TARGETS];
	unsigned n = bench_targets(r, t), miss = 0;

	for (unsigned i = 0; i < n; i++)
		miss += t[i].measured && !t[i].met;
	return miss;
}

static void test_targets_met(void **state)
{
	struct bench_results r;

	(void)state;
	good_results(&r);
	assert_int_equal(count_misses(&r), 0);
}

static void test_targets_catch_each_miss(void **state)
{
	struct bench_results r;

	(void)state;
	good_results(&r);
	r.exit_ns[4][BENCH_CHECKED] = 20000; /* hcall 2x the raw loop */
	assert_int_equal(count_misses(&r), 1);
	good_results(&r);
	r.cold_first_ms[BENCH_CHECKED] = 16; /* 1.6x */
	assert_int_equal(count_misses(&r), 1);
	good_results(&r);
	r.suite_jn_s = 2.5;
	assert_int_equal(count_misses(&r), 1);
	good_results(&r);
	r.suite_tests = 39;
	assert_int_equal(count_misses(&r), 1);
	good_results(&r);
	r.mem_rss_kb = 200 + 2049;
	assert_int_equal(count_misses(&r), 1);
}

static void test_unmeasured_is_not_a_miss(void **state)
{
	struct bench_results r;

	(void)state;
	good_results(&r);
	r.suite_jn_s = r.suite_j1_s = -1;
	r.exit_ns[0][BENCH_RAW] = 0;
	assert_int_equal(count_misses(&r), 0);
}

static void test_print_says_miss(void **state)
{
	struct bench_results r;
	char buf[8192];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	(void)state;
	good_results(&r);
	r.exit_ns[0][BENCH_CHECKED] = 12000;
	assert_int_equal(bench_print(&r, f), 1);
	fclose(f);
	assert_non_null(strstr(buf, "MISS exit pio_out: checked/raw"));
	assert_non_null(strstr(buf, "test host"));
}

static void test_sample_line_round_trip(void **state)
{
	struct bench_sample s;
	int fds[2];
	char line[256];
	ssize_t n;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	/* A raw run of a missing image reports a host error, still as a sample. */
	assert_int_equal(bench_child_run(BENCH_RAW, "/nonexistent.elf", "", NULL, fds[1], stderr), 0);
	n = read(fds[0], line, sizeof(line) - 1);
	assert_true(n > 0);
	line[n] = 0;
	assert_int_equal(bench_sample_parse(line, &s), 0);
	assert_int_equal(s.code, 6);
	assert_int_equal(bench_sample_parse("garbage", &s), -1);
	close(fds[0]);
	close(fds[1]);
}

static void test_json_written(void **state)
{
	struct bench_results r;
	char path[] = "/tmp/uvmm-test-bench-XXXXXX", buf[16384];
	int fd = mkstemp(path);
	FILE *f;
	size_t n;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	good_results(&r);
	assert_int_equal(bench_write_json(&r, path, NULL), 0);
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	unlink(path);
	{
		struct json_doc doc = { 0 };
		char err[256];
		int ok = json_parse(&doc, buf, n, err, sizeof(err));

		if (ok < 0)
			fprintf(stderr, "bench.json: %s\n", err);
		assert_int_equal(ok, 0); /* one JSON document, whatever was measured */
		json_doc_free(&doc);
	}
	assert_non_null(strstr(buf, "\"qemu_tcg_done\": null"));
	assert_non_null(strstr(buf, "\"status\": \"ok\""));
	assert_null(strstr(buf, "nan"));
}

/* Another benchmark's NAME.json is embedded as member NAME; anything that is
 * not one JSON object is left out rather than breaking bench.json. */
static void test_json_embeds_extras(void **state)
{
	struct bench_results r;
	char dir[] = "/tmp/uvmm-test-bench-d-XXXXXX", path[256], file[300], buf[16384];
	FILE *f;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/nested.json", dir);
	f = fopen(file, "w");
	fputs("{\"stages\": [{\"stage\": \"boot\", \"seconds\": 14.8}]}\n", f);
	fclose(f);
	snprintf(file, sizeof(file), "%s/broken.json", dir);
	f = fopen(file, "w");
	fputs("{\"cut\": [1, 2", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/bench.json", dir);
	good_results(&r);
	assert_int_equal(bench_write_json(&r, path, dir), 0);
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	assert_non_null(strstr(buf, "\"nested\": {\"stages\": [{\"stage\": \"boot\", \"seconds\": 14.8}]},"));
	assert_null(strstr(buf, "broken"));
	unlink(path);
	unlink(file);
	snprintf(file, sizeof(file), "%s/nested.json", dir);
	unlink(file);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_median),
		cmocka_unit_test(test_exit_clock_median_ignores_outliers),
		cmocka_unit_test(test_targets_met),
		cmocka_unit_test(test_targets_catch_each_miss),
		cmocka_unit_test(test_unmeasured_is_not_a_miss),
		cmocka_unit_test(test_print_says_miss),
		cmocka_unit_test(test_sample_line_round_trip),
		cmocka_unit_test(test_json_written),
		cmocka_unit_test(test_json_embeds_extras),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
