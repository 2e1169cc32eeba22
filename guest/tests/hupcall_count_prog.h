/* What the tutorial's exit program (docs/hyperupcalls.md) and its guest
 * share: the region, one counter block the program may write. */
#ifndef HUPCALL_COUNT_PROG_H
#define HUPCALL_COUNT_PROG_H

#include <stdint.h>

#define COUNT_PORT 0x80u

struct counter {
	uint64_t writes; /* OUTs to COUNT_PORT seen so far */
	uint64_t last;   /* the value of the last one */
	uint64_t limit;  /* a larger value fails the run with code 1 */
};

#endif
