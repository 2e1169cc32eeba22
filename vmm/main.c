/* uvmm: a micro-VMM that runs freestanding guests on KVM and checks every
 * VM exit against what the guest declared. Subcommand dispatch and help. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "session/exitcode.h"
#include "util/version.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "run", cli_run },
	{ "test", cli_test },
	{ "bench", cli_bench },
	{ "kut", cli_kut },
	{ "diff", cli_diff },
	{ "pe-check", cli_pe_check },
	{ "check-trace", cli_check_trace },
	{ "bpf", cli_bpf },
	{ "report", cli_report },
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		cli_usage(stderr);
		return UVMM_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		cli_usage(stdout);
		return UVMM_EXIT_PASS;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("uvmm %s (git %s)\n", uvmm_version(), uvmm_git_describe());
		return UVMM_EXIT_PASS;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "uvmm: unknown command '%s' (see uvmm --help)\n", argv[1]);
	return UVMM_EXIT_USAGE;
}
