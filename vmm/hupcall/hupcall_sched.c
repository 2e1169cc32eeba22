/* The periodic events' schedule and the upcall rendezvous, shared by the
 * vCPU threads (registrations, ANSWER) and the timer thread; under
 * hupcall_set.lock, which is taken after vm->io_lock when both are held. */
#include "hupcall/hupcall_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "util/clock.h"

#define MSI_ADDR_CPU0 0xfee00000ull

static struct timespec ts_of(uint64_t ns)
{
	return (struct timespec){ .tv_sec = (time_t)(ns / 1000000000ull),
				  .tv_nsec = (long)(ns % 1000000000ull) };
}

void hupcall_sched_set(struct hupcall_set *hu, unsigned event, uint64_t period_us, int upcall,
		       unsigned vector)
{
	struct hupcall_sched *s = &hu->sched[event];

	pthread_mutex_lock(&hu->lock);
	s->gen++;
	s->on = period_us != 0;
	s->upcall = upcall;
	s->vector = vector;
	s->period_ns = period_us * 1000;
	s->next_ns = now_ns() + s->period_ns;
	s->ticks = 0;
	pthread_cond_broadcast(&hu->cond);
	pthread_mutex_unlock(&hu->lock);
}

void hupcall_drop(struct hupcall_set *hu, unsigned event)
{
	struct hupcall_reg *r = &hu->reg[event];

	ebpf_prog_free(r->prog);
	r->prog = NULL;
	r->active = 0;
	pthread_mutex_lock(&hu->lock);
	hu->sched[event].gen++;
	hu->sched[event].on = 0;
	pthread_cond_broadcast(&hu->cond);
	pthread_mutex_unlock(&hu->lock);
}

int hupcall_next_due(struct hupcall_set *hu, struct hupcall_due *d)
{
	pthread_mutex_lock(&hu->lock);
	while (!hu->stopping) {
		uint64_t now = now_ns(), first = UINT64_MAX;
		int due = -1;

		for (unsigned e = 0; e < UVMM_HUPCALL_EVENTS; e++) {
			const struct hupcall_sched *s = &hu->sched[e];

			if (s->on && s->next_ns < first) {
				first = s->next_ns;
				due = (int)e;
			}
		}
		if (due >= 0 && first <= now) {
			struct hupcall_sched *s = &hu->sched[due];

			*d = (struct hupcall_due){ .event = (unsigned)due, .gen = s->gen,
						   .upcall = s->upcall, .vector = s->vector,
						   .tick = ++s->ticks, .late_ns = now - s->next_ns,
						   .period_ns = s->period_ns };
			/* The next deadline from this one: no drift, and no burst
			 * of catch-up ticks after a long stall either. */
			s->next_ns += s->period_ns;
			if (s->next_ns <= now)
				s->next_ns = now + s->period_ns;
			pthread_mutex_unlock(&hu->lock);
			return 0;
		}
		if (due < 0) {
			pthread_cond_wait(&hu->cond, &hu->lock);
		} else {
			struct timespec t = ts_of(first);
			pthread_cond_timedwait(&hu->cond, &hu->lock, &t);
		}
	}
	pthread_mutex_unlock(&hu->lock);
	return -1;
}

static int still_registered(struct hupcall_set *hu, const struct hupcall_due *d)
{
	int same;

	pthread_mutex_lock(&hu->lock);
	same = hu->sched[d->event].gen == d->gen && !hu->stopping;
	pthread_mutex_unlock(&hu->lock);
	return same;
}

int hupcall_tick(struct hupcall_set *hu, const struct hupcall_due *d, struct exit_event *out)
{
	struct hupcall_env env = { .hu = hu };
	uint64_t r0 = 0, pages = 0;
	char err[192];
	int run;

	/* io_lock is held: a registration cannot change under us now, but one
	 * may have happened between next_due and here. */
	if (!still_registered(hu, d) || !hu->reg[d->event].active || !hu->reg[d->event].prog)
		return 0;
	if (d->event == UVMM_HUPCALL_RECLAIM) {
		run = hupcall_reclaim(hu, &pages, &r0, err, sizeof(err));
		if (run == -2) {
			fprintf(hu->cfg.log, "uvmm: hupcall reclaim: %s\n", err);
			run = UVMM_HUPCALL_RUN_INTERNAL;
		}
		hupcall_event(out, d->event, UINT32_MAX, pages, run, r0);
		return 1;
	}
	struct uvmm_hupcall_timer_ctx ctx;
	uint64_t t0 = now_ns();

	memset(&ctx, 0, sizeof(ctx));
	hupcall_ctx_header(hu, d->event, UINT32_MAX, &ctx.h);
	ctx.period_ns = d->period_ns;
	ctx.late_ns = d->late_ns;
	run = hupcall_run_prog(hu, d->event, &ctx, sizeof(ctx), &env, t0, &r0);
	hupcall_event(out, d->event, UINT32_MAX, d->tick, run, r0);
	return 1;
}

/* The question: a fixed, edge MSI with the registered vector to vCPU 0. */
static int ask(struct hupcall_set *hu, unsigned vector)
{
	struct kvm_msi msi = { .address_lo = (uint32_t)MSI_ADDR_CPU0, .data = vector };

	return ioctl(hu->cfg.vm->fd, KVM_SIGNAL_MSI, &msi) < 0 ? -1 : 0;
}

int hupcall_upcall(struct hupcall_set *hu, const struct hupcall_due *d, struct exit_event *out)
{
	struct timespec deadline;
	int run = UVMM_HUPCALL_RUN_OK, rc;

	pthread_mutex_lock(&hu->lock);
	if (hu->sched[d->event].gen != d->gen || hu->stopping) {
		pthread_mutex_unlock(&hu->lock);
		return 0;
	}
	memset(&hu->up, 0, sizeof(hu->up));
	hu->up.waiting = 1;
	hu->up.due = *d;
	/* Balloon reclaim: what the guest's answer gave back is measured too. */
	hu->up.resident_before = d->event == UVMM_HUPCALL_RECLAIM ?
					 guest_mem_resident_pages(&hu->cfg.vm->mem) : 0;
	hu->up.asked_ns = now_ns();
	deadline = ts_of(hu->up.asked_ns + UVMM_HUPCALL_UPCALL_TIMEOUT_MS * 1000000ull);
	pthread_mutex_unlock(&hu->lock);
	/* Outside the lock: the answer comes through a vCPU exit, and the MSI
	 * may make KVM run that vCPU's handler before this returns. */
	rc = ask(hu, d->vector);
	pthread_mutex_lock(&hu->lock);
	while (rc == 0 && !hu->up.answered && !hu->stopping && hu->sched[d->event].gen == d->gen &&
	       pthread_cond_timedwait(&hu->cond, &hu->lock, &deadline) != ETIMEDOUT)
		;
	if (rc < 0)
		run = UVMM_HUPCALL_RUN_INTERNAL;
	else if (!hu->up.answered)
		run = UVMM_HUPCALL_RUN_TIMEOUT;
	/* Stopping: the run is over, there is nothing to record. Unregistered
	 * while the question was out (the guest asked to stop before it took
	 * the interrupt): the question is withdrawn, owed no answer. */
	rc = !hu->up.answered && !hu->stopping && hu->sched[d->event].gen == d->gen;
	hu->up.waiting = 0;
	if (rc)
		hupcall_event(out, d->event, UINT32_MAX,
			      d->event == UVMM_HUPCALL_RECLAIM ? hu->up.pages : d->tick, run, 0);
	pthread_mutex_unlock(&hu->lock);
	return rc;
}

/* An upcall's run, for STATUS; io_lock is held. */
static void count_upcall(struct hupcall_set *hu, const struct hupcall_due *d, const struct exit_event *ev,
			 int64_t resident_after)
{
	struct hupcall_reg *r = &hu->reg[d->event];

	r->runs++;
	r->resident_before = hu->up.resident_before;
	r->resident_after = resident_after;
	r->last_error = ev->status;
	r->last_r0 = ev->value;
	r->last_pc = -1;
	r->last_pages = d->event == UVMM_HUPCALL_RECLAIM ? ev->args[0].num : 0;
	r->last_msg[0] = 0;
	if (ev->status == UVMM_HUPCALL_RUN_TIMEOUT)
		snprintf(r->last_msg, sizeof(r->last_msg), "the guest did not answer within %u ms",
			 UVMM_HUPCALL_UPCALL_TIMEOUT_MS);
}

void hupcall_upcall_commit(struct hupcall_set *hu, const struct hupcall_due *d,
			   const struct exit_event *ev)
{
	if (still_registered(hu, d))
		count_upcall(hu, d, ev, 0);
}

void hupcall_keep_latency(struct hupcall_set *hu, unsigned event, uint64_t ns, int replace_last)
{
	struct hupcall_reg *r = &hu->reg[event];

	pthread_mutex_lock(&hu->lock);
	if (replace_last && r->nlat && r->nlat == r->runs)
		r->lat[r->nlat - 1] = ns;
	else if (!replace_last && r->nlat < HUPCALL_LAT_SAMPLES)
		r->lat[r->nlat++] = ns;
	pthread_mutex_unlock(&hu->lock);
}

int hupcall_answer(struct hupcall_set *hu, uint32_t vcpu, uint64_t answer, struct exit_event *out)
{
	const struct hupcall_due *d = &hu->up.due;
	int rc = -1;

	pthread_mutex_lock(&hu->lock);
	if (hu->up.waiting && !hu->up.answered) {
		struct hupcall_reg *r = &hu->reg[d->event];

		hu->up.answered = 1;
		hupcall_event(out, d->event, vcpu, d->event == UVMM_HUPCALL_RECLAIM ? hu->up.pages : d->tick,
			      UVMM_HUPCALL_RUN_OK, answer);
		if (hu->sched[d->event].gen == d->gen) {
			if (r->nlat < HUPCALL_LAT_SAMPLES)
				r->lat[r->nlat++] = now_ns() - hu->up.asked_ns;
			count_upcall(hu, d, out, d->event == UVMM_HUPCALL_RECLAIM ?
				     guest_mem_resident_pages(&hu->cfg.vm->mem) : 0);
		}
		pthread_cond_broadcast(&hu->cond);
		rc = 0;
	}
	pthread_mutex_unlock(&hu->lock);
	return rc;
}

void hupcall_balloon_pages(struct hupcall_set *hu, uint64_t pages)
{
	pthread_mutex_lock(&hu->lock);
	if (hu->up.waiting && !hu->up.answered)
		hu->up.pages += pages;
	pthread_mutex_unlock(&hu->lock);
}

void hupcall_stop(struct hupcall_set *hu)
{
	pthread_mutex_lock(&hu->lock);
	hu->stopping = 1;
	pthread_cond_broadcast(&hu->cond);
	pthread_mutex_unlock(&hu->lock);
}
