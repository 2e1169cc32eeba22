/* Unit tests for the matrix page writer: HTML escaping of hostile strings
 * (markup, </script>, ]]>, NUL, controls, invalid UTF-8), a page whose
 * names and reasons try to break out of their elements, and the shape of the
 * matrix data (one code per test and platform, disagreeing rows first). The page
 * in a real browser: tests/integration/test_report.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suite/report_html.h"
#include "suite/results_set.h"

static char *escaped(const char *s, size_t len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	html_put(f, s, len);
	fclose(f);
	return buf;
}

static void escapes_markup_and_bytes(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *out;
	} cases[] = {
		{ "<b>&\"'", 6, "&lt;b&gt;&amp;&quot;&#39;" },
		{ "</script>", 9, "&lt;/script&gt;" },
		{ "]]>", 3, "]]&gt;" },
		{ "a\0b", 3, "a\\x00b" },
		{ "\x1b[1m\x7f", 5, "\\x1b[1m\\x7f" },
		{ "l1\nl2\t", 6, "l1&#10;l2&#9;" },
		{ "\xc3\xa9\xf0\x9f\x98\x80", 6, "&#xe9;&#x1f600;" },
		{ "\xff\xc3", 2, "&#xfffd;&#xfffd;" },
		{ "\xed\xa0\x80", 3, "&#xfffd;&#xfffd;&#xfffd;" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = escaped(cases[i].in, cases[i].len);
		if (strcmp(got, cases[i].out))
			fail_msg("case %zu: got %s, want %s", i, got, cases[i].out);
		free(got);
	}
}

static const char file_a[] =
	"{\"format\":\"uvmm-results\",\"schema\":1,\"platforms\":[{\"id\":\"kvm_a\",\"tests\":["
	"{\"name\":\"same\",\"class\":\"PASS\",\"groups\":[\"basic\"]},"
	"{\"name\":\"<img src=x onerror=alert(1)>\",\"class\":\"FAIL\","
	"\"reason\":\"</script><script>alert(2)</script> ]]> \\u0000 \\u001b[2J \\u00e9\","
	"\"groups\":[\"g\\\"><b>\"]},"
	"{\"name\":\"only_a\",\"class\":\"SKIP\",\"reason\":\"why\"}]}]}";
static const char file_b[] =
	"{\"format\":\"uvmm-results\",\"schema\":1,\"platforms\":[{\"id\":\"kvm_b </th><script>\","
	"\"tests\":[{\"name\":\"same\",\"class\":\"PASS\"},"
	"{\"name\":\"<img src=x onerror=alert(1)>\",\"class\":\"PASS\"},"
	"{\"name\":\"zz\",\"suite\":\"kut\",\"class\":\"NEWCLASS\"}]}]}";

static char *page(void)
{
	char dir[] = "/tmp/uvmm-html-XXXXXX", pa[64], pb[64], err[512], *buf = NULL;
	struct results_set s = { 0 };
	size_t n = 0;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(pa, sizeof(pa), "%s/a.json", dir);
	snprintf(pb, sizeof(pb), "%s/b.json", dir);
	f = fopen(pa, "w");
	fputs(file_a, f);
	fclose(f);
	f = fopen(pb, "w");
	fputs(file_b, f);
	fclose(f);
	if (results_set_add(&s, pa, err, sizeof(err)) < 0 ||
	    results_set_add(&s, pb, err, sizeof(err)) < 0 || results_set_merge(&s, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	f = open_memstream(&buf, &n);
	assert_int_equal(html_report_write(f, &s, "t <x>"), 0);
	fclose(f);
	results_set_free(&s);
	unlink(pa);
	unlink(pb);
	rmdir(dir);
	return buf;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void hostile_results_stay_text(void **state)
{
	char *html = page();

	(void)state;
	for (const char *c = html; *c; c++)
		if (*c != '\n' && (*c < 0x20 || *c >= 0x7f))
			fail_msg("byte 0x%02x in the page", (unsigned char)*c);
	/* Only uvmm's own two script elements, and no markup from the files. */
	assert_int_equal(count(html, "<script"), 2);
	assert_int_equal(count(html, "</script>"), 2);
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<b>"));
	assert_null(strstr(html, "]]>"));
	/* markup: escaped; the data block: JSON with '<' as \u003c */
	assert_non_null(strstr(html, "{\"id\":\"kvm_b \\u003c/th\\u003e\\u003cscript\\u003e\""));
	assert_non_null(strstr(html, "\"n\":\"\\u003cimg src=x onerror=alert(1)\\u003e\""));
	assert_non_null(strstr(html, "<title>t &lt;x&gt;</title>"));
	assert_non_null(strstr(html, "\\u003c/script\\u003e\\u003cscript\\u003ealert(2)"));
	assert_non_null(strstr(html, "<option value=\"0\">g&quot;&gt;&lt;b&gt;</option>"));
	assert_non_null(strstr(html, "Content-Security-Policy\" content=\"default-src 'none'"));
	assert_null(strstr(html, "http://"));
	assert_null(strstr(html, "https://"));
	free(html);
}

/* The data block: rows in order (disagreeing first), one class code per
 * platform, reasons by number, unknown classes by name. */
static void one_code_per_test_and_platform(void **state)
{
	char *html = page(), *rows;

	(void)state;
	rows = strstr(html, "\"rows\":[");
	assert_non_null(rows);
	assert_int_equal(count(html, "{\"id\":\"kvm_"), 2);
	/* 4 tests (<img>, same, only_a, kut:zz) x 2 platforms, the disagreeing one first */
	assert_true(strstr(rows, "{\"n\":\"\\u003cimg") < strstr(rows, "{\"n\":\"only_a\""));
	assert_non_null(strstr(rows, "\"d\":1,\"c\":\"FP\",\"r\":{\"0\":0}"));
	assert_non_null(strstr(rows, "{\"n\":\"only_a\",\"g\":[],\"d\":0,\"c\":\"S.\""));
	assert_non_null(strstr(rows, "{\"n\":\"same\",\"g\":[1],\"d\":0,\"c\":\"PP\""));
	assert_non_null(strstr(rows, "{\"n\":\"zz\",\"s\":\"kut\",\"g\":[],\"d\":0,\"c\":\".O\","
			       "\"r\":{},\"k\":{\"1\":\"NEWCLASS\"}"));
	assert_int_equal(count(rows, "{\"n\":"), 4);
	assert_non_null(strstr(html, "\"reasons\":[\"\\u003c/script\\u003e"));
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_markup_and_bytes),
		cmocka_unit_test(hostile_results_stay_text),
		cmocka_unit_test(one_code_per_test_and_platform),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
