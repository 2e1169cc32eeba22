/* What the timer program counts in its region. */
#ifndef HUPCALL_TIMER_PROG_H
#define HUPCALL_TIMER_PROG_H

#include <stdint.h>

struct ticks {
	uint64_t count;    /* runs so far */
	uint64_t last_seq; /* ctx->h.seq of the last run */
	uint64_t period_ns;
};

#endif
