/* libFuzzer target: the suite manifest and the deviations table, the two
 * files users edit. Both parsers must accept or refuse with a file:line
 * message, never crash or read past the text; what they accept holds only
 * valid names and in-range values. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "run/run_options.h"
#include "suite/deviations.h"
#include "suite/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m;
	struct deviations d;
	char err[512];

	memset(&m, 0, sizeof(m));
	if (manifest_parse(&m, (const char *)data, size, "fuzz", err, sizeof(err)) == 0) {
		for (size_t i = 0; i < m.ntests; i++) {
			struct run_options o;
			enum run_options_source from;

			if (!manifest_name_ok(m.tests[i].name) || !m.tests[i].image)
				abort();
			/* What the manifest accepted, the run must accept too. */
			if (run_options_resolve(&o, NULL, 0, (const char *const *)m.tests[i].options,
						m.tests[i].noptions, &from, err, sizeof(err)) < 0)
				abort();
		}
	} else if (strncmp(err, "fuzz:", 5)) {
		abort(); /* every refusal names the file (and line) */
	}
	manifest_free(&m);
	memset(&d, 0, sizeof(d));
	if (deviations_parse(&d, (const char *)data, size, "fuzz", err, sizeof(err)) == 0) {
		for (size_t i = 0; i < d.n; i++)
			if (d.entries[i].hangs && d.entries[i].limit && !(d.entries[i].limit > 0 &&
									   d.entries[i].limit <= 3600))
				abort();
	} else if (strncmp(err, "fuzz:", 5)) {
		abort();
	}
	deviations_free(&d);
	return 0;
}
