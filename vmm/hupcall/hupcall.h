/* Hyperupcalls: the guest registers verified eBPF programs (hypercall 13) and
 * uvmm runs them at its own events, reading guest memory without entering it.
 * One run's registry, the events' runs, the upcall round trip and discards. */
#ifndef UVMM_HUPCALL_HUPCALL_H
#define UVMM_HUPCALL_HUPCALL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bpf/bpf.h"
#include "event.h"
#include "machine/vm.h"
#include "util/logcap.h"
#include "uvmm/abi.h"

/* What hupcall_hypercall returns when the host, not the guest, failed the
 * call (madvise refused): the run ends as HOST_ERROR. */
#define HUPCALL_HOST_ERROR 0x7ffe

#define HUPCALL_LAT_SAMPLES 1024u /* latencies kept per event (the first ones) */
#define HUPCALL_PENDING 2u        /* events one exit can cause (irq_target, reclaim) */

/* One event's registration. Everything here is read and written under
 * vm->io_lock, except sched (under hupcall_set.lock). */
struct hupcall_reg {
	int active;               /* a program or an upcall is registered */
	struct ebpf_prog *prog;   /* NULL: an upcall */
	struct ebpf_memmap mem;   /* the region (empty for an upcall) */
	uint64_t region, region_len;
	unsigned flags;
	uint64_t param;
	uint64_t runs;            /* of this registration */
	/* The last run, for STATUS. */
	int last_error;           /* enum uvmm_hupcall_run */
	int64_t last_pc;
	uint64_t last_r0, last_pages;
	int64_t resident_before, resident_after;
	char last_msg[UVMM_HUPCALL_MSG_MAX];
	/* Latencies, ask to answer (ns), of the first HUPCALL_LAT_SAMPLES runs
	 * (under hupcall_set.lock: the timer thread times upcalls without io_lock). */
	uint64_t lat[HUPCALL_LAT_SAMPLES];
	unsigned nlat;
};

/* A due periodic event, as the timer thread gets it. */
struct hupcall_due {
	unsigned event;
	uint32_t gen;
	int upcall;
	unsigned vector;
	uint64_t tick, late_ns, period_ns;
};

/* The timer thread's view of a periodic registration (under hupcall_set.lock). */
struct hupcall_sched {
	int on;                   /* periodic and registered */
	int upcall;
	unsigned vector;
	uint32_t gen;             /* bumped on every (un)registration of the event */
	uint64_t period_ns, next_ns;
	uint64_t ticks;
};

/* One discard a reclaim program asked for, applied after the run returned. */
struct hupcall_range {
	uint64_t gpa, len;
};

struct hupcall_config {
	struct vm *vm;            /* guest RAM, vCPUs, the VM fd (MSIs) */
	int dma_pinned;           /* a VFIO device maps guest RAM: no discards */
	FILE *log;                /* uvmm's own messages */
	struct logcap *glog;      /* messages the guest can trigger */
};

struct hupcall_set {
	struct hupcall_config cfg;
	struct hupcall_reg reg[UVMM_HUPCALL_EVENTS];
	unsigned registrations;   /* successful REGISTERs this run */
	struct ebpf_load_opts opts[UVMM_HUPCALL_EVENTS];
	/* Events an exit caused, for the run loop to record after it (per vCPU). */
	struct exit_event pending[VM_MAX_VCPUS][HUPCALL_PENDING];
	unsigned npending[VM_MAX_VCPUS];
	/* Reclaim: the program's discards, then merged. */
	struct hupcall_range ranges[UVMM_HUPCALL_MAX_INSNS];
	unsigned nranges;
	/* The timer thread and the upcall rendezvous. Lock order:
	 * vm->io_lock -> lock -> session.lock. */
	pthread_mutex_t lock;
	pthread_cond_t cond;      /* CLOCK_MONOTONIC */
	struct hupcall_sched sched[UVMM_HUPCALL_EVENTS];
	int stopping;
	struct {
		int waiting;          /* a question is out */
		struct hupcall_due due;
		uint64_t asked_ns, pages;
		int64_t resident_before; /* reclaim: guest RAM's resident pages when asked */
		int answered;
	} up;
};


int hupcall_init(struct hupcall_set *hu, const struct hupcall_config *cfg);
void hupcall_destroy(struct hupcall_set *hu);

/* ---- From a vCPU thread, under vm->io_lock ---------------------------------- */

/* Carries out a hupcall hypercall (ev decoded, status OK; ev->vcpu made it)
 * and writes the block's out part back. Returns the guest's status
 * (UVMM_HC_OK or UVMM_HC_E*) or HUPCALL_HOST_ERROR; a refusal leaves its
 * reason in err. */
int hupcall_hypercall(struct hupcall_set *hu, const struct exit_event *ev, char *err, size_t errlen);

/* 1 when an exit program is registered (a load: the per-exit cost of none). */
static inline int hupcall_has_exit(const struct hupcall_set *hu)
{
	return hu && hu->reg[UVMM_HUPCALL_EXIT].active;
}
/* Runs the exit program on ev; fills out (an EV_HUPCALL event). Returns 1. */
int hupcall_on_exit(struct hupcall_set *hu, const struct exit_event *ev, struct exit_event *out);

/* An MSI a vCPU sends. When it is flexible (lowest-priority delivery) and an
 * irq_target program is registered, the program picks the vCPU: address and
 * data are rewritten into a fixed MSI to it, and an event is queued. */
void hupcall_irq_target(struct hupcall_set *hu, unsigned vcpu, uint64_t *address,
			uint64_t *data);

/* Moves the events the last exit of vcpu caused into out (at most
 * HUPCALL_PENDING); returns how many. */
unsigned hupcall_take_events(struct hupcall_set *hu, unsigned vcpu, struct exit_event *out);

/* ---- From the timer thread -------------------------------------------------- */

/* Blocks until a periodic event is due (0, *d filled) or hupcall_stop (-1). */
int hupcall_next_due(struct hupcall_set *hu, struct hupcall_due *d);
/* A program's tick, with vm->io_lock held: runs it when the registration is
 * still d's. Returns 1 with *out, 0 when it went away meanwhile. */
int hupcall_tick(struct hupcall_set *hu, const struct hupcall_due *d, struct exit_event *out);
/* An upcall's tick, without io_lock: sends the vector to vCPU 0 and waits for
 * the guest's ANSWER. The answer's event is recorded by the vCPU that made
 * it, right after its exit. Returns 1 with *out when the timer thread must
 * record it itself, under io_lock and after hupcall_upcall_commit (no answer
 * in time, or the MSI failed); 0 otherwise. */
int hupcall_upcall(struct hupcall_set *hu, const struct hupcall_due *d, struct exit_event *out);
/* With io_lock held: counts such an unanswered upcall for STATUS. */
void hupcall_upcall_commit(struct hupcall_set *hu, const struct hupcall_due *d,
			   const struct exit_event *ev);
/* Wakes the timer thread for good. */
void hupcall_stop(struct hupcall_set *hu);

/* ---- Results ---------------------------------------------------------------- */

struct hupcall_event_stats {
	uint64_t runs;
	int last_error;           /* enum uvmm_hupcall_run of the last run */
	double median_ns;         /* ask to answer, over the kept samples */
	uint64_t pages;           /* reclaim: pages discarded by the last run */
	int64_t resident_before, resident_after;
};
struct hupcall_stats {
	unsigned registrations;
	struct hupcall_event_stats ev[UVMM_HUPCALL_EVENTS];
};
void hupcall_collect(const struct hupcall_set *hu, struct hupcall_stats *st);

/* The hash the HASH helper computes (FNV-1a over 64-bit little-endian words,
 * then the tail bytes; docs/hyperupcalls.md). */
uint64_t hupcall_hash(const void *buf, uint64_t len);

#endif
