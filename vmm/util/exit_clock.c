/* The histogram trades 32 ns of resolution for a fixed 32 KiB and no
 * allocation or sorting on the hot path. */
#include "util/exit_clock.h"

double exit_clock_median_ns(const struct exit_clock *c)
{
	uint64_t seen = 0;

	for (unsigned b = 0; b < EXIT_CLOCK_BUCKETS && c->count; b++) {
		seen += c->hist[b];
		if (seen * 2 >= c->count)
			return (double)((uint64_t)b << EXIT_CLOCK_SHIFT) + (1u << EXIT_CLOCK_SHIFT) / 2.0;
	}
	return 0;
}
