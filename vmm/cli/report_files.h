/* The report files a suite command writes (--tap, --ktap, --junit, --json):
 * checked to be distinct, opened before the run, written whole or not at all. */
#ifndef UVMM_CLI_REPORT_FILES_H
#define UVMM_CLI_REPORT_FILES_H

#include <stdio.h>

#include "suite/result.h"
#include "util/atomic_file.h"

enum report_kind { REPORT_TAP, REPORT_KTAP, REPORT_JUNIT, REPORT_JSON, REPORT_KINDS };

typedef int (*report_write_fn)(FILE *f, const struct suite_report *r);

struct report_files {
	const char *path[REPORT_KINDS];      /* NULL: not asked for */
	report_write_fn write[REPORT_KINDS]; /* NULL: the suite's writer of that kind */
	struct atomic_file af[REPORT_KINDS];
};

/* "--tap", "--ktap", ...: the option that names each file. */
extern const char *const report_option[REPORT_KINDS];

/* Each function prints its own one-line error as "PROG: ..." on stderr. */
/* Two reports into one file would leave neither whole: -1 if two paths match. */
int report_files_check(const struct report_files *rf, const char *prog);
/* Opens every named file (a temporary beside it), so a bad path fails before the run. */
int report_files_open(struct report_files *rf, const char *prog);
/* Writes each report and renames it into place; -1 if any failed. */
int report_files_write(struct report_files *rf, const struct suite_report *r, const char *prog);
/* Drops what is open; the targets stay as they were. */
void report_files_abort(struct report_files *rf);
/* 1 if a report goes to standard output ("-"). */
int report_files_to_stdout(const struct report_files *rf);

#endif
