/* `uvmm bench hupcall`: hyperupcall vs hypercall round trip, reclaim vs
 * balloon (docs/hyperupcalls.md); make bench writes build/bench.d/hupcall.json,
 * which `uvmm bench` embeds in bench.json. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/bench_hupcall.h"
#include "cli/cli.h"
#include "session/exitcode.h"
#include "util/num.h"
#include "util/path.h"

static int usage(void)
{
	fprintf(stderr, "usage: uvmm bench hupcall [--reps N (1..%d)] [--n QUESTIONS (10..1000)] "
		"[--json FILE] [--image FILE] [--check]\n", BENCH_MAX_REPS);
	return UVMM_EXIT_USAGE;
}

int cli_bench_hupcall(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reps", required_argument, 0, 'r' }, { "n", required_argument, 0, 'n' },
		{ "json", required_argument, 0, 'j' }, { "image", required_argument, 0, 'i' },
		{ "check", no_argument, 0, 'c' },      { 0, 0, 0, 0 },
	};
	static struct bench_hupcall b;
	char image[PATH_MAX] = "", json[PATH_MAX] = "", err[256];
	uint64_t reps = 5, n = 200;
	int c, check = 0, miss;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (num_u64("--reps", optarg, 1, BENCH_MAX_REPS, &reps, err, sizeof(err)) < 0)
				goto bad;
			break;
		case 'n':
			if (num_u64("--n", optarg, 10, 1000, &n, err, sizeof(err)) < 0)
				goto bad;
			break;
		case 'j': snprintf(json, sizeof(json), "%s", optarg); break;
		case 'i': snprintf(image, sizeof(image), "%s", optarg); break;
		case 'c': check = 1; break;
		default: return usage();
		}
	}
	if (optind != argc)
		return usage();
	if (!image[0]) {
		char *dir = exe_dir();
		char *p = dir ? path_join(dir, "guest/bench_hupcall.elf") : NULL;

		free(dir);
		if (!p || strlen(p) >= sizeof(image)) {
			free(p);
			fprintf(stderr, "uvmm bench hupcall: cannot find the benchmark guest (use --image)\n");
			return UVMM_EXIT_USAGE;
		}
		snprintf(image, sizeof(image), "%s", p);
		free(p);
	}
	if (access(image, R_OK) < 0) {
		fprintf(stderr, "uvmm bench hupcall: %s is missing (run make first)\n", image);
		return UVMM_EXIT_USAGE;
	}
	bench_hupcall_run(&b, image, (unsigned)reps, (unsigned)n, stderr);
	miss = bench_hupcall_print(&b, stdout);
	if (json[0]) {
		if (bench_hupcall_json(&b, json) < 0) {
			fprintf(stderr, "uvmm bench hupcall: cannot write %s\n", json);
			return UVMM_EXIT_HOST_ERROR;
		}
		printf("wrote %s\n", json);
	}
	if (b.failures)
		return UVMM_EXIT_HOST_ERROR;
	return check && miss ? 1 : 0;
bad:
	fprintf(stderr, "uvmm bench hupcall: %s\n", err);
	return usage();
}
