/* A per-run time limit: a thread that, when the limit passes, ends the
 * session as TIMEOUT and kicks every vCPU out of KVM_RUN. */
#ifndef UVMM_RUN_WATCHDOG_H
#define UVMM_RUN_WATCHDOG_H

#include <pthread.h>

#include "session/session.h"
#include "machine/vm.h"

struct watchdog {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stopping, started, fired;
	double seconds;
	struct vm *vm;
	struct session *session;
};

/* seconds <= 0: no limit (nothing started). Returns 0 or -1. */
int watchdog_start(struct watchdog *w, double seconds, struct vm *vm, struct session *s);
/* Cancels a pending limit and joins the thread. Returns 1 if it fired. */
int watchdog_stop(struct watchdog *w);

#endif
