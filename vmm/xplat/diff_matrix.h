/* The differential matrix (uvmm diff): every portable test of the manifest
 * against the TAP reports of several platforms (uvmm on this KVM, stock KVM
 * in the nested job, QEMU TCG with either boot, a real machine), rows where
 * the platforms disagree first, each with the observed values that differ
 * and the failing cells' messages (docs/bare-metal.md). */
#ifndef UVMM_XPLAT_DIFF_MATRIX_H
#define UVMM_XPLAT_DIFF_MATRIX_H

#include <stdio.h>

#include "suite/manifest.h"
#include "xplat/tap_read.h"

struct diff_column {
	const char *name;    /* the column header */
	const char *path;    /* its TAP 14 report */
	const char *hint;    /* how to make the report, for a missing one (may be NULL) */
	int loaded;
	char error[256];     /* why it did not load */
	struct tap_doc doc;
};

/* Pass or fail, as far as agreement goes: XPASS is a pass, XFAIL, TIMEOUT and
 * ERROR are failures, SKIP and an absent cell take no side (0). */
enum diff_side { SIDE_NONE, SIDE_PASS, SIDE_FAIL };
enum diff_side diff_side_of(const char *cls);

struct diff_counts {
	unsigned disagree, agree, alone; /* alone: fewer than two cells took a side */
};

/* Writes the matrix to f and fills *c (may be NULL). */
void diff_write(FILE *f, const struct manifest *m, const struct diff_column *cols,
		unsigned ncols, struct diff_counts *c);

#endif
