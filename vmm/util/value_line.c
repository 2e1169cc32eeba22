/* Parser of "value NAME 0xV" lines. Strict: anything else is not a value,
 * so a test's ordinary output is never taken for one. */
#include "util/value_line.h"

#include <ctype.h>
#include <string.h>

static int hex_digit(char c)
{
	return isdigit((unsigned char)c) ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int value_line_parse(const char *line, size_t len, struct named_value *out)
{
	static const char prefix[] = "value ";
	size_t i = sizeof(prefix) - 1, start, digits = 0;
	uint64_t v = 0;

	if (len < i || memcmp(line, prefix, i))
		return 0;
	for (start = i; i < len && (isalnum((unsigned char)line[i]) || strchr("_.-", line[i])); i++)
		;
	if (i == start || i - start >= VALUE_NAME_MAX || i + 3 > len || line[i] != ' ' ||
	    line[i + 1] != '0' || line[i + 2] != 'x')
		return 0;
	for (size_t j = i + 3; j < len; j++, digits++) {
		int d = hex_digit(line[j]);

		if (d < 0 || digits == 16)
			return 0;
		v = v << 4 | (uint64_t)d;
	}
	if (!digits)
		return 0;
	memcpy(out->name, line + start, i - start);
	out->name[i - start] = 0;
	out->value = v;
	return 1;
}

int value_set_put(struct named_value *vals, unsigned *n, unsigned max, const struct named_value *v)
{
	for (unsigned i = 0; i < *n; i++)
		if (!strcmp(vals[i].name, v->name)) {
			vals[i].value = v->value;
			return 0;
		}
	if (*n == max)
		return -1;
	vals[(*n)++] = *v;
	return 0;
}
