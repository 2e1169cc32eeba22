/* The trace ring an exit program appends to and its guest reads back. */
#ifndef HUPCALL_TRACE_PROG_H
#define HUPCALL_TRACE_PROG_H

#include <stdint.h>

#define TRACE_SLOTS 64u /* a power of two */

struct trace_rec {
	uint64_t seq;      /* the run's number (ctx->h.seq) */
	uint64_t kind;     /* enum uvmm_exit_kind */
	uint64_t addr, value;
	uint64_t now_ns;   /* uvmm's clock (the now_ns helper) */
};

struct trace_ring {
	uint64_t head;     /* records written so far */
	struct trace_rec rec[TRACE_SLOTS];
};

#endif
