/* One measured guest run in the calling process: uvmm's own run_guest (with
 * its sandbox) or the raw loop, reported as one line on a file descriptor. */
#ifndef UVMM_BENCH_BENCH_CHILD_H
#define UVMM_BENCH_BENCH_CHILD_H

#include <stdio.h>

#include "bench/bench.h"

/* Runs image with the PVH command line in the given mode (trace: the trace
 * file of BENCH_CHECKED, may be NULL) and writes the sample to out_fd as one
 * text line; uvmm's messages go to log. Returns 0, or -1 when the run could not be made or reported. */
int bench_child_run(enum bench_mode mode, const char *image, const char *cmdline,
		    const char *trace, int out_fd, FILE *log);

/* Parses such a line. Returns 0 or -1. */
int bench_sample_parse(const char *line, struct bench_sample *s);

#endif
