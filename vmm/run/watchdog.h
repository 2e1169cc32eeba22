/* A per-run time limit: a thread that, when the limit passes, ends the
 * session as TIMEOUT and kicks every vCPU out of KVM_RUN. */
#ifndef UVMM_RUN_WATCHDOG_H
#define UVMM_RUN_WATCHDOG_H

#include <pthread.h>
#include <stdint.h>

#include "session/session.h"
#include "machine/vm.h"

struct watchdog {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stopping, started, fired;
	int paused;               /* a debugger holds the guest */
	uint64_t deadline_ns, left_ns;
	double seconds;
	struct vm *vm;
	struct session *session;
};

/* seconds <= 0: no limit (nothing started). Returns 0 or -1. */
int watchdog_start(struct watchdog *w, double seconds, struct vm *vm, struct session *s);
/* paused 1: the time left is kept until paused 0 starts it again (the
 * guest stopped in a debugger is not running out of time). */
void watchdog_pause(struct watchdog *w, int paused);
/* Cancels a pending limit and joins the thread. Returns 1 if it fired. */
int watchdog_stop(struct watchdog *w);

#endif
