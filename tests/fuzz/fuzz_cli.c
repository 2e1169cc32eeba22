/* libFuzzer target: the command lines of uvmm run and uvmm test. The input is
 * split at NUL bytes into arguments (the first byte picks the command); the
 * parsers must accept or refuse with a message, never crash, and what they
 * accept must pass the run options' own checks or be refused by them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "run/run_options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 40

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cli_run cr;
	char *copy, *argv[MAX_ARGS + 2];
	int argc = 1;

	if (size < 1 || size > 4096)
		return 0;
	copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = 0;
	argv[0] = (data[0] & 1) ? "test" : "run";
	for (char *p = copy; p < copy + size - 1 && argc <= MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	if (data[0] & 1) {
		cli_test_parse_only(argc, argv);
	} else if (cli_run_parse(&cr, argc, argv) == 0) {
		struct run_options o;
		enum run_options_source from;
		char err[256];

		/* Every override is a bounded key=value word. */
		for (unsigned i = 0; i < cr.req.noverrides; i++)
			if (strlen(cr.req.overrides[i]) >= sizeof(cr.bufs[0]))
				abort();
		run_options_resolve(&o, NULL, 0, cr.req.overrides, cr.req.noverrides, &from, err,
				    sizeof(err));
		if (o.timeout < RUN_TIMEOUT_MIN || o.timeout > RUN_TIMEOUT_MAX)
			abort(); /* the watchdog can never be switched off */
	}
	free(copy);
	return 0;
}
