/* The matrix page: tests x platforms from merged results, one self-contained
 * HTML file (no network, no external scripts or fonts), cells coloured by
 * class with the reason on hover and click, disagreeing rows first, filters
 * by group and class, a header per platform (docs/ci.md). */
#ifndef UVMM_SUITE_REPORT_HTML_H
#define UVMM_SUITE_REPORT_HTML_H

#include <stdio.h>

#include "suite/results_set.h"

/* s must be merged (results_set_merge). title: NULL for the default. Returns
 * 0, or -1 when writing failed or memory ran out. */
int html_report_write(FILE *f, const struct results_set *s, const char *title);

/* s[0..len) as HTML text or attribute value: & < > " ' as entities, other
 * ASCII controls as the visible text \xNN (tab and newline as character
 * references), UTF-8 as &#x...; and invalid bytes as U+FFFD. Pure ASCII out. */
void html_put(FILE *f, const char *s, size_t len);

#endif
