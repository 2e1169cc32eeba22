/* The line a guest's report_value() writes, "value NAME 0xV" (guest/include/
 * uvmm/value.h): read by the session from DEBUG hypercall text and by the
 * console protocol parser from a QEMU or UEFI run's console. */
#ifndef UVMM_UTIL_VALUE_LINE_H
#define UVMM_UTIL_VALUE_LINE_H

#include <stddef.h>
#include <stdint.h>

#define VALUE_NAME_MAX 64 /* with the NUL */

struct named_value {
	char name[VALUE_NAME_MAX];
	uint64_t value;
};

/* 1 when line[0..len) (no newline) is a value line: name ([A-Za-z0-9_.-],
 * 1..63 bytes) and value filled; 0 otherwise, with nothing written. */
int value_line_parse(const char *line, size_t len, struct named_value *out);

/* Adds v to vals[0..*n) (max entries), replacing an earlier value of the
 * same name: the last one counts. Returns 0, or -1 when full. */
int value_set_put(struct named_value *vals, unsigned *n, unsigned max, const struct named_value *v);

#endif
