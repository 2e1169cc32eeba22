/* `uvmm diff`: the differential matrix of the portable tests across the
 * platforms' TAP reports (xplat/diff_matrix.c, docs/bare-metal.md). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "session/exitcode.h"
#include "suite/manifest.h"
#include "util/path.h"
#include "xplat/diff_matrix.h"

#define MAX_COLUMNS 16
#define EXIT_DATA_ERROR 5

/* The reports the make targets write, next to uvmm. */
static const struct {
	const char *name, *file, *hint;
} default_columns[] = {
	{ "kvm", "suite.tap", "make check, or uvmm test --tap build/suite.tap" },
	{ "nested", "nested/suite.tap", "make nested-check (stock kvm_amd in QEMU)" },
	{ "qemu-pvh", "qemu-pvh/suite.tap", "make pvh-check" },
	{ "qemu-efi", "efi/suite.tap", "make efi-check" },
};

static void diff_usage(FILE *f)
{
	fprintf(f,
		"usage: uvmm diff [--col NAME=FILE.tap]... [options]\n"
		"  --col NAME=FILE   a platform's TAP 14 report as column NAME (a default's name\n"
		"                    replaces its file; a new one is added, e.g. hardware=FILE\n"
		"                    for uvmm-results.tap from the USB image)\n"
		"  --no-defaults     only the --col columns\n"
		"  --manifest FILE   default: <uvmm dir>/guest/suite.manifest\n"
		"Default columns: kvm (<uvmm dir>/suite.tap), nested (nested/suite.tap),\n"
		"qemu-pvh (qemu-pvh/suite.tap), qemu-efi (efi/suite.tap).\n"
		"exit status: 0 the matrix was written, 5 manifest error, 7 bad command line.\n"
		"See docs/bare-metal.md.\n");
}

static int add_column(struct diff_column *cols, unsigned *n, const char *spec)
{
	const char *eq = strchr(spec, '=');
	char *name;

	if (!eq || eq == spec || !eq[1]) {
		fprintf(stderr, "uvmm diff: --col wants NAME=FILE, got '%s'\n", spec);
		return -1;
	}
	if (!(name = strndup(spec, (size_t)(eq - spec))) || !manifest_name_ok(name)) {
		fprintf(stderr, "uvmm diff: bad column name in '%s'\n", spec);
		free(name);
		return -1;
	}
	for (unsigned i = 0; i < *n; i++)
		if (!strcmp(cols[i].name, name)) {
			free(name);
			cols[i].path = eq + 1;
			cols[i].hint = NULL;
			return 0;
		}
	if (*n == MAX_COLUMNS) {
		fprintf(stderr, "uvmm diff: at most %d columns\n", MAX_COLUMNS);
		free(name);
		return -1;
	}
	cols[(*n)++] = (struct diff_column){ .name = name, .path = eq + 1 };
	return 0;
}

int cli_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "col", required_argument, 0, 'c' }, { "no-defaults", no_argument, 0, 'n' },
		{ "manifest", required_argument, 0, 'm' }, { "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct diff_column cols[MAX_COLUMNS];
	char *dir = exe_dir(), *paths[MAX_COLUMNS + 1] = { 0 }, err[512];
	const char *manifest = NULL, *specs[MAX_COLUMNS];
	unsigned ncols = 0, nspecs = 0;
	struct manifest m = { 0 };
	int c, defaults = 1, r = UVMM_EXIT_PASS;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (nspecs == MAX_COLUMNS) {
				fprintf(stderr, "uvmm diff: at most %d columns\n", MAX_COLUMNS);
				free(dir);
				return UVMM_EXIT_USAGE;
			}
			specs[nspecs++] = optarg;
			break;
		case 'n': defaults = 0; break;
		case 'm': manifest = optarg; break;
		case 'h': diff_usage(stdout); free(dir); return UVMM_EXIT_PASS;
		default: diff_usage(stderr); free(dir); return UVMM_EXIT_USAGE;
		}
	}
	if (!dir || optind != argc) {
		if (dir)
			diff_usage(stderr);
		free(dir);
		return dir ? UVMM_EXIT_USAGE : UVMM_EXIT_HOST_ERROR;
	}
	for (size_t i = 0; defaults && i < sizeof(default_columns) / sizeof(default_columns[0]); i++) {
		paths[i] = path_join(dir, default_columns[i].file);
		cols[ncols++] = (struct diff_column){ .name = strdup(default_columns[i].name),
						      .path = paths[i],
						      .hint = default_columns[i].hint };
	}
	for (unsigned i = 0; i < nspecs && r == UVMM_EXIT_PASS; i++)
		if (add_column(cols, &ncols, specs[i]) < 0)
			r = UVMM_EXIT_USAGE;
	if (r == UVMM_EXIT_PASS && !ncols) {
		fprintf(stderr, "uvmm diff: no columns (--no-defaults without --col)\n");
		r = UVMM_EXIT_USAGE;
	}
	if (!manifest)
		manifest = paths[MAX_COLUMNS] = path_join(dir, "guest/suite.manifest");
	if (r == UVMM_EXIT_PASS && manifest_load(&m, manifest, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm diff: %s\n", err);
		r = EXIT_DATA_ERROR;
	}
	if (r == UVMM_EXIT_PASS) {
		/* A missing or broken report is an empty column, said so in the header. */
		for (unsigned i = 0; i < ncols; i++)
			cols[i].loaded = tap_load(&cols[i].doc, cols[i].path, cols[i].error,
						  sizeof(cols[i].error)) == 0;
		diff_write(stdout, &m, cols, ncols, NULL);
	}
	for (unsigned i = 0; i < ncols; i++) {
		tap_free(&cols[i].doc);
		free((char *)cols[i].name);
	}
	for (unsigned i = 0; i <= MAX_COLUMNS; i++)
		free(paths[i]);
	manifest_free(&m);
	free(dir);
	return r;
}
