#include "cli/report_files.h"

#include <limits.h>
#include <string.h>

#include "suite/report_json.h"
#include "suite/report_junit.h"
#include "suite/report_ktap.h"
#include "suite/report_tap.h"
#include "util/output.h"

const char *const report_option[REPORT_KINDS] = {
	[REPORT_TAP] = "--tap", [REPORT_KTAP] = "--ktap",
	[REPORT_JUNIT] = "--junit", [REPORT_JSON] = "--json",
};

static const report_write_fn default_write[REPORT_KINDS] = {
	[REPORT_TAP] = tap_write, [REPORT_KTAP] = ktap_write,
	[REPORT_JUNIT] = junit_write, [REPORT_JSON] = json_report_write,
};

int report_files_check(const struct report_files *rf, const char *prog)
{
	char err[PATH_MAX + 128];

	if (distinct_files(rf->path, (const char *const *)report_option, REPORT_KINDS, err,
			   sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return -1;
	}
	return 0;
}

void report_files_abort(struct report_files *rf)
{
	for (int k = 0; k < REPORT_KINDS; k++)
		atomic_file_abort(&rf->af[k]);
}

int report_files_open(struct report_files *rf, const char *prog)
{
	char err[PATH_MAX + 128];

	for (int k = 0; k < REPORT_KINDS; k++) {
		if (!rf->path[k])
			continue;
		if (atomic_file_open(&rf->af[k], rf->path[k], stdout, err, sizeof(err)) < 0) {
			fprintf(stderr, "%s: cannot write %s\n", prog, err);
			report_files_abort(rf);
			return -1;
		}
	}
	return 0;
}

int report_files_write(struct report_files *rf, const struct suite_report *r, const char *prog)
{
	char err[PATH_MAX + 128];
	int bad = 0;

	for (int k = 0; k < REPORT_KINDS; k++) {
		report_write_fn w = rf->write[k] ? rf->write[k] : default_write[k];

		if (!rf->af[k].f)
			continue;
		if (w(rf->af[k].f, r) < 0) {
			fprintf(stderr, "%s: writing the %s report failed\n", prog, report_option[k] + 2);
			atomic_file_abort(&rf->af[k]);
			bad = 1;
		} else if (atomic_file_commit(&rf->af[k], err, sizeof(err)) < 0) {
			fprintf(stderr, "%s: %s\n", prog, err);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

int report_files_to_stdout(const struct report_files *rf)
{
	for (int k = 0; k < REPORT_KINDS; k++)
		if (rf->path[k] && !strcmp(rf->path[k], "-"))
			return 1;
	return 0;
}
