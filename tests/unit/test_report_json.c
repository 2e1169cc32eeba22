/* Unit tests for the results file writer: it parses back (strictly), passes
 * the schema check, keeps every field, escapes hostile guest strings (quotes,
 * </script>, ]]>, NUL-less fixed arrays, controls, invalid UTF-8), and marks
 * an interrupted run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_fixture.h"
#include "suite/report_json.h"
#include "suite/results_check.h"
#include "util/json_parse.h"

static char *render(const struct suite_report *r)
{
	return fixture_render(json_report_write, r);
}

static const struct json_value *parse_checked(struct json_doc *doc, const char *text)
{
	char err[512];

	if (json_parse(doc, text, strlen(text), err, sizeof(err)) < 0)
		fail_msg("not JSON: %s", err);
	if (results_check(&doc->root, err, sizeof(err)) < 0)
		fail_msg("schema: %s", err);
	return json_get(&doc->root, "platforms")->u.items;
}

static const struct json_value *test_named(const struct json_value *platform, const char *name)
{
	const struct json_value *tests = json_get(platform, "tests");

	for (size_t i = 0; i < tests->len; i++)
		if (!strcmp(json_get_str(&tests->u.items[i], "name"), name))
			return &tests->u.items[i];
	fail_msg("no test %s", name);
	return NULL;
}

static void writes_every_field(void **state)
{
	struct suite_report r = fixture_report;
	struct json_doc doc = { 0 };
	const struct json_value *p, *t, *subs, *env;
	char *text;
	double d;

	(void)state;
	r.platform = "ci&host/kvm";
	r.jobs = 3;
	r.shard = 2;
	r.nshards = 4;
	text = render(&r);
	p = parse_checked(&doc, text);
	assert_string_equal(json_get_str(&doc.root, "format"), "uvmm-results");
	assert_int_equal(json_get_num(&doc.root, "schema", &d), 0);
	assert_true(d == RESULTS_SCHEMA);
	assert_int_equal(json_get(&doc.root, "complete")->u.boolean, 0); /* one shard of 4 */
	assert_string_equal(json_get_str(p, "id"), "ci&host/kvm");
	env = json_get(p, "env");
	assert_int_equal(env->len, 2);
	assert_string_equal(json_get_str(&env->u.items[1], "value"), "kvm_pvm (--impl)");
	t = json_get(json_get(p, "runs"), "x"); /* runs is an array */
	assert_null(t);
	t = json_get(p, "runs")->u.items;
	assert_string_equal(json_get_str(t, "hostname"), "ci&host");
	assert_int_equal(json_get_num(json_get(t, "shard"), "index", &d), 0);
	assert_true(d == 2);
	assert_int_equal(json_get(t, "complete")->u.boolean, 1);
	assert_int_equal(json_get(t, "interrupted")->type, JSON_NULL);
	assert_non_null(json_get_str(json_get(t, "uvmm"), "git"));
	assert_int_equal(json_get(p, "tests")->len, 7);

	t = test_named(p, "hello");
	assert_string_equal(json_get_str(t, "class"), "PASS");
	assert_int_equal(json_get_num(t, "seconds", &d), 0);
	assert_true(d == 0.0125);
	assert_int_equal(json_get_num(t, "exits", &d), 0);
	assert_true(d == 15);
	assert_string_equal(json_get_str(t, "code"), "PASS");
	assert_string_equal(json_get_str(t, "log"), "logs/hello.log");
	assert_string_equal(json_str(json_get(t, "groups")->u.items), "basic");
	subs = json_get(t, "subtests");
	assert_int_equal(subs->len, 2);
	assert_string_equal(json_get_str(&subs->u.items[1], "name"), "x2apic");
	assert_string_equal(json_get_str(&subs->u.items[1], "result"), "SKIP");
	assert_string_equal(json_get_str(&subs->u.items[1], "reason"), "no x2APIC");

	t = test_named(p, "vfio");
	assert_int_equal(json_get(t, "code")->type, JSON_NULL);
	assert_int_equal(json_get(t, "groups")->len, 0);
	t = test_named(p, "hang");
	assert_string_equal(json_get_str(t, "last_exit"), "#3 at rip 0x1000: hlt");
	assert_int_equal(json_get_num(json_get(p, "summary"), "TIMEOUT", &d), 0);
	assert_true(d == 1);
	json_doc_free(&doc);
	free(text);
}

static const struct deviation fixture_dev = {
	.test = "hlt", .impl = "kvm_pvm", .reason = "HLT \"differs\" </script>", .line = 7,
	.hangs = 1, .limit = 0.25,
};

static void names_the_deviation_used(void **state)
{
	struct test_result t = fixture_results[3];
	struct suite_report r = { .results = &t, .n = 1 };
	struct json_doc doc = { 0 };
	const struct json_value *dev;
	char *text;
	double d;

	(void)state;
	t.deviation = &fixture_dev;
	text = render(&r);
	dev = json_get(json_get(parse_checked(&doc, text), "tests")->u.items, "deviation");
	assert_string_equal(json_get_str(dev, "implementation"), "kvm_pvm");
	assert_string_equal(json_get_str(dev, "reason"), "HLT \"differs\" </script>");
	assert_int_equal(json_get(dev, "hangs")->u.boolean, 1);
	assert_int_equal(json_get_num(dev, "limit", &d), 0);
	assert_true(d == 0.25);
	assert_int_equal(json_get_num(dev, "line", &d), 0);
	assert_true(d == 7);
	assert_null(strstr(text, "</script>"));
	json_doc_free(&doc);
	free(text);
}

/* Guest-chosen report names and reasons, with no NUL inside their arrays. */
static void hostile_guest_strings_stay_data(void **state)
{
	struct session_report reps[2];
	struct test_result t = { .name = "t", .cls = RC_FAIL, .code = 1, .reports = reps,
				 .nreports = 2 };
	struct suite_report r = { .results = &t, .n = 1 };
	struct json_doc doc = { 0 };
	const struct json_value *subs, *test;
	static const char nasty[] = "\"},{\"class\":\"PASS\" </script><!-- ]]> \x1b[2J \xff\xfe "
				    "\xc3\xa9 \\u0000 \r\n";
	char *text;

	(void)state;
	memset(reps, 'A', sizeof(reps)); /* name and reason fill their arrays: no NUL */
	reps[0].result = UVMM_RESULT_FAIL;
	reps[1].result = UVMM_RESULT_PASS;
	memcpy(reps[1].name, nasty, sizeof(nasty));
	memcpy(reps[1].reason, nasty, sizeof(nasty));
	snprintf(t.message, sizeof(t.message), "GUEST_FAIL: %s", nasty);
	text = render(&r);
	for (const char *c = text; *c; c++)
		if (*c != '\n' && (*c < 0x20 || *c >= 0x7f))
			fail_msg("byte 0x%02x in the output", (unsigned char)*c);
	assert_null(strstr(text, "</script>"));
	assert_null(strstr(text, "]]>"));
	assert_null(strstr(text, "<!--"));
	test = json_get(parse_checked(&doc, text), "tests")->u.items;
	subs = json_get(test, "subtests");
	assert_int_equal(subs->len, 2);
	assert_int_equal(json_get(&subs->u.items[0], "name")->len, sizeof(reps[0].name));
	assert_int_equal(json_get(&subs->u.items[0], "reason")->len, sizeof(reps[0].reason));
	/* Valid text survives exactly; invalid bytes are U+FFFD. */
	assert_string_equal(json_get_str(&subs->u.items[1], "name"),
			    "\"},{\"class\":\"PASS\" </script><!-- ]]> \x1b[2J \xef\xbf\xbd\xef\xbf\xbd "
			    "\xc3\xa9 \\u0000 \r\n");
	assert_string_equal(json_get_str(test, "class"), "FAIL");
	json_doc_free(&doc);
	free(text);
}

static void marks_an_interrupted_run(void **state)
{
	const char *running[] = { "hang", "crash" };
	struct suite_interruption in = { .signo = 15, .after = "bad", .done = 2, .total = 7,
					 .running = running, .nrunning = 2 };
	struct suite_report r = fixture_report;
	struct json_doc doc = { 0 };
	const struct json_value *run, *i;
	char *text;
	double d;

	(void)state;
	r.n = 2;
	r.interrupted = &in;
	text = render(&r);
	run = json_get(parse_checked(&doc, text), "runs")->u.items;
	assert_int_equal(json_get(&doc.root, "complete")->u.boolean, 0);
	assert_int_equal(json_get(json_get(&doc.root, "platforms")->u.items, "complete")->u.boolean, 0);
	assert_int_equal(json_get(run, "complete")->u.boolean, 0);
	assert_int_equal(json_get_num(run, "selected", &d), 0);
	assert_true(d == 7);
	i = json_get(run, "interrupted");
	assert_string_equal(json_get_str(i, "signal"), "SIGTERM");
	assert_string_equal(json_get_str(i, "after"), "bad");
	assert_int_equal(json_get(i, "running")->len, 2);
	assert_string_equal(json_get_str(i, "message"),
			    "interrupted by SIGTERM after test 'bad' (2 of 7 tests done; stopped "
			    "while running: hang, crash)");
	json_doc_free(&doc);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writes_every_field),
		cmocka_unit_test(names_the_deviation_used),
		cmocka_unit_test(hostile_guest_strings_stay_data),
		cmocka_unit_test(marks_an_interrupted_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
