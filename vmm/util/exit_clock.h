/* Exit-to-exit intervals for uvmm bench: a histogram the run loop (and the
 * raw loop) feeds right after each KVM_RUN, when a benchmark asks for it. */
#ifndef UVMM_UTIL_EXIT_CLOCK_H
#define UVMM_UTIL_EXIT_CLOCK_H

#include <stdint.h>

#include "util/clock.h"

#define EXIT_CLOCK_SHIFT 5       /* 32 ns buckets */
#define EXIT_CLOCK_BUCKETS 8192u /* up to 262 us; the last bucket holds the rest */

struct exit_clock {
	uint64_t prev_ns;
	uint64_t count, sum_ns;
	uint32_t hist[EXIT_CLOCK_BUCKETS];
};

/* One exit arrived: the interval since the previous one is a whole round
 * trip (handling in user space, re-entry, the guest's loop, the next exit).
 * A median of these is immune to the few that the host preempts. */
static inline void exit_clock_tick(struct exit_clock *c)
{
	uint64_t now = now_ns(), d;

	if (c->prev_ns) {
		d = now - c->prev_ns;
		c->count++;
		c->sum_ns += d;
		d >>= EXIT_CLOCK_SHIFT;
		c->hist[d < EXIT_CLOCK_BUCKETS ? d : EXIT_CLOCK_BUCKETS - 1]++;
	}
	c->prev_ns = now;
}

/* Median interval (ns, the middle of its bucket); 0 without intervals. */
double exit_clock_median_ns(const struct exit_clock *c);

#endif
