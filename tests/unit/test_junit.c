/* Unit tests for the JUnit writer: the exact document for a fixed result set,
 * escaping of everything XML 1.0 cannot carry, and well-formedness checked by
 * a small XML checker (itself tested against malformed documents). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suite/report_junit.h"
#include "report_fixture.h"

static const char expected[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<testsuites name=\"uvmm\" tests=\"7\" failures=\"3\" errors=\"1\" skipped=\"2\" time=\"5.600\">\n"
	"  <testsuite name=\"uvmm\" tests=\"7\" failures=\"3\" errors=\"1\" skipped=\"2\" time=\"5.600\" timestamp=\"2024-05-01T12:00:00\" hostname=\"ci&amp;host\">\n"
	"    <properties>\n"
	"      <property name=\"kernel\" value=\"6.1.0\"/>\n"
	"      <property name=\"kvm_implementation\" value=\"kvm_pvm (--impl)\"/>\n"
	"    </properties>\n"
	"    <testcase classname=\"uvmm.basic\" name=\"hello\" time=\"0.013\">\n"
	"      <system-out>Hello, world!\n"
	"</system-out>\n"
	"    </testcase>\n"
	"    <testcase classname=\"uvmm.basic\" name=\"bad\" time=\"0.020\">\n"
	"      <failure message=\"GUEST_FAIL: value #2: got &quot;1&quot;&#10;want 2\" type=\"FAIL\">GUEST_FAIL: value #2: got \"1\"\n"
	"want 2\n"
	"FAIL value #2: got \"1\"\n"
	"want 2\n"
	"log: logs/bad.log\n"
	"</failure>\n"
	"      <system-out>esc \\x1b[31m &amp; &lt;tag&gt; \357\277\275\303\251\n"
	"</system-out>\n"
	"    </testcase>\n"
	"    <testcase classname=\"uvmm\" name=\"vfio\" time=\"0.000\">\n"
	"      <skipped message=\"requires /dev/vfio/vfio, which does not exist\"/>\n"
	"    </testcase>\n"
	"    <testcase classname=\"uvmm.basic\" name=\"hlt\" time=\"0.001\">\n"
	"      <skipped message=\"known deviation: HLT differs (MISMATCH)\"/>\n"
	"    </testcase>\n"
	"    <testcase classname=\"uvmm.basic\" name=\"hang\" time=\"5.500\">\n"
	"      <failure message=\"no verdict within the time limit; last exit: #3 at rip 0x1000: hlt\" type=\"TIMEOUT\">no verdict within the time limit; last exit: #3 at rip 0x1000: hlt\n"
	"log: logs/hang.log\n"
	"</failure>\n"
	"    </testcase>\n"
	"    <testcase classname=\"uvmm.basic\" name=\"crash\" time=\"0.001\">\n"
	"      <error message=\"the test process was killed by signal 11 (Segmentation fault)\" type=\"ERROR\">the test process was killed by signal 11 (Segmentation fault)\n"
	"log: logs/crash.log\n"
	"</error>\n"
	"    </testcase>\n"
	"    <testcase classname=\"uvmm.basic\" name=\"fixed\" time=\"0.003\">\n"
	"      <failure message=\"passed, but listed as a known deviation: gone\" type=\"XPASS\">passed, but listed as a known deviation: gone\n"
	"log: logs/fixed.log\n"
	"</failure>\n"
	"    </testcase>\n"
	"  </testsuite>\n"
	"</testsuites>\n";

/* ---- a minimal XML 1.0 well-formedness checker (elements, attributes,
 * references, character data, the XML declaration; no DTDs) ---- */

struct xml {
	const unsigned char *p, *end;
	int depth;
};

/* Decodes one UTF-8 character that XML 1.0 allows; returns its length or 0. */
static size_t xml_char(const unsigned char *p, const unsigned char *end)
{
	uint32_t cp;
	size_t n;

	if (p[0] < 0x80) {
		cp = p[0];
		n = 1;
	} else if ((p[0] & 0xe0) == 0xc0 && end - p >= 2 && (p[1] & 0xc0) == 0x80) {
		cp = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		n = cp < 0x80 ? 0 : 2;
	} else if ((p[0] & 0xf0) == 0xe0 && end - p >= 3 && (p[1] & 0xc0) == 0x80 &&
		   (p[2] & 0xc0) == 0x80) {
		cp = (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		n = cp < 0x800 ? 0 : 3;
	} else if ((p[0] & 0xf8) == 0xf0 && end - p >= 4 && (p[1] & 0xc0) == 0x80 &&
		   (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80) {
		cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12 |
		     (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
		n = cp < 0x10000 ? 0 : 4;
	} else {
		return 0;
	}
	if (cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
	    (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff))
		return n;
	return 0;
}

static void xml_space(struct xml *x)
{
	while (x->p < x->end && strchr(" \t\r\n", *x->p) && *x->p)
		x->p++;
}

static int xml_name(struct xml *x, const unsigned char **start, size_t *len)
{
	*start = x->p;
	if (x->p >= x->end || !(isalpha(*x->p) || *x->p == '_' || *x->p == ':'))
		return -1;
	while (x->p < x->end && (isalnum(*x->p) || strchr("_:.-", *x->p)) && *x->p)
		x->p++;
	*len = (size_t)(x->p - *start);
	return 0;
}

static int xml_reference(struct xml *x)
{
	static const char *const named[] = { "amp;", "lt;", "gt;", "quot;", "apos;" };

	x->p++; /* '&' */
	for (size_t i = 0; i < 5; i++)
		if ((size_t)(x->end - x->p) >= strlen(named[i]) &&
		    !memcmp(x->p, named[i], strlen(named[i]))) {
			x->p += strlen(named[i]);
			return 0;
		}
	if (x->p < x->end && *x->p == '#') {
		const unsigned char *d = ++x->p;
		int hex = x->p < x->end && *x->p == 'x';
		unsigned long cp;
		char *e;
		if (hex)
			d = ++x->p;
		cp = strtoul((const char *)d, &e, hex ? 16 : 10);
		if ((const unsigned char *)e == d || *e != ';')
			return -1;
		x->p = (const unsigned char *)e + 1;
		return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
		       (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff) ? 0 : -1;
	}
	return -1;
}

/* Character data up to '<' (text) or the closing quote (attribute). */
static int xml_chars(struct xml *x, int quote)
{
	while (x->p < x->end && *x->p != (quote ? quote : '<')) {
		size_t n;
		if (*x->p == '&') {
			if (xml_reference(x) < 0)
				return -1;
			continue;
		}
		if (quote && *x->p == '<')
			return -1;
		if (!quote && x->end - x->p >= 3 && !memcmp(x->p, "]]>", 3))
			return -1;
		if (!(n = xml_char(x->p, x->end)))
			return -1;
		x->p += n;
	}
	return 0;
}

static int xml_element(struct xml *x);

static int xml_attributes(struct xml *x)
{
	const unsigned char *names[32];
	size_t lens[32], n = 0;

	for (;;) {
		const unsigned char *before = x->p;
		int q;
		xml_space(x);
		if (x->p >= x->end)
			return -1;
		if (*x->p == '>' || *x->p == '/')
			return 0;
		if (x->p == before || n == 32 || xml_name(x, &names[n], &lens[n]) < 0)
			return -1;
		for (size_t i = 0; i < n; i++)
			if (lens[i] == lens[n] && !memcmp(names[i], names[n], lens[n]))
				return -1; /* duplicate attribute */
		n++;
		xml_space(x);
		if (x->p >= x->end || *x->p++ != '=')
			return -1;
		xml_space(x);
		if (x->p >= x->end || (*x->p != '"' && *x->p != '\''))
			return -1;
		q = *x->p++;
		if (xml_chars(x, q) < 0 || x->p >= x->end)
			return -1;
		x->p++;
	}
}

static int xml_content(struct xml *x, const unsigned char *name, size_t len)
{
	for (;;) {
		if (xml_chars(x, 0) < 0 || x->p >= x->end)
			return -1;
		if (x->end - x->p >= 2 && x->p[1] == '/') {
			const unsigned char *close;
			size_t clen;
			x->p += 2;
			if (xml_name(x, &close, &clen) < 0 || clen != len || memcmp(close, name, len))
				return -1;
			xml_space(x);
			return x->p < x->end && *x->p++ == '>' ? 0 : -1;
		}
		if (xml_element(x) < 0)
			return -1;
	}
}

static int xml_element(struct xml *x)
{
	const unsigned char *name;
	size_t len;

	if (x->p >= x->end || *x->p++ != '<' || ++x->depth > 64)
		return -1;
	if (xml_name(x, &name, &len) < 0 || xml_attributes(x) < 0)
		return -1;
	if (*x->p == '/') {
		x->p++;
		x->depth--;
		return x->p < x->end && *x->p++ == '>' ? 0 : -1;
	}
	x->p++; /* '>' */
	if (xml_content(x, name, len) < 0)
		return -1;
	x->depth--;
	return 0;
}

static int xml_well_formed(const char *doc, size_t len)
{
	static const char decl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
	struct xml x = { (const unsigned char *)doc, (const unsigned char *)doc + len, 0 };

	if (len >= sizeof(decl) - 1 && !memcmp(doc, decl, sizeof(decl) - 1))
		x.p += sizeof(decl) - 1;
	xml_space(&x);
	if (xml_element(&x) < 0)
		return 0;
	xml_space(&x);
	return x.p == x.end;
}

/* ---- tests ---- */

static char *render(const struct suite_report *r, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	assert_non_null(f);
	assert_int_equal(junit_write(f, r), 0);
	fclose(f);
	return buf;
}

static char *escaped(const char *s, size_t len, int attribute)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	junit_escape(f, s, len, attribute);
	fclose(f);
	return buf;
}

static void checker_accepts_and_rejects(void **state)
{
	static const char *const good[] = {
		"<a/>",
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"1\" y='&amp;&#10;'>t&lt;<b/>\xc3\xa9</a>\n",
	};
	static const char *const bad[] = {
		"<a>",                     /* unclosed */
		"<a></b>",                 /* mismatched */
		"<a x=\"1\" x=\"2\"/>",    /* duplicate attribute */
		"<a x=1/>",                /* unquoted */
		"<a>&</a>",                /* bare ampersand */
		"<a>&nbsp;</a>",           /* undeclared entity */
		"<a>&#1;</a>",             /* reference to a control character */
		"<a>\x01</a>",             /* control character */
		"<a>\xff</a>",             /* invalid UTF-8 */
		"<a>\xed\xa0\x80</a>",     /* surrogate */
		"<a>\xc0\xaf</a>",         /* overlong */
		"<a x=\"<\"/>",            /* '<' in an attribute */
		"<a>]]></a>",
		"<a/><b/>",                /* two roots */
		"text<a/>",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!xml_well_formed(good[i], strlen(good[i])))
			fail_msg("good case %zu rejected", i);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (xml_well_formed(bad[i], strlen(bad[i])))
			fail_msg("bad case %zu accepted: %s", i, bad[i]);
}

static void writes_the_exact_document(void **state)
{
	size_t len;
	char *doc = render(&fixture_report, &len);

	(void)state;
	assert_true(xml_well_formed(doc, len));
	if (strcmp(doc, expected)) {
		size_t i = 0;
		while (doc[i] == expected[i])
			i++;
		fail_msg("differs at byte %zu:\n got: %.60s\nwant: %.60s", i, doc + i, expected + i);
	}
	free(doc);
}

static void escapes_what_xml_cannot_carry(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		int attribute;
		const char *out;
	} cases[] = {
		{ "a&b<c>d\"e'f", 11, 0, "a&amp;b&lt;c&gt;d\"e'f" },
		{ "a&b<c>d\"e'f", 11, 1, "a&amp;b&lt;c&gt;d&quot;e&apos;f" },
		{ "l1\nl2\tx\ry", 9, 0, "l1\nl2\tx&#13;y" },
		{ "l1\nl2\tx\ry", 9, 1, "l1&#10;l2&#9;x&#13;y" },
		{ "\x00\x01\x1b\x7f", 4, 0, "\\x00\\x01\\x1b\\x7f" },
		{ "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9, 0, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80" },
		{ "\xff", 1, 0, "\xef\xbf\xbd" },
		{ "\xc0\xaf", 2, 0, "\xef\xbf\xbd\xef\xbf\xbd" },          /* overlong '/' */
		{ "\xed\xa0\x80", 3, 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* surrogate */
		{ "\xef\xbf\xbe", 3, 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* U+FFFE */
		{ "\xf4\x90\x80\x80", 4, 0,
		  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },       /* above U+10FFFF */
		{ "\xe2\x82", 2, 0, "\xef\xbf\xbd\xef\xbf\xbd" },              /* truncated */
		{ "]]>", 3, 0, "]]&gt;" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = escaped(cases[i].in, cases[i].len, cases[i].attribute);
		if (strcmp(s, cases[i].out))
			fail_msg("case %zu: got '%s', want '%s'", i, s, cases[i].out);
		free(s);
	}
}

/* Every byte value, in text and in attributes, yields a well-formed document. */
static void any_bytes_stay_well_formed(void **state)
{
	char raw[512], *doc;
	struct test_result t = { .name = "t", .cls = RC_FAIL, .code = 1, .log_text = raw };
	struct suite_report r = { .results = &t, .n = 1, .timestamp = "x", .hostname = "h" };
	size_t len;

	(void)state;
	for (int i = 0; i < 511; i++)
		raw[i] = (char)(i % 255 + 1);
	raw[511] = 0;
	memcpy(t.message, raw + 200, 300);
	t.message[300] = 0;
	doc = render(&r, &len);
	assert_true(xml_well_formed(doc, len));
	free(doc);
}

/* An interrupted run: one more test case, in error, naming the signal and
 * the last test that finished; the document stays well-formed. */
static void an_interrupted_run_ends_with_an_error(void **state)
{
	const char *running[] = { "hang" };
	struct suite_interruption in = { .signo = 1, .after = "bad", .done = 2, .total = 7,
					 .running = running, .nrunning = 1 };
	struct suite_report r = fixture_report;
	size_t len;
	char *doc;

	(void)state;
	r.n = 2;
	r.interrupted = &in;
	doc = render(&r, &len);
	assert_true(xml_well_formed(doc, len));
	assert_non_null(strstr(doc, "<testsuite name=\"uvmm\" tests=\"3\" failures=\"1\" errors=\"1\""));
	assert_non_null(strstr(doc, "<testcase classname=\"uvmm\" name=\"interrupted\" time=\"0.000\">\n"
			       "      <error message=\"interrupted by SIGHUP after test &apos;bad&apos; "
			       "(2 of 7 tests done; stopped while running: hang)\" type=\"INTERRUPTED\">"));
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_interrupted_run_ends_with_an_error),
		cmocka_unit_test(checker_accepts_and_rejects),
		cmocka_unit_test(writes_the_exact_document),
		cmocka_unit_test(escapes_what_xml_cannot_carry),
		cmocka_unit_test(any_bytes_stay_well_formed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
