/* The one clock uvmm measures with: CLOCK_MONOTONIC, in nanoseconds or
 * seconds. Inline, because the run loop reads it after every exit. */
#ifndef UVMM_UTIL_CLOCK_H
#define UVMM_UTIL_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline double now_seconds(void)
{
	return (double)now_ns() / 1e9;
}

/* The date and time of day (CLOCK_REALTIME), in nanoseconds since the epoch:
 * what an emulated real-time clock shows. Never for measuring durations. */
static inline uint64_t wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The CLOCK_MONOTONIC time seconds from now (for pthread_cond_timedwait on a
 * monotonic condition variable). */
static inline struct timespec deadline_after(double seconds)
{
	uint64_t t = now_ns() + (uint64_t)(seconds * 1e9);

	return (struct timespec){ .tv_sec = (time_t)(t / 1000000000ull),
				  .tv_nsec = (long)(t % 1000000000ull) };
}

#endif
