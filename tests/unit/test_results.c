/* Unit tests for reading and merging results files: the checked-in schema 1
 * sample stays readable, a newer file with unknown keys is read and its keys
 * survive a merge, every schema rule refuses what breaks it, and merging
 * shards and hosts: complete, missing shards, identical repeats, conflicts,
 * argument order, a merge of merges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suite/report_json.h"
#include "suite/results_check.h"
#include "suite/results_set.h"
#include "util/json_parse.h"

#define SAMPLE_V1 "tests/data/results-v1.json"

static char tmpdir[] = "/tmp/uvmm-results-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static const char *put_file(const char *name, const char *text)
{
	static char path[8][256];
	static unsigned next;
	char *p = path[next++ % 8];
	FILE *f;

	snprintf(p, 256, "%s/%s", tmpdir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return p;
}

static char *merged_text(struct results_set *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_int_equal(results_set_write(s, f), 0);
	fclose(f);
	return buf;
}

static void the_v1_sample_stays_readable(void **state)
{
	struct results_set s = { 0 };
	char err[512];

	(void)state;
	if (results_set_add(&s, SAMPLE_V1, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(results_set_merge(&s, err, sizeof(err)), 0);
	assert_int_equal(s.nplatforms, 1);
	assert_string_equal(s.platforms[0].id, "kvm_pvm/6.18.44-fc-v1045");
	assert_int_equal(s.platforms[0].ntests, 4);
	assert_int_equal(s.platforms[0].nruns, 1);
	assert_int_equal(s.platforms[0].complete, 1);
	/* sorted by name */
	assert_string_equal(s.platforms[0].tests[0].name, "hello");
	assert_string_equal(s.platforms[0].tests[2].name, "hypercall");
	assert_string_equal(s.platforms[0].tests[3].cls, "XFAIL");
	results_set_free(&s);
}

/* Text replacements for the sample: each makes one rule fail. */
static const struct {
	const char *from, *to, *why;
} broken[] = {
	{ "\"format\": \"uvmm-results\"", "\"format\": \"other\"", "format: 'other' is not" },
	{ "\"format\": \"uvmm-results\",", "", "format: missing" },
	{ "\"schema\": 1", "\"schema\": 0", "schema: must be a whole number >= 1" },
	{ "\"schema\": 1", "\"schema\": 1.5", "schema: must be a whole number" },
	{ "\"schema\": 1", "\"schema\": \"1\"", "schema: must be a number" },
	{ "\"id\": \"kvm_pvm/6.18.44-fc-v1045\"", "\"id\": \"\"", "platforms[0].id: must be 1 to 256" },
	{ "\"id\": \"kvm_pvm/6.18.44-fc-v1045\"", "\"id\": \"a\\nb\"", "platforms[0].id: must be 1 to 256" },
	{ "\"class\": \"PASS\"", "\"class\": \"pass\"", "platforms[0].tests[0].class: must be a class" },
	{ "\"class\": \"PASS\"", "\"class\": 1", "platforms[0].tests[0].class: must be a string" },
	{ "\"name\": \"hello\"", "\"nom\": \"hello\"", "platforms[0].tests[0].name: missing" },
	{ "\"seconds\": 0.25", "\"seconds\": -1", "platforms[0].runs[0].seconds" /* unchecked */ },
	{ "\"exits\": ", "\"exits\": -", "platforms[0].tests[0].exits: must not be negative" },
	{ "\"groups\": [\n            \"basic\"", "\"groups\": [\n            1", "groups[0]: must be a string" },
	{ "\"shard\": null", "\"shard\": {\"index\": 3, \"count\": 2}", "runs[0].shard: needs whole" },
	{ "\"complete\": true,\n      \"host\"", "\"complete\": 1,\n      \"host\"", "platforms[0].complete: must be true or false" },
	{ "\"tests\": [", "\"tests\": {}, \"x\": [", "platforms[0].tests: must be an array" },
	{ "\"result\": \"PASS\"", "\"result\": null", "subtests[0].result: must be a string" },
	{ "\"platforms\": [", "\"platforms\": [1, ", "platforms[0]: must be an object" },
};

static void refuses_what_breaks_the_schema(void **state)
{
	char *sample = slurp(SAMPLE_V1), err[512];

	(void)state;
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		char *at = strstr(sample, broken[i].from), *text;
		struct json_doc doc = { 0 };
		size_t n;
		int rc;

		if (!at)
			fail_msg("case %zu: '%s' not in the sample", i, broken[i].from);
		n = strlen(sample) + strlen(broken[i].to) + 1;
		text = malloc(n);
		snprintf(text, n, "%.*s%s%s", (int)(at - sample), sample, broken[i].to,
			 at + strlen(broken[i].from));
		if (json_parse(&doc, text, strlen(text), err, sizeof(err)) < 0)
			fail_msg("case %zu is not JSON: %s", i, err);
		rc = results_check(&doc.root, err, sizeof(err));
		if (!strcmp(broken[i].why, "platforms[0].runs[0].seconds")) {
			assert_int_equal(rc, 0); /* a run's seconds is informational */
		} else if (rc == 0 || !strstr(err, broken[i].why)) {
			fail_msg("case %zu: %s (wanted '%s')", i, rc ? err : "accepted", broken[i].why);
		}
		json_doc_free(&doc);
		free(text);
	}
	free(sample);
}

/* A newer uvmm added keys everywhere and bumped the schema: still readable,
 * and a merge keeps what it does not know. */
static void reads_newer_files_and_keeps_their_keys(void **state)
{
	char *sample = slurp(SAMPLE_V1), *text, *out, err[512];
	struct results_set s = { 0 };
	const char *path;
	size_t n = strlen(sample) * 2;

	(void)state;
	text = malloc(n);
	snprintf(text, n, "%s", sample);
	/* schema 7, a top-level key, a platform key, a test key */
	memcpy(strstr(text, "\"schema\": 1"), "\"schema\": 7", 11);
	{
		char *t = strdup(text), *at;
		at = strstr(t, "\"platforms\": [");
		snprintf(text, n, "%.*s\"future_top\": {\"x\": [1]},\n  %s", (int)(at - t), t, at);
		free(t);
		t = strdup(text);
		at = strstr(t, "\"host\": {");
		snprintf(text, n, "%.*s\"firmware\": \"OVMF </script>\", %s", (int)(at - t), t, at);
		free(t);
		t = strdup(text);
		/* hello gets new keys and a class this uvmm does not know */
		at = strstr(t, "\"class\": \"PASS\",");
		snprintf(text, n, "%.*s\"flaky\": true, \"class\": \"WARN\", \"x\": {},%s",
			 (int)(at - t), t, at + strlen("\"class\": \"PASS\","));
		free(t);
	}
	path = put_file("newer.json", text);
	if (results_set_add(&s, path, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(results_set_merge(&s, err, sizeof(err)), 0);
	assert_int_equal(s.schema, 7);
	assert_string_equal(s.platforms[0].tests[0].cls, "WARN");
	out = merged_text(&s);
	assert_non_null(strstr(out, "\"schema\": 7"));
	assert_non_null(strstr(out, "\"firmware\": \"OVMF \\u003c/script\\u003e\""));
	assert_non_null(strstr(out, "\"flaky\": true"));
	assert_non_null(strstr(out, "\"other\": 1")); /* WARN counted apart */
	assert_false(results_class_known("WARN"));
	free(out);
	results_set_free(&s);
	free(text);
	free(sample);
}

/* One results file of the given tests (all in class cls unless overridden). */
static const char *shard_file(const char *name, const char *platform, unsigned shard,
			      unsigned nshards, const char *const *tests, size_t ntests,
			      enum result_class cls, const struct suite_interruption *in)
{
	struct test_result r[16];
	struct suite_report rep = { .results = r, .n = ntests, .platform = platform,
				    .shard = shard, .nshards = nshards, .hostname = name,
				    .timestamp = "2026-01-01T00:00:00", .interrupted = in };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const char *path;

	memset(r, 0, sizeof(r));
	for (size_t i = 0; i < ntests; i++) {
		r[i].name = tests[i];
		r[i].cls = cls;
		r[i].code = -1;
	}
	assert_int_equal(json_report_write(f, &rep), 0);
	fclose(f);
	path = put_file(name, buf);
	free(buf);
	return path;
}

static int merge_files(struct results_set *s, const char *const *paths, size_t n, char *err,
		       size_t errlen)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < n; i++)
		if (results_set_add(s, paths[i], err, errlen) < 0)
			return -1;
	return results_set_merge(s, err, errlen);
}

static void merges_shards_of_one_platform(void **state)
{
	const char *a[] = { "t1", "t4" }, *b[] = { "t2" }, *c[] = { "t3", "t5" };
	const char *paths[3], *missing[2];
	struct results_set s;
	char err[512];

	(void)state;
	paths[0] = shard_file("s1.json", "p", 1, 3, a, 2, RC_PASS, NULL);
	paths[1] = shard_file("s2.json", "p", 2, 3, b, 1, RC_PASS, NULL);
	paths[2] = shard_file("s3.json", "p", 3, 3, c, 2, RC_FAIL, NULL);
	assert_int_equal(merge_files(&s, paths, 3, err, sizeof(err)), 0);
	assert_int_equal(s.nplatforms, 1);
	assert_int_equal(s.platforms[0].ntests, 5);
	assert_int_equal(s.platforms[0].nruns, 3);
	assert_int_equal(s.platforms[0].nmissing, 0);
	assert_int_equal(s.complete, 1);
	results_set_free(&s);

	missing[0] = paths[0];
	missing[1] = paths[2];
	assert_int_equal(merge_files(&s, missing, 2, err, sizeof(err)), 0);
	assert_int_equal(s.complete, 0);
	assert_int_equal(s.platforms[0].nmissing, 1);
	assert_int_equal(s.platforms[0].missing[0].index, 2);
	assert_int_equal(s.platforms[0].missing[0].count, 3);
	results_set_free(&s);
}

static void an_interrupted_shard_makes_the_platform_incomplete(void **state)
{
	const char *a[] = { "t1" }, *b[] = { "t2" }, *paths[2];
	struct suite_interruption in = { .signo = 2, .done = 1, .total = 2 };
	struct results_set s;
	char err[512];

	(void)state;
	paths[0] = shard_file("i1.json", "p", 1, 2, a, 1, RC_PASS, NULL);
	paths[1] = shard_file("i2.json", "p", 2, 2, b, 1, RC_PASS, &in);
	assert_int_equal(merge_files(&s, paths, 2, err, sizeof(err)), 0);
	assert_int_equal(s.platforms[0].complete, 0);
	assert_int_equal(s.platforms[0].nmissing, 0);
	results_set_free(&s);
}

static void identical_repeats_are_kept_once(void **state)
{
	const char *a[] = { "t1", "t2" }, *paths[2];
	struct results_set s;
	char err[512];

	(void)state;
	paths[0] = shard_file("r1.json", "p", 0, 0, a, 2, RC_SKIP, NULL);
	paths[1] = shard_file("r2.json", "p", 0, 0, a, 2, RC_SKIP, NULL);
	assert_int_equal(merge_files(&s, paths, 2, err, sizeof(err)), 0);
	assert_int_equal(s.platforms[0].ntests, 2);
	assert_int_equal(s.duplicates, 2);
	results_set_free(&s);
}

static void conflicting_results_are_an_error(void **state)
{
	const char *a[] = { "t1", "t2" }, *paths[2];
	struct results_set s;
	char err[512];

	(void)state;
	paths[0] = shard_file("c1.json", "p", 0, 0, a, 2, RC_PASS, NULL);
	paths[1] = shard_file("c2.json", "p", 0, 0, a + 1, 1, RC_FAIL, NULL);
	assert_int_equal(merge_files(&s, paths, 2, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "platform 'p': test 't2' (suite uvmm) is PASS in "));
	assert_non_null(strstr(err, "c1.json but FAIL in "));
	assert_non_null(strstr(err, "c2.json"));
	results_set_free(&s);
	/* The same results on two platforms are two columns, not a conflict. */
	paths[1] = shard_file("c3.json", "q", 0, 0, a + 1, 1, RC_FAIL, NULL);
	assert_int_equal(merge_files(&s, paths, 2, err, sizeof(err)), 0);
	assert_int_equal(s.nplatforms, 2);
	results_set_free(&s);
}

/* The merged file does not depend on the order of the inputs, and a merge of
 * merged files gives the same file again. */
static void merging_is_order_free_and_idempotent(void **state)
{
	const char *a[] = { "zeta", "alpha" }, *b[] = { "mid" }, *c[] = { "alpha", "beta" };
	const char *fwd[3], *rev[3], *again[1];
	struct results_set s;
	char *one, *two, *three, err[512];

	(void)state;
	fwd[0] = shard_file("o1.json", "p2", 1, 2, a, 2, RC_PASS, NULL);
	fwd[1] = shard_file("o2.json", "p2", 2, 2, b, 1, RC_XFAIL, NULL);
	fwd[2] = shard_file("o3.json", "p1", 0, 0, c, 2, RC_TIMEOUT, NULL);
	rev[0] = fwd[2];
	rev[1] = fwd[1];
	rev[2] = fwd[0];
	assert_int_equal(merge_files(&s, fwd, 3, err, sizeof(err)), 0);
	one = merged_text(&s);
	results_set_free(&s);
	assert_int_equal(merge_files(&s, rev, 3, err, sizeof(err)), 0);
	two = merged_text(&s);
	results_set_free(&s);
	assert_string_equal(one, two);
	assert_true(strstr(one, "\"id\": \"p1\"") < strstr(one, "\"id\": \"p2\""));
	assert_true(strstr(one, "\"name\": \"alpha\"") < strstr(one, "\"name\": \"zeta\""));
	again[0] = put_file("merged.json", one);
	assert_int_equal(merge_files(&s, again, 1, err, sizeof(err)), 0);
	three = merged_text(&s);
	results_set_free(&s);
	assert_string_equal(one, three);
	free(one);
	free(two);
	free(three);
}

static void bad_inputs_name_their_file(void **state)
{
	struct results_set s = { 0 };
	char err[512];

	(void)state;
	assert_int_equal(results_set_add(&s, put_file("bad.json", "{\"format\": "), err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "bad.json: line 1, column 12: unexpected end of input"));
	assert_int_equal(results_set_add(&s, put_file("arr.json", "[]"), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "arr.json: the results file must be a JSON object"));
	assert_int_equal(results_set_add(&s, "/nonexistent/x.json", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/x.json: No such file"));
	results_set_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_v1_sample_stays_readable),
		cmocka_unit_test(refuses_what_breaks_the_schema),
		cmocka_unit_test(reads_newer_files_and_keeps_their_keys),
		cmocka_unit_test(merges_shards_of_one_platform),
		cmocka_unit_test(an_interrupted_shard_makes_the_platform_incomplete),
		cmocka_unit_test(identical_repeats_are_kept_once),
		cmocka_unit_test(conflicting_results_are_an_error),
		cmocka_unit_test(merging_is_order_free_and_idempotent),
		cmocka_unit_test(bad_inputs_name_their_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
