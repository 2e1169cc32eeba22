/* The JUnit XML report (the dialect Jenkins and GitLab read): one <testcase>
 * per guest with <failure>, <error> or <skipped>, the environment as <properties>. */
#ifndef UVMM_SUITE_REPORT_JUNIT_H
#define UVMM_SUITE_REPORT_JUNIT_H

#include <stddef.h>
#include <stdio.h>

#include "suite/result.h"

/* Returns 0, or -1 when writing failed. */
int junit_write(FILE *f, const struct suite_report *r);

/* Writes s[0..len) as XML character data (attribute != 0: for a quoted
 * attribute value). Whatever XML 1.0 cannot carry is replaced: control
 * characters become the visible text "\xNN", invalid UTF-8 bytes U+FFFD. */
void junit_escape(FILE *f, const char *s, size_t len, int attribute);

#endif
