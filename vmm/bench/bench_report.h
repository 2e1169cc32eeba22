/* uvmm bench output: the table on the terminal and the JSON file. */
#ifndef UVMM_BENCH_BENCH_REPORT_H
#define UVMM_BENCH_BENCH_REPORT_H

#include <stdio.h>

#include "bench/bench.h"

/* Prints the results and the targets (ok / MISS). Returns the number of
 * targets missed (a target not measured is not a miss). */
unsigned bench_print(const struct bench_results *r, FILE *out);

/* Writes the results as one JSON object. Returns 0 or -1. */
int bench_write_json(const struct bench_results *r, const char *path);

#endif
