/* Line-by-line reading of a text file held in memory, shared by the parsers
 * of the manifest, the deviations and TAP reports. */
#ifndef UVMM_UTIL_TEXT_LINES_H
#define UVMM_UTIL_TEXT_LINES_H

#include <stddef.h>

#define TEXT_LINES_NOMEM (-2)
#define TEXT_LINES_NUL (-3)  /* a NUL byte in a line: not text */

/* Calls fn(arg, line) for each line of text[0..len): without its '\n',
 * NUL-terminated, writable until fn returns. *lineno counts from 1 and is the
 * current line while fn runs (and after a failure). Returns 0; what fn
 * returned when that is negative; TEXT_LINES_NOMEM or TEXT_LINES_NUL. */
int text_each_line(const char *text, size_t len, unsigned *lineno,
		   int (*fn)(void *arg, char *line), void *arg);

#endif
