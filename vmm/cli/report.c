/* `uvmm report merge|html|list FILE...`: results files from shards and hosts
 * into one results file, one matrix page, or one line per result
 * (docs/ci.md, docs/results-schema.md). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "session/exitcode.h"
#include "suite/report_html.h"
#include "suite/results_set.h"
#include "util/atomic_file.h"
#include "util/json_parse.h"
#include "util/text_escape.h"

#define EXIT_DATA_ERROR 5 /* an input is unreadable, not a results file, or conflicts */

static void report_usage(FILE *f)
{
	fprintf(f,
		"usage: uvmm report merge FILE... -o OUT   merge results files (shards, hosts)\n"
		"       uvmm report html FILE... -o OUT [--title TEXT]   the matrix page\n"
		"       uvmm report list FILE...           one line per result:\n"
		"                                          CLASS SECONDS PLATFORM SUITE NAME (tab-separated)\n"
		"  -o, --output FILE   where to write ('-': stdout)\n"
		"exit status: 0 done, 5 an input is unreadable, not a results file or conflicts\n"
		"with another, 6 the output cannot be written, 7 bad command line.\n"
		"See docs/ci.md and docs/results-schema.md.\n");
}

static int load(struct results_set *s, char **files, int n)
{
	char err[1024];

	for (int i = 0; i < n; i++)
		if (results_set_add(s, files[i], err, sizeof(err)) < 0) {
			fprintf(stderr, "uvmm report: %s\n", err);
			return -1;
		}
	if (results_set_merge(s, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm report: %s\n", err);
		return -1;
	}
	return 0;
}

static void put_field(const char *s)
{
	fput_escaped(stdout, s, strlen(s));
}

static void list(const struct results_set *s)
{
	for (size_t p = 0; p < s->nplatforms; p++) {
		const struct results_platform *pl = &s->platforms[p];
		for (size_t i = 0; i < pl->ntests; i++) {
			const struct results_test *t = &pl->tests[i];
			double secs = 0;
			json_get_num(t->json, "seconds", &secs);
			printf("%s\t%.6f\t", t->cls, secs);
			put_field(pl->id);
			putchar('\t');
			put_field(t->suite);
			putchar('\t');
			put_field(t->name);
			putchar('\n');
		}
	}
}

static int write_output(const struct results_set *s, int html, const char *out,
			const char *title)
{
	struct atomic_file af;
	char err[512];
	int bad;

	if (atomic_file_open(&af, out, stdout, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm report: cannot write %s\n", err);
		return UVMM_EXIT_HOST_ERROR;
	}
	bad = html ? html_report_write(af.f, s, title) : results_set_write(s, af.f);
	if (bad < 0) {
		atomic_file_abort(&af);
		fprintf(stderr, "uvmm report: writing %s failed\n", out);
		return UVMM_EXIT_HOST_ERROR;
	}
	if (atomic_file_commit(&af, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm report: %s\n", err);
		return UVMM_EXIT_HOST_ERROR;
	}
	return UVMM_EXIT_PASS;
}

int cli_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, 0, 'o' },
		{ "title", required_argument, 0, 't' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct results_set s = { 0 };
	const char *out = NULL, *title = NULL, *verb;
	int c, r;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		report_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? UVMM_EXIT_USAGE : UVMM_EXIT_PASS;
	}
	verb = argv[1];
	if (strcmp(verb, "merge") && strcmp(verb, "html") && strcmp(verb, "list")) {
		fprintf(stderr, "uvmm report: unknown action '%s' (merge, html or list)\n", verb);
		return UVMM_EXIT_USAGE;
	}
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 't': title = optarg; break;
		case 'h': report_usage(stdout); return UVMM_EXIT_PASS;
		default: report_usage(stderr); return UVMM_EXIT_USAGE;
		}
	}
	if (optind >= argc - 1) {
		fprintf(stderr, "uvmm report %s: no results files given\n", verb);
		return UVMM_EXIT_USAGE;
	}
	if (strcmp(verb, "list") && !out) {
		fprintf(stderr, "uvmm report %s: -o FILE is required\n", verb);
		return UVMM_EXIT_USAGE;
	}
	if (!strcmp(verb, "list") && (out || title)) {
		fprintf(stderr, "uvmm report list: writes to stdout; -o and --title do not apply\n");
		return UVMM_EXIT_USAGE;
	}
	if (title && strcmp(verb, "html")) {
		fprintf(stderr, "uvmm report %s: --title is for html\n", verb);
		return UVMM_EXIT_USAGE;
	}
	if (load(&s, argv + 1 + optind, argc - 1 - optind) < 0) {
		results_set_free(&s);
		return EXIT_DATA_ERROR;
	}
	if (!strcmp(verb, "list")) {
		list(&s);
		r = fflush(stdout) ? UVMM_EXIT_HOST_ERROR : UVMM_EXIT_PASS;
	} else {
		r = write_output(&s, !strcmp(verb, "html"), out, title);
	}
	if (s.duplicates && r == UVMM_EXIT_PASS && strcmp(verb, "list"))
		fprintf(stderr, "uvmm report: %zu identical results given more than once, kept once\n",
			s.duplicates);
	results_set_free(&s);
	return r;
}
