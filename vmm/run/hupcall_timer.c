/* Runs take vm->io_lock, as a vCPU's exits do, so a registration cannot
 * change under a run and each run has its place in the trace; an upcall
 * waits for the guest's answer without it (the answer is a vCPU exit). */
#include "run/hupcall_timer.h"

#include <string.h>

static void *timer_main(void *arg)
{
	struct hupcall_timer *t = arg;
	struct hupcall_due d;

	while (hupcall_next_due(t->hu, &d) == 0) {
		struct exit_event ev;
		int have, end = 0;

		if (d.upcall) {
			have = hupcall_upcall(t->hu, &d, &ev);
			pthread_mutex_lock(&t->vm->io_lock);
			if (have)
				hupcall_upcall_commit(t->hu, &d, &ev);
		} else {
			pthread_mutex_lock(&t->vm->io_lock);
			have = hupcall_tick(t->hu, &d, &ev);
		}
		if (have)
			end = session_on_exit(t->session, &ev);
		pthread_mutex_unlock(&t->vm->io_lock);
		if (end) {
			/* The run is over: every vCPU must leave KVM_RUN, and there
			 * is nothing left to tick for. */
			vm_kick_all(t->vm, NULL);
			hupcall_stop(t->hu);
		}
	}
	return NULL;
}

int hupcall_timer_start(struct hupcall_timer *t, struct hupcall_set *hu, struct vm *vm,
			struct session *s)
{
	memset(t, 0, sizeof(*t));
	t->hu = hu;
	t->vm = vm;
	t->session = s;
	if (pthread_create(&t->thread, NULL, timer_main, t) != 0)
		return -1;
	t->started = 1;
	return 0;
}

void hupcall_timer_stop(struct hupcall_timer *t)
{
	if (!t->started)
		return;
	hupcall_stop(t->hu);
	pthread_join(t->thread, NULL);
	t->started = 0;
}
