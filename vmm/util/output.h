/* Output files named on the command line: opened so that a FIFO nobody reads
 * is an error, not a hang, and checked so that two outputs (or an input and
 * an output) are never the same file. */
#ifndef UVMM_UTIL_OUTPUT_H
#define UVMM_UTIL_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

/* Creates or truncates path for writing (a FIFO must already have a
 * reader). Returns the stream, or NULL with a one-line reason. */
FILE *output_open(const char *path, char *err, size_t errlen);

/* 1 when a and b name the same file, existing or not ("-" is stdout and
 * equals only "-"). */
int same_file(const char *a, const char *b);

/* Refuses the first pair of paths[0..n) (NULL entries skipped) that name
 * the same file: returns 0, or -1 with "NAME_i and NAME_j are the same
 * file (PATH)" in err. */
int distinct_files(const char *const *paths, const char *const *names, size_t n, char *err,
		   size_t errlen);

#endif
