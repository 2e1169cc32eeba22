/* uvmm bench output: the table on the terminal and the JSON file. */
#ifndef UVMM_BENCH_BENCH_REPORT_H
#define UVMM_BENCH_BENCH_REPORT_H

#include <stdio.h>

#include "bench/bench.h"

/* Prints the results and the targets (ok / MISS). Returns the number of
 * targets missed (a target not measured is not a miss). */
unsigned bench_print(const struct bench_results *r, FILE *out);

/* Writes the results as one JSON object, with every extras_dir/NAME.json
 * (a JSON object other benchmarks wrote, such as the nested job's stage
 * times) as member NAME; extras_dir may be NULL. Returns 0 or -1. */
int bench_write_json(const struct bench_results *r, const char *path, const char *extras_dir);

/* s as a JSON string (quoted, escaped) on f. */
void bench_json_str(FILE *f, const char *s);

#endif
