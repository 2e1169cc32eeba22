/* Lab 6: what the exit program (hyperupcall/exit_count.bpf.c) and the guests
 * that register it share: the region's layout and its contract
 * (labs/06-hyperupcalls/README.md, Part A). Given: do not change it. */
#ifndef LAB6_EXIT_COUNT_H
#define LAB6_EXIT_COUNT_H

#include <stdint.h>

/* Ports of the lab window (docs/labs.md): uvmm has no device there, so an
 * OUT is dropped and an IN reads all-ones, and no other test uses them. */
#define WATCH_BASE 0x2e0u
#define WATCH_SLOTS 16u /* per_port has one counter per port from lo */

/* The region: the guest fills lo, hi and limit and zeroes the rest before it
 * registers the program with this struct as its writable region. At every
 * exit the program runs on:
 *   exits++;
 *   an OUT (pio.out) to a port p with lo <= p <= hi:
 *     outs++, sum += its value, last = its value,
 *     per_port[p - lo]++ when p - lo < WATCH_SLOTS (ports further up are
 *     counted in outs only: never write past the array);
 *     and when its value is larger than limit the program returns 1 (the
 *     verdict: uvmm fails the run there, before the checker sees the OUT);
 *   an IN (pio.in) from a port p with lo <= p <= hi: ins++;
 *   the program returns 0 otherwise (pass). */
struct exit_stats {
	uint64_t lo, hi;    /* the watched ports, inclusive (set by the guest) */
	uint64_t limit;     /* the largest value an OUT in range may write */
	uint64_t exits;     /* every exit the program ran on */
	uint64_t outs;      /* OUTs to a watched port */
	uint64_t ins;       /* INs from a watched port */
	uint64_t sum;       /* the sum of the values of those OUTs */
	uint64_t last;      /* the value of the last one */
	uint64_t per_port[WATCH_SLOTS];
};

#endif
