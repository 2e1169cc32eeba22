/* Private to the hupcall modules: the per-run helper environment, the helper
 * tables, and the steps registration, runs and discards share. */
#ifndef UVMM_HUPCALL_HUPCALL_INTERNAL_H
#define UVMM_HUPCALL_HUPCALL_INTERNAL_H

#include "hupcall/hupcall.h"

/* What a run's helpers share: the byte budget and, for reclaim, the discards
 * they collect (hu->ranges). */
struct hupcall_env {
	struct hupcall_set *hu;
	uint64_t bytes;          /* buffer bytes helpers touched so far */
	int discards;            /* DISCARD helpers are allowed (reclaim) */
	char err[160];           /* why a helper refused, for the log */
};

/* The helpers each event's programs may call (hupcall_helpers.c). */
const struct ebpf_helper *hupcall_helpers_for(unsigned event, unsigned *n);

/* One program run of event's registration with context ctx (read-only
 * window); updates its last-run fields and its latency samples (from t0,
 * taken before the context was built); a failed run logs its reason and
 * unregisters the program. Returns the run's enum uvmm_hupcall_run. */
int hupcall_run_prog(struct hupcall_set *hu, unsigned event, void *ctx, size_t ctx_len,
		     struct hupcall_env *env, uint64_t t0, uint64_t *r0);

/* The header every context starts with. */
void hupcall_ctx_header(struct hupcall_set *hu, unsigned event, uint32_t vcpu,
			struct uvmm_hupcall_ctx *h);

/* An event the exit of vcpu caused, for the run loop to record after it. */
void hupcall_queue_event(struct hupcall_set *hu, unsigned vcpu, const struct exit_event *ev);

/* The trace's record of one run. */
void hupcall_event(struct exit_event *out, unsigned event, uint32_t vcpu, uint64_t arg,
		   int run, uint64_t r0);

/* Merges hu->ranges and discards them; the pages in *pages. Returns 0, or
 * -2 when the host refused (err). */
int hupcall_discard_ranges(struct hupcall_set *hu, uint64_t *pages, char *err, size_t errlen);

/* BALLOON: discards the page frames listed at GPA list (len bytes). Returns
 * 0, -1 (the guest's list is bad: err), -2 (the host refused: err), -3 (the
 * list is outside guest RAM). */
int hupcall_balloon(struct hupcall_set *hu, uint64_t list, uint64_t len, uint64_t *pages,
		    char *err, size_t errlen);

/* Reclaim now (TRIGGER or a tick): runs the program, discards, measures.
 * Returns the run's enum uvmm_hupcall_run, or -2 on a host error. */
int hupcall_reclaim(struct hupcall_set *hu, uint64_t *pages, uint64_t *r0, char *err,
		    size_t errlen);

/* Frees the registration of event (the caller holds io_lock) and tells the
 * timer thread. Keeps the last-run fields for STATUS. */
void hupcall_drop(struct hupcall_set *hu, unsigned event);
/* Tells the timer thread about a new registration of event. */
void hupcall_sched_set(struct hupcall_set *hu, unsigned event, uint64_t period_us, int upcall,
		       unsigned vector);

/* A latency sample of event's registration (under hupcall_set.lock); with
 * replace_last, it replaces the sample of the run just counted. */
void hupcall_keep_latency(struct hupcall_set *hu, unsigned event, uint64_t ns, int replace_last);

/* The guest's ANSWER (vCPU vcpu, io_lock held) to the open question: fills
 * the run's event into out and counts it; 0, or -1 when nothing is open. */
int hupcall_answer(struct hupcall_set *hu, uint32_t vcpu, uint64_t answer, struct exit_event *out);
/* BALLOON pages given back while a question is open count for its answer. */
void hupcall_balloon_pages(struct hupcall_set *hu, uint64_t pages);

extern const char *const hupcall_event_names[UVMM_HUPCALL_EVENTS];

#endif
