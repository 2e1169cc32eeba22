/* The uvmm command line: subcommands (run, test, ...) and their shared help
 * text. Each subcommand returns the process exit code. */
#ifndef UVMM_CLI_CLI_H
#define UVMM_CLI_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "run/run_guest.h"

int cli_run(int argc, char **argv);
/* uvmm run's command line, parsed and checked (tests/fuzz/fuzz_cli.c uses
 * it alone): 0, 1 after --help, -1 after a one-line error on stderr. */
struct cli_run {
	struct run_request req;
	char bufs[RUN_MAX_OVERRIDES][256]; /* the key=value words of req.overrides */
	uint64_t repeat;                   /* --repeat N, 0: once */
	int kut;                           /* --kut: kvm-unit-tests' machine and protocol */
	const char *append, *errata;       /* --append ARGS, --errata FILE */
};
int cli_run_parse(struct cli_run *cr, int argc, char **argv);
int cli_test(int argc, char **argv);
/* Only parses and checks uvmm test's command line (for the fuzz target):
 * 0, 1 after --help, -1 after a one-line error. */
int cli_test_parse_only(int argc, char **argv);
int cli_bench(int argc, char **argv);
/* uvmm bench hupcall (argv[0] = "hupcall"). */
int cli_bench_hupcall(int argc, char **argv);
int cli_kut(int argc, char **argv);
int cli_diff(int argc, char **argv);
int cli_pe_check(int argc, char **argv);
int cli_check_trace(int argc, char **argv);
int cli_bpf(int argc, char **argv);
int cli_report(int argc, char **argv);
void cli_usage(FILE *out);

#endif
