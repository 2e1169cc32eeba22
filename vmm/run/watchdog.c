#include "util/clock.h"
#include "run/watchdog.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "machine/vm.h"
#include "session/session.h"

static void *watchdog_main(void *arg)
{
	struct watchdog *w = arg;
	struct timespec deadline = deadline_after(w->seconds);
	int r = 0;

	pthread_mutex_lock(&w->lock);
	while (!w->stopping && r != ETIMEDOUT)
		r = pthread_cond_timedwait(&w->cond, &w->lock, &deadline);
	if (!w->stopping) {
		w->fired = 1;
		session_end(w->session, END_TIMEOUT);
		/* Keep kicking until the vCPUs notice: a kick that lands between
		 * the check and KVM_RUN is caught by immediate_exit. */
		vm_kick_all(w->vm, NULL);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int watchdog_start(struct watchdog *w, double seconds, struct vm *vm, struct session *s)
{
	pthread_condattr_t ca;

	memset(w, 0, sizeof(*w));
	if (seconds <= 0)
		return 0;
	w->seconds = seconds;
	w->vm = vm;
	w->session = s;
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&w->thread, NULL, watchdog_main, w) != 0)
		return -1;
	w->started = 1;
	return 0;
}

int watchdog_stop(struct watchdog *w)
{
	if (!w->started)
		return 0;
	pthread_mutex_lock(&w->lock);
	w->stopping = 1;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	w->started = 0;
	return w->fired;
}
