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
	int r = 0;

	pthread_mutex_lock(&w->lock);
	/* While a debugger holds the guest the clock stands still: the limit is
	 * on the guest's running time. */
	while (!w->stopping) {
		struct timespec deadline;

		if (w->paused) {
			pthread_cond_wait(&w->cond, &w->lock);
			continue;
		}
		deadline = (struct timespec){ .tv_sec = (time_t)(w->deadline_ns / 1000000000ull),
					      .tv_nsec = (long)(w->deadline_ns % 1000000000ull) };
		r = pthread_cond_timedwait(&w->cond, &w->lock, &deadline);
		if (r == ETIMEDOUT && !w->paused && now_ns() >= w->deadline_ns)
			break;
	}
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
	w->deadline_ns = now_ns() + (uint64_t)(seconds * 1e9);
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

void watchdog_pause(struct watchdog *w, int paused)
{
	uint64_t t;

	if (!w->started)
		return;
	pthread_mutex_lock(&w->lock);
	t = now_ns();
	if (paused && !w->paused) {
		w->left_ns = w->deadline_ns > t ? w->deadline_ns - t : 0;
		w->paused = 1;
	} else if (!paused && w->paused) {
		w->deadline_ns = t + w->left_ns;
		w->paused = 0;
	}
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
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
