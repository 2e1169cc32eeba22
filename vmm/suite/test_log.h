/* A test's log file as the reports use it: its text (bounded, NULs made
 * blanks) and uvmm's first message in it, the one-line "why" of a failure. */
#ifndef UVMM_SUITE_TEST_LOG_H
#define UVMM_SUITE_TEST_LOG_H

#include <stddef.h>

#define TEST_LOG_TEXT_MAX (1u << 20)

/* The text of path (malloc'd, NUL-terminated), or NULL: all of it, or past
 * TEST_LOG_TEXT_MAX bytes its first and last halves around a "[... N bytes of
 * this log cut here ...]" line. */
char *test_log_read(const char *path);

/* The rest of the first line of text that starts with "uvmm: ", or "". */
void test_log_hint(const char *text, char *hint, size_t len);

#endif
