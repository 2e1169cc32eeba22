/* libFuzzer target: the JSON parser, the results-file check and the JSON
 * writer. Any input: parsed strictly; when it parses, written back, which
 * must parse again to the same text (round trip), and checked as a results
 * file. The input as a string through the writer's escaping must always
 * give printable ASCII that parses as one string. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suite/results_check.h"
#include "util/json_parse.h"
#include "util/json_write.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *write_back(const struct json_value *v, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	struct json_writer w;

	jw_init(&w, f, 1);
	json_write_value(&w, v);
	if (jw_finish(&w) < 0)
		abort(); /* a parsed value is always writable */
	fclose(f);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_doc doc = { 0 }, again = { 0 };
	char err[512], *out, *out2, *str = NULL;
	size_t len, len2, slen = 0;
	FILE *f;

	if (json_parse(&doc, (const char *)data, size, err, sizeof(err)) == 0) {
		out = write_back(&doc.root, &len);
		if (json_parse(&again, out, len, err, sizeof(err)) < 0)
			abort();
		out2 = write_back(&again.root, &len2);
		if (len != len2 || memcmp(out, out2, len))
			abort();
		results_check(&doc.root, err, sizeof(err));
		free(out);
		free(out2);
	}
	json_doc_free(&doc);
	json_doc_free(&again);

	f = open_memstream(&str, &slen);
	json_put_string(f, (const char *)data, size);
	fclose(f);
	for (size_t i = 0; i < slen; i++)
		if (str[i] < 0x20 || str[i] > 0x7e)
			abort();
	if (json_parse(&doc, str, slen, err, sizeof(err)) < 0 || doc.root.type != JSON_STRING)
		abort();
	json_doc_free(&doc);
	free(str);
	return 0;
}
