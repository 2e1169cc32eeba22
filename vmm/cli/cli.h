/* The uvmm command line: subcommands (run, test, ...) and their shared help
 * text. Each subcommand returns the process exit code. */
#ifndef UVMM_CLI_CLI_H
#define UVMM_CLI_CLI_H

#include <stdio.h>

int cli_run(int argc, char **argv);
int cli_test(int argc, char **argv);
int cli_bench(int argc, char **argv);
int cli_kut(int argc, char **argv);
void cli_usage(FILE *out);

#endif
