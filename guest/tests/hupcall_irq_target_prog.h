/* The guest's scheduler state an irq_target program reads. */
#ifndef HUPCALL_IRQ_TARGET_PROG_H
#define HUPCALL_IRQ_TARGET_PROG_H

#include <stdint.h>

#define SCHED_CPUS 8u

struct sched_state {
	uint8_t busy[SCHED_CPUS]; /* the guest wants no interrupt on this CPU now */
};

#endif
