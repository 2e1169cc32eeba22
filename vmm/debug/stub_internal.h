/* What the stub's files share: the per-vCPU debug state, the breakpoint
 * tables and the all-stop state machine, all under one lock. Not an API. */
#ifndef UVMM_DEBUG_STUB_INTERNAL_H
#define UVMM_DEBUG_STUB_INTERNAL_H

#include <linux/kvm.h>
#include <pthread.h>

#include "debug/gdbstub.h"
#include "gdb/server.h"
#include "gdb/tdesc.h"

#define STUB_MAX_SW 64
#define STUB_HW_SLOTS 4
#define STUB_MAX_EMU_WATCH 4

/* RUNNING: the resumed vCPUs run. STOPPING: a stop was asked for and some
 * vCPU has not parked yet. STOPPED: every vCPU is parked or done. */
enum stub_state { STUB_RUNNING, STUB_STOPPING, STUB_STOPPED };

struct stub_vcpu {
	struct vcpu *v;
	uint8_t action;          /* enum gdb_action of the current resume */
	int parked, done;
	int pending;             /* ev happened and gdb has not heard of it */
	unsigned pending_seq;    /* the earliest event is reported first */
	struct gdb_stop ev;
	/* State while parked or done, loaded back before it runs again. */
	int have_state;
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	struct kvm_fpu fpu;
	int regs_dirty, sregs_dirty, fpu_dirty;
	int fault_view;          /* regs show the faulting context: never loaded */
	struct kvm_guest_debug applied;
	int applied_valid;
};

/* gdb's software breakpoint: an int3 in guest memory, or in real mode a
 * debug register (kvm_pvm does not intercept int3 there). */
struct stub_sw_bp {
	int used;
	int slot;               /* -1: an int3 at gpa; else the debug register */
	uint64_t addr, gpa;
	uint8_t orig;
};

/* One debug register; a watchpoint gdb asked for may take several (aligned
 * pieces), all with the same user address and length. */
struct stub_hw_slot {
	int used;
	unsigned type;            /* enum gdb_point */
	uint64_t addr;
	unsigned len;             /* 1, 2, 4, 8 */
	uint64_t user_addr, user_len;
	int for_sw;               /* stands in for a software breakpoint */
};

/* A write watchpoint done by single-stepping and comparing, on a KVM that
 * does not deliver data breakpoints. */
struct stub_emu_watch {
	int used;
	uint64_t addr;
	unsigned len;
	uint8_t value[8];
};

struct gdbstub {
	struct vm *vm;
	struct gdbstub_config cfg;
	char where[160];         /* the address as gdb writes it (actual port) */
	int listen_fd, conn_fd, wake[2];
	pthread_t thread;
	int thread_started;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	enum stub_state state;
	int reported;            /* gdb has heard of the current stop */
	int released;            /* the run is over: no vCPU waits any more */
	int quit;                /* the stub's thread must end */
	int postmortem;          /* every vCPU is done; gdb inspects final states */
	int pm_over;             /* gdb let the post-mortem go */
	int fault_hinted;
	unsigned seq;
	unsigned nvcpus;
	struct stub_vcpu vc[VM_MAX_VCPUS];
	struct stub_sw_bp sw[STUB_MAX_SW];
	struct stub_hw_slot hw[STUB_HW_SLOTS];
	struct stub_emu_watch ew[STUB_MAX_EMU_WATCH];
	int hw_data;             /* this KVM delivers data breakpoints */
	uint32_t debug_caps;     /* KVM_CAP_SET_GUEST_DEBUG2 */
	enum gdb_layout layout;
	char tdesc[GDB_TDESC_MAX];
	size_t tdesc_len;
	int connected;
	int exit_code;
	struct gdb_server srv;
};

/* stub.c: the all-stop machine (lock held). */
void stub_request_stop(struct gdbstub *g);
void stub_check_stopped(struct gdbstub *g);
void stub_wake_thread(struct gdbstub *g);
/* Resumes with actions[i] for vCPU i; reports a pending event instead when
 * a resumed vCPU has one. */
void stub_resume(struct gdbstub *g, const uint8_t *actions, unsigned n);
/* gdb is gone (detach or disconnect): no breakpoints, everything runs. */
void stub_let_go(struct gdbstub *g);
/* The event to report now: the earliest pending one (cleared), else an
 * interrupt on the last thread. */
struct gdb_stop stub_take_event(struct gdbstub *g);

/* stub_target.c: the gdb/server.h target over the parked vCPUs. */
extern const struct gdb_target_ops stub_target_ops;
/* The KVM_SET_GUEST_DEBUG the vCPU needs now; applied when it differs. */
void stub_apply_debug(struct gdbstub *g, struct stub_vcpu *sv);
void stub_remove_all_points(struct gdbstub *g);
/* The planted int3 at linear address addr, or NULL. */
const struct stub_sw_bp *stub_sw_at(const struct gdbstub *g, uint64_t addr);
/* Emulated watchpoints: 1 when one of them changed (*addr set). */
int stub_emu_watch_hit(struct gdbstub *g, struct stub_vcpu *sv, uint64_t *addr);
int stub_emu_watching(const struct gdbstub *g);
size_t stub_describe(const struct gdbstub *g, unsigned tid, char *buf, size_t size);

/* stub_io.c: the socket and the stub's thread. */
int stub_listen(struct gdbstub *g, char *err, size_t errlen);
void *stub_thread_main(void *arg);
void stub_close_sockets(struct gdbstub *g);

/* hw_probe.c */
/* 1 when KVM_SET_GUEST_DEBUG data breakpoints fire on this host (a tiny
 * throwaway VM writes to a watched byte), 0 when not. */
int stub_probe_data_breakpoints(const struct kvm_host *kvm);

#endif
