/* Unit tests for the JSON writer and the strict parser: exact escapes for
 * hostile strings (quotes, </script>, ]]>, NUL, controls, invalid UTF-8),
 * every refusal of the parser, round trips, and writer misuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/json_parse.h"
#include "util/json_write.h"

static char *escaped(const char *s, size_t len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	json_put_string(f, s, len);
	fclose(f);
	return buf;
}

static void assert_escape(const char *in, size_t len, const char *want)
{
	char *got = escaped(in, len);

	if (strcmp(got, want))
		fail_msg("escape: got %s, want %s", got, want);
	free(got);
}

static void escapes_every_hostile_byte(void **state)
{
	(void)state;
	assert_escape("plain", 5, "\"plain\"");
	assert_escape("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
	assert_escape("</script>", 9, "\"\\u003c/script\\u003e\"");
	assert_escape("]]>", 3, "\"]]\\u003e\"");
	assert_escape("a&b'c", 5, "\"a\\u0026b\\u0027c\"");
	assert_escape("x\0y", 3, "\"x\\u0000y\"");
	assert_escape("\n\t\r\x01\x1b\x7f", 6, "\"\\n\\t\\r\\u0001\\u001b\\u007f\"");
	assert_escape("\xc3\xa9", 2, "\"\\u00e9\"");                 /* é */
	assert_escape("\xe2\x80\xa8", 3, "\"\\u2028\"");             /* line separator */
	assert_escape("\xf0\x9f\x98\x80", 4, "\"\\ud83d\\ude00\"");  /* U+1F600 */
	assert_escape("\xff", 1, "\"\\ufffd\"");
	assert_escape("\xc3", 1, "\"\\ufffd\"");                     /* truncated */
	assert_escape("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");          /* overlong '/' */
	assert_escape("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\""); /* encoded surrogate */
	assert_escape("\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* > U+10FFFF */
}

/* Whatever bytes go in, the output is printable ASCII and parses back. */
static void any_bytes_give_valid_json(void **state)
{
	char in[256], err[128];
	struct json_doc doc = { 0 };
	char *out;

	(void)state;
	for (int i = 0; i < 256; i++)
		in[i] = (char)(255 - i);
	out = escaped(in, sizeof(in));
	for (const char *p = out; *p; p++)
		assert_true(*p >= 0x20 && *p < 0x7f);
	assert_int_equal(json_parse(&doc, out, strlen(out), err, sizeof(err)), 0);
	assert_int_equal(doc.root.type, JSON_STRING);
	json_doc_free(&doc);
	free(out);
}

static char *render(void (*build)(struct json_writer *w), int pretty, int *rc)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	struct json_writer w;

	jw_init(&w, f, pretty);
	build(&w);
	*rc = jw_finish(&w);
	fclose(f);
	return buf;
}

static void build_doc(struct json_writer *w)
{
	jw_object_begin(w);
	jw_kv_string(w, "name", "t\"1");
	jw_kv_int(w, "n", -3);
	jw_kv_uint(w, "big", 18446744073709551615ull);
	jw_kv_double(w, "s", 0.1);
	jw_kv_double(w, "nan", NAN);
	jw_kv_bool(w, "ok", 1);
	jw_key(w, "none");
	jw_null(w);
	jw_key(w, "list");
	jw_array_begin(w);
	jw_int(w, 1);
	jw_object_begin(w);
	jw_object_end(w);
	jw_array_begin(w);
	jw_array_end(w);
	jw_string(w, NULL);
	jw_array_end(w);
	jw_object_end(w);
}

static void writes_commas_and_indentation(void **state)
{
	int rc;
	char *compact = render(build_doc, 0, &rc), *pretty;

	(void)state;
	assert_int_equal(rc, 0);
	assert_string_equal(compact, "{\"name\":\"t\\\"1\",\"n\":-3,\"big\":18446744073709551615,"
			    "\"s\":0.1,\"nan\":null,\"ok\":true,\"none\":null,"
			    "\"list\":[1,{},[],null]}\n");
	pretty = render(build_doc, 1, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(pretty, "{\n  \"name\": \"t\\\"1\",\n  \"n\": -3,\n"
			    "  \"big\": 18446744073709551615,\n  \"s\": 0.1,\n  \"nan\": null,\n"
			    "  \"ok\": true,\n  \"none\": null,\n  \"list\": [\n    1,\n    {},\n"
			    "    [],\n    null\n  ]\n}\n");
	free(compact);
	free(pretty);
}

static void misuse_value_without_key(struct json_writer *w)
{
	jw_object_begin(w);
	jw_int(w, 1);
	jw_object_end(w);
}

static void misuse_key_in_array(struct json_writer *w)
{
	jw_array_begin(w);
	jw_key(w, "k");
	jw_int(w, 1);
	jw_array_end(w);
}

static void misuse_unclosed(struct json_writer *w)
{
	jw_array_begin(w);
}

static void misuse_two_roots(struct json_writer *w)
{
	jw_int(w, 1);
	jw_int(w, 2);
}

static void misuse_dangling_key(struct json_writer *w)
{
	jw_object_begin(w);
	jw_key(w, "k");
	jw_object_end(w);
}

static void misuse_wrong_close(struct json_writer *w)
{
	jw_object_begin(w);
	jw_array_end(w);
}

static void misuse_too_deep(struct json_writer *w)
{
	for (int i = 0; i < JSON_WRITE_MAX_DEPTH + 1; i++)
		jw_array_begin(w);
	for (int i = 0; i < JSON_WRITE_MAX_DEPTH + 1; i++)
		jw_array_end(w);
}

static void misuse_nothing(struct json_writer *w)
{
	(void)w;
}

static void writer_misuse_is_an_error(void **state)
{
	void (*cases[])(struct json_writer *) = {
		misuse_value_without_key, misuse_key_in_array, misuse_unclosed, misuse_two_roots,
		misuse_dangling_key,      misuse_wrong_close,  misuse_too_deep,  misuse_nothing,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;
		free(render(cases[i], 0, &rc));
		if (rc != -1)
			fail_msg("misuse case %zu was accepted", i);
	}
}

static void doubles_read_back_exactly(void **state)
{
	const double v[] = { 0, 1, -1.5, 0.1, 1.0 / 3, 1e-300, 123456789.123456789, 5e300 };
	char buf[64], err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		FILE *f = fmemopen(buf, sizeof(buf), "w");
		struct json_writer w;
		struct json_doc doc = { 0 };

		jw_init(&w, f, 0);
		jw_double(&w, v[i]);
		assert_int_equal(jw_finish(&w), 0);
		fclose(f);
		assert_int_equal(json_parse(&doc, buf, strlen(buf), err, sizeof(err)), 0);
		assert_true(doc.root.u.num.value == v[i]);
		json_doc_free(&doc);
	}
}

static const struct {
	const char *text;
	size_t len; /* 0: strlen */
	const char *why;
} refused[] = {
	{ "", 0, "unexpected end of input" },
	{ "   ", 0, "unexpected end of input" },
	{ "{", 0, "expected a string key" },
	{ "[1,]", 0, "trailing comma in array" },
	{ "{\"a\":1,}", 0, "trailing comma in object" },
	{ "{\"a\" 1}", 0, "expected ':'" },
	{ "{\"a\":1 \"b\":2}", 0, "expected ',' or '}'" },
	{ "[1 2]", 0, "expected ',' or ']'" },
	{ "{a:1}", 0, "expected a string key" },
	{ "{\"a\":1,\"a\":2}", 0, "duplicate key" },
	{ "[01]", 0, "leading zero" },
	{ "[-]", 0, "a digit must follow" },
	{ "[+1]", 0, "expected a value" },
	{ "[.5]", 0, "expected a value" },
	{ "[1.]", 0, "a digit must follow '.'" },
	{ "[1e]", 0, "a digit must follow the exponent" },
	{ "[1e999]", 0, "out of range" },
	{ "[NaN]", 0, "expected a value" },
	{ "[Infinity]", 0, "expected a value" },
	{ "[tru]", 0, "invalid literal" },
	{ "[nul]", 0, "invalid literal" },
	{ "'a'", 0, "expected a value" },
	{ "\"abc", 0, "unterminated string" },
	{ "\"a\tb\"", 0, "control character" },
	{ "\"a\nb\"", 0, "control character" },
	{ "\"\\x41\"", 0, "invalid escape" },
	{ "\"\\u12\"", 0, "four hex digits" },
	{ "\"\\ud800\"", 0, "high surrogate without" },
	{ "\"\\ud800\\u0041\"", 0, "high surrogate without" },
	{ "\"\\udc00\"", 0, "lone low surrogate" },
	{ "\"\xff\"", 0, "invalid UTF-8" },
	{ "\"\xc0\xaf\"", 0, "invalid UTF-8" },
	{ "\"\xed\xa0\x80\"", 0, "invalid UTF-8" },
	{ "\"\xe2\x82\"", 0, "invalid UTF-8" },
	{ "\"a\0b\"", 5, "control character" },
	{ "1 2", 0, "unexpected data after" },
	{ "{} x", 0, "unexpected data after" },
	{ "\xef\xbb\xbf{}", 0, "byte-order mark" },
	{ "[1]\0", 4, "unexpected data after" },
};

static void refuses_what_is_not_json(void **state)
{
	char err[160];

	(void)state;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		struct json_doc doc = { 0 };
		size_t len = refused[i].len ? refused[i].len : strlen(refused[i].text);
		int rc = json_parse(&doc, refused[i].text, len, err, sizeof(err));

		json_doc_free(&doc);
		if (rc != -1)
			fail_msg("accepted %s", refused[i].text);
		if (!strstr(err, refused[i].why))
			fail_msg("%s: reason '%s' lacks '%s'", refused[i].text, err, refused[i].why);
		assert_non_null(strstr(err, "line "));
	}
}

static void refuses_deep_nesting(void **state)
{
	char text[2 * (JSON_PARSE_MAX_DEPTH + 1) + 1], err[128];
	struct json_doc doc = { 0 };
	int d = JSON_PARSE_MAX_DEPTH;

	(void)state;
	memset(text, '[', (size_t)d);
	memset(text + d, ']', (size_t)d);
	text[2 * d] = 0;
	assert_int_equal(json_parse(&doc, text, strlen(text), err, sizeof(err)), 0);
	json_doc_free(&doc);
	d++;
	memset(text, '[', (size_t)d);
	memset(text + d, ']', (size_t)d);
	text[2 * d] = 0;
	assert_int_equal(json_parse(&doc, text, strlen(text), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "nested too deeply"));
	json_doc_free(&doc);
}

static void reports_line_and_column(void **state)
{
	const char text[] = "{\n  \"a\": 1,\n  \"b\": tru\n}";
	struct json_doc doc = { 0 };
	char err[128];

	(void)state;
	assert_int_equal(json_parse(&doc, text, strlen(text), err, sizeof(err)), -1);
	assert_string_equal(err, "line 3, column 8: invalid literal (expected a value)");
	json_doc_free(&doc);
}

static void parses_values_and_escapes(void **state)
{
	const char text[] = " {\"s\": \"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\u0000z\","
			    " \"n\": -1.25e2, \"i\": 0, \"t\": true, \"f\": false, \"z\": null,"
			    " \"a\": [1, [], {}], \"raw\": \"\xc3\xa9\"} \n";
	static const char want[] = "a\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80\0z";
	struct json_doc doc = { 0 };
	const struct json_value *v;
	char err[128];
	double d;

	(void)state;
	assert_int_equal(json_parse(&doc, text, strlen(text), err, sizeof(err)), 0);
	v = json_get(&doc.root, "s");
	assert_non_null(v);
	assert_int_equal(v->len, sizeof(want) - 1);
	assert_memory_equal(v->u.str, want, sizeof(want) - 1);
	assert_int_equal(json_get_num(&doc.root, "n", &d), 0);
	assert_true(d == -125.0);
	assert_string_equal(json_get(&doc.root, "n")->u.num.text, "-1.25e2");
	assert_int_equal(json_get(&doc.root, "t")->u.boolean, 1);
	assert_int_equal(json_get(&doc.root, "f")->type, JSON_BOOL);
	assert_int_equal(json_get(&doc.root, "z")->type, JSON_NULL);
	assert_int_equal(json_get(&doc.root, "a")->len, 3);
	assert_string_equal(json_get_str(&doc.root, "raw"), "\xc3\xa9");
	assert_null(json_get(&doc.root, "missing"));
	assert_null(json_get_str(&doc.root, "n"));
	assert_int_equal(json_get_num(&doc.root, "s", &d), -1);
	assert_null(json_get(json_get(&doc.root, "a"), "x")); /* not an object */
	json_doc_free(&doc);
}

/* Many keys take the sorted duplicate check; it must still find one. */
static void finds_duplicates_among_many_keys(void **state)
{
	char text[4096], err[128];
	size_t n = 0;
	struct json_doc doc = { 0 };

	(void)state;
	n += (size_t)snprintf(text + n, sizeof(text) - n, "{");
	for (int i = 0; i < 100; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s\"k%d\":%d", i ? "," : "", i, i);
	snprintf(text + n, sizeof(text) - n, "}");
	assert_int_equal(json_parse(&doc, text, strlen(text), err, sizeof(err)), 0);
	assert_int_equal(doc.root.len, 100);
	json_doc_free(&doc);
	snprintf(text + n, sizeof(text) - n, ",\"k57\":0}");
	assert_int_equal(json_parse(&doc, text, strlen(text), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "duplicate key"));
	json_doc_free(&doc);
}

/* parse -> write -> parse gives the same text the second time. */
static void round_trips_through_the_writer(void **state)
{
	const char text[] = "{\"a\":[1,2.50,-0,1E+2,{\"k\\u0000\":\"\\ud83d\\ude00\"}],\"b\":\"</x>\","
			    "\"c\":{},\"d\":[],\"e\":false}";
	struct json_doc doc = { 0 }, again = { 0 };
	char *out = NULL, *out2 = NULL, err[128];
	size_t n = 0, n2 = 0;
	struct json_writer w;
	FILE *f = open_memstream(&out, &n);

	(void)state;
	assert_int_equal(json_parse(&doc, text, strlen(text), err, sizeof(err)), 0);
	jw_init(&w, f, 1);
	json_write_value(&w, &doc.root);
	assert_int_equal(jw_finish(&w), 0);
	fclose(f);
	assert_int_equal(json_parse(&again, out, n, err, sizeof(err)), 0);
	assert_non_null(strstr(out, "2.50"));        /* numbers keep their tokens */
	assert_non_null(strstr(out, "\"k\\u0000\"")); /* a key with NUL stays whole */
	f = open_memstream(&out2, &n2);
	jw_init(&w, f, 1);
	json_write_value(&w, &again.root);
	assert_int_equal(jw_finish(&w), 0);
	fclose(f);
	assert_string_equal(out, out2);
	json_doc_free(&doc);
	json_doc_free(&again);
	free(out);
	free(out2);
}

static void load_file_limits_size(void **state)
{
	char path[] = "/tmp/uvmm-json-XXXXXX", err[256];
	int fd = mkstemp(path);
	struct json_doc doc = { 0 };

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "[1, 2, 3]", 9), 9);
	close(fd);
	assert_int_equal(json_load_file(&doc, path, 0, err, sizeof(err)), 0);
	assert_int_equal(doc.root.len, 3);
	json_doc_free(&doc);
	assert_int_equal(json_load_file(&doc, path, 8, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "more than the 8"));
	json_doc_free(&doc);
	unlink(path);
	assert_int_equal(json_load_file(&doc, path, 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_int_equal(json_load_file(&doc, "/tmp", 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a regular file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_every_hostile_byte),
		cmocka_unit_test(any_bytes_give_valid_json),
		cmocka_unit_test(writes_commas_and_indentation),
		cmocka_unit_test(writer_misuse_is_an_error),
		cmocka_unit_test(doubles_read_back_exactly),
		cmocka_unit_test(refuses_what_is_not_json),
		cmocka_unit_test(refuses_deep_nesting),
		cmocka_unit_test(reports_line_and_column),
		cmocka_unit_test(parses_values_and_escapes),
		cmocka_unit_test(finds_duplicates_among_many_keys),
		cmocka_unit_test(round_trips_through_the_writer),
		cmocka_unit_test(load_file_limits_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
