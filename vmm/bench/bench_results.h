/* uvmm bench's results-file measurements (issue 19): a course's worth of
 * results files generated, merged (uvmm report merge) and rendered (uvmm
 * report html), each timed. The page's opening in a browser is timed by the
 * caller (tests/browser/matrix_check.py --time). */
#ifndef UVMM_BENCH_BENCH_RESULTS_H
#define UVMM_BENCH_BENCH_RESULTS_H

#include <limits.h>
#include <stddef.h>

struct results_bench {
	unsigned files, tests;     /* in: results files, tests in each (one platform a file) */
	double write_s;            /* generating the files with json_report_write */
	double merge_s;            /* reading, checking, merging, writing all.json */
	double merge_cpu_s;        /* the same in CPU time (user + system): the host is shared */
	double html_s;             /* writing matrix.html from the merged set */
	size_t input_bytes, merged_bytes, page_bytes;
	char page[PATH_MAX];       /* the page, for the browser timing */
};

/* Runs in dir (created empty by the caller). Returns 0, or -1 with the reason. */
int bench_results_run(struct results_bench *b, const char *dir, char *err, size_t errlen);

#endif
