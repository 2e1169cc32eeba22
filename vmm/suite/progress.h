/* Progress of a suite run on a terminal: one status line redrawn in place
 * (done/total, elapsed, failures so far, the tests running), erased before
 * any other line is printed so that the two never mix. */
#ifndef UVMM_SUITE_PROGRESS_H
#define UVMM_SUITE_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

struct progress {
	FILE *out;
	unsigned columns;      /* the line never reaches the last column */
	size_t total, done, failed;
	double start;
	int shown;             /* a status line is on the screen */
};

/* columns: the terminal's width (0: 80). */
void progress_init(struct progress *p, FILE *out, unsigned columns, size_t total);

/* Draws "[done/total] 1.2 s, N failed, running: a, b" over the old line. */
void progress_draw(struct progress *p, const char *const *running, size_t nrunning);

/* Erases the status line (if shown): call before printing anything else. */
void progress_clear(struct progress *p);

/* Formats the status text (without terminal control) into buf, cut to fit
 * width characters; for progress_draw and its tests. */
void progress_text(const struct progress *p, double now, const char *const *running,
		   size_t nrunning, char *buf, size_t width);

#endif
