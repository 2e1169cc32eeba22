/* The hyperupcall timer thread: at each period a guest chose (timer, and
 * reclaim with a period) it runs the program, or asks the guest by upcall,
 * and hands the run to the session as an event, like a device thread. */
#ifndef UVMM_RUN_HUPCALL_TIMER_H
#define UVMM_RUN_HUPCALL_TIMER_H

#include <pthread.h>

#include "hupcall/hupcall.h"
#include "machine/vm.h"
#include "session/session.h"

struct hupcall_timer {
	pthread_t thread;
	int started;
	struct hupcall_set *hu;
	struct vm *vm;
	struct session *session;
};

/* Starts the thread; it sleeps until a periodic event is registered.
 * Returns 0 or -1. */
int hupcall_timer_start(struct hupcall_timer *t, struct hupcall_set *hu, struct vm *vm,
			struct session *s);
/* Stops and joins it (an upcall it waits for is abandoned). */
void hupcall_timer_stop(struct hupcall_timer *t);

#endif
