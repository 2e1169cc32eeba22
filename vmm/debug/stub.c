/* The all-stop machine. A vCPU runs only while the stub is RUNNING and gdb
 * resumed it; otherwise it parks in gdbstub_vcpu_enter, after saving its
 * registers for gdb. The stub's thread (stub_io.c) talks to gdb and is woken
 * through a pipe when the last vCPU parks. One lock covers everything. */
#include "debug/stub_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util/errmsg.h"

void stub_wake_thread(struct gdbstub *g)
{
	char c = 1;
	ssize_t w = write(g->wake[1], &c, 1);

	(void)w; /* a full pipe already wakes the thread */
}

static void set_clock(struct gdbstub *g, int running)
{
	if (g->cfg.run_clock)
		g->cfg.run_clock(g->cfg.ctx, running);
}

void stub_check_stopped(struct gdbstub *g)
{
	if (g->state != STUB_STOPPING)
		return;
	for (unsigned i = 0; i < g->nvcpus; i++)
		if (!g->vc[i].parked && !g->vc[i].done)
			return;
	g->state = STUB_STOPPED;
	g->reported = 0;
	set_clock(g, 0);
	stub_wake_thread(g);
}

void stub_request_stop(struct gdbstub *g)
{
	if (g->state == STUB_RUNNING)
		g->state = STUB_STOPPING;
	for (unsigned i = 0; i < g->nvcpus; i++)
		if (!g->vc[i].parked && !g->vc[i].done)
			vcpu_kick(g->vc[i].v);
	stub_check_stopped(g);
}

static void add_event(struct gdbstub *g, struct stub_vcpu *sv, int signal, int why, uint64_t addr)
{
	if (sv->pending)
		return;
	sv->pending = 1;
	sv->pending_seq = ++g->seq;
	sv->ev = (struct gdb_stop){ (unsigned)sv->v->h.id + 1, signal, why, addr };
}

struct gdb_stop stub_take_event(struct gdbstub *g)
{
	struct stub_vcpu *first = NULL;

	for (unsigned i = 0; i < g->nvcpus; i++)
		if (g->vc[i].pending && (!first || g->vc[i].pending_seq < first->pending_seq))
			first = &g->vc[i];
	if (first) {
		first->pending = 0;
		return first->ev;
	}
	return (struct gdb_stop){ g->srv.stop.tid ? g->srv.stop.tid : 1, GDB_SIGINT, GDB_WHY_NONE, 0 };
}

/* Registers as KVM has them now. A hypercall's result may still sit in the
 * synced registers of kvm_run: write it back first, or it would be lost. */
static void save_state(struct stub_vcpu *sv)
{
	struct vcpu *v = sv->v;
	struct kvm_run *run = v->h.run;

	if (sv->have_state)
		return;
	if (v->sync_regs && (run->kvm_dirty_regs & KVM_SYNC_X86_REGS)) {
		ioctl(v->h.fd, KVM_SET_REGS, &run->s.regs.regs);
		run->kvm_dirty_regs &= ~(uint64_t)KVM_SYNC_X86_REGS;
	}
	memset(&sv->regs, 0, sizeof(sv->regs));
	memset(&sv->sregs, 0, sizeof(sv->sregs));
	memset(&sv->fpu, 0, sizeof(sv->fpu));
	ioctl(v->h.fd, KVM_GET_REGS, &sv->regs);
	ioctl(v->h.fd, KVM_GET_SREGS, &sv->sregs);
	ioctl(v->h.fd, KVM_GET_FPU, &sv->fpu);
	sv->regs_dirty = sv->sregs_dirty = sv->fpu_dirty = 0;
	sv->have_state = 1;
}

/* What gdb changed goes back into KVM; a fault view is dropped, so the vCPU
 * goes on from where it really is. */
static void load_state(struct stub_vcpu *sv)
{
	int fd = sv->v->h.fd;

	if (!sv->have_state)
		return;
	if (!sv->fault_view) {
		if (sv->sregs_dirty)
			ioctl(fd, KVM_SET_SREGS, &sv->sregs);
		if (sv->regs_dirty)
			ioctl(fd, KVM_SET_REGS, &sv->regs);
		if (sv->fpu_dirty)
			ioctl(fd, KVM_SET_FPU, &sv->fpu);
	}
	sv->fault_view = 0;
	sv->have_state = 0;
}

static int may_run(const struct gdbstub *g, const struct stub_vcpu *sv)
{
	return g->released || (g->state == STUB_RUNNING && sv->action != GDB_ACT_NONE);
}

void gdbstub_vcpu_enter(struct gdbstub *g, struct vcpu *v)
{
	struct stub_vcpu *sv = &g->vc[v->h.id];

	pthread_mutex_lock(&g->lock);
	if (!may_run(g, sv)) {
		save_state(sv);
		sv->parked = 1;
		stub_check_stopped(g);
		pthread_cond_broadcast(&g->cond);
		while (!may_run(g, sv))
			pthread_cond_wait(&g->cond, &g->lock);
		sv->parked = 0;
	}
	load_state(sv);
	stub_apply_debug(g, sv);
	pthread_mutex_unlock(&g->lock);
}

/* gdb's int3 or a guest's own: a planted one is a breakpoint hit, another
 * goes back to the guest as the #BP it raised. */
static void on_int3(struct gdbstub *g, struct stub_vcpu *sv, uint64_t pc)
{
	struct kvm_vcpu_events ev;

	const struct stub_sw_bp *b = stub_sw_at(g, pc);

	if (b && b->slot < 0) {
		add_event(g, sv, GDB_SIGTRAP, GDB_WHY_SWBREAK, 0);
		stub_request_stop(g);
		return;
	}
	memset(&ev, 0, sizeof(ev));
	if (ioctl(sv->v->h.fd, KVM_GET_VCPU_EVENTS, &ev) == 0) {
		ev.exception.injected = 1;
		ev.exception.nr = 3;
		ev.exception.has_error_code = 0;
		if (ioctl(sv->v->h.fd, KVM_SET_VCPU_EVENTS, &ev) == 0)
			return;
	}
	add_event(g, sv, GDB_SIGTRAP, GDB_WHY_NONE, 0);
	stub_request_stop(g);
}

#define DR6_BS (1u << 14)

static void on_db(struct gdbstub *g, struct stub_vcpu *sv, uint64_t dr6)
{
	static const int why[GDB_PT_COUNT] = { GDB_WHY_SWBREAK, GDB_WHY_HWBREAK, GDB_WHY_WATCH,
					       GDB_WHY_RWATCH, GDB_WHY_AWATCH };
	uint64_t addr;

	for (unsigned i = 0; i < STUB_HW_SLOTS; i++) {
		const struct stub_hw_slot *h = &g->hw[i];

		if ((dr6 & (1u << i)) && h->used) {
			add_event(g, sv, GDB_SIGTRAP, h->for_sw ? GDB_WHY_SWBREAK : why[h->type],
				  h->user_addr);
			stub_request_stop(g);
			return;
		}
	}
	if (!(dr6 & DR6_BS)) {
		/* Not one of ours: say so rather than lose it. */
		add_event(g, sv, GDB_SIGTRAP, GDB_WHY_NONE, 0);
		stub_request_stop(g);
		return;
	}
	if (stub_emu_watching(g) && stub_emu_watch_hit(g, sv, &addr)) {
		add_event(g, sv, GDB_SIGTRAP, GDB_WHY_WATCH, addr);
		stub_request_stop(g);
	} else if (sv->action == GDB_ACT_STEP) {
		add_event(g, sv, GDB_SIGTRAP, GDB_WHY_NONE, 0);
		stub_request_stop(g);
	}
	/* else: a step taken only to watch memory, and nothing changed */
}

int gdbstub_vcpu_exit(struct gdbstub *g, struct vcpu *v)
{
	struct kvm_run *run = v->h.run;
	struct stub_vcpu *sv = &g->vc[v->h.id];
	struct kvm_regs r;
	int ours = 1;

	if (run->exit_reason != KVM_EXIT_DEBUG && run->exit_reason != KVM_EXIT_INTERNAL_ERROR)
		return 0;
	pthread_mutex_lock(&g->lock);
	if (run->exit_reason == KVM_EXIT_DEBUG) {
		if (run->debug.arch.exception == 3)
			on_int3(g, sv, run->debug.arch.pc);
		else
			on_db(g, sv, run->debug.arch.dr6);
	} else {
		/* kvm_pvm cannot emulate the int3 it intercepted: an emulation
		 * failure at a planted int3 is a breakpoint hit. */
		const struct stub_sw_bp *b;

		ours = run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION &&
		       ioctl(v->h.fd, KVM_GET_REGS, &r) == 0 && (b = stub_sw_at(g, r.rip)) &&
		       b->slot < 0;
		if (ours)
			on_int3(g, sv, r.rip);
	}
	pthread_mutex_unlock(&g->lock);
	return ours;
}

void gdbstub_fault(struct gdbstub *g, struct vcpu *v, const struct gdbstub_fault *f,
		   int run_over)
{
	struct stub_vcpu *sv = &g->vc[v->h.id];

	if (!g->cfg.on_fault)
		return;
	pthread_mutex_lock(&g->lock);
	if (sv->pending || g->released) {
		pthread_mutex_unlock(&g->lock);
		return;
	}
	save_state(sv);
	if (f->have_frame) {
		sv->regs = f->frame;
		sv->sregs.cs.selector = f->frame_cs;
		sv->sregs.ss.selector = f->frame_ss;
		sv->fault_view = 1;
	}
	add_event(g, sv, f->signal, GDB_WHY_NONE, 0);
	if (!g->connected && !g->fault_hinted) {
		g->fault_hinted = 1;
		fprintf(g->cfg.log, "uvmm: %s on vcpu %d at %s: stopped for gdb\n"
			"uvmm: attach with: gdb %s -ex 'target remote %s'\n", f->what, v->h.id,
			f->where ? f->where : "?", g->cfg.image, g->where);
		fflush(g->cfg.log);
	}
	/* A run that ends here is served post-mortem once every vCPU is done;
	 * one that goes on stops now. */
	if (!run_over)
		stub_request_stop(g);
	pthread_mutex_unlock(&g->lock);
}

void gdbstub_vcpu_done(struct gdbstub *g, struct vcpu *v, int run_over)
{
	struct stub_vcpu *sv = &g->vc[v->h.id];

	pthread_mutex_lock(&g->lock);
	save_state(sv);
	sv->done = 1;
	if (run_over)
		g->released = 1;
	stub_check_stopped(g);
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

void stub_resume(struct gdbstub *g, const uint8_t *actions, unsigned n)
{
	int runs = 0;

	for (unsigned i = 0; i < g->nvcpus; i++) {
		struct stub_vcpu *sv = &g->vc[i];

		sv->action = i < n && !sv->done ? actions[i] : GDB_ACT_NONE;
		if (sv->action == GDB_ACT_NONE)
			continue;
		runs = 1;
		/* A breakpoint a resumed vCPU sits on is hit again when it runs
		 * (a debug register too: KVM does not set RF for it). */
		if (sv->pending && (sv->ev.why == GDB_WHY_SWBREAK || sv->ev.why == GDB_WHY_HWBREAK))
			sv->pending = 0;
	}
	if (g->postmortem) {
		/* Nothing can run any more: the run ends (gdb hears the exit code). */
		g->pm_over = 1;
		pthread_cond_broadcast(&g->cond);
		return;
	}
	for (unsigned i = 0; i < g->nvcpus; i++)
		if (!runs || (g->vc[i].action != GDB_ACT_NONE && g->vc[i].pending)) {
			/* Another vCPU's event is still unreported: that is this stop. */
			struct gdb_stop ev = stub_take_event(g);

			g->reported = 1;
			gdb_server_stopped(&g->srv, &ev);
			return;
		}
	g->state = STUB_RUNNING;
	g->reported = 0;
	set_clock(g, 1);
	pthread_cond_broadcast(&g->cond);
}

void stub_let_go(struct gdbstub *g)
{
	uint8_t all[VM_MAX_VCPUS];

	stub_remove_all_points(g);
	for (unsigned i = 0; i < g->nvcpus; i++) {
		all[i] = GDB_ACT_CONTINUE;
		g->vc[i].pending = 0;
	}
	if (g->postmortem) {
		g->pm_over = 1;
		pthread_cond_broadcast(&g->cond);
		return;
	}
	if (g->state == STUB_RUNNING) {
		for (unsigned i = 0; i < g->nvcpus; i++)
			g->vc[i].action = GDB_ACT_CONTINUE;
		pthread_cond_broadcast(&g->cond);
		return;
	}
	stub_resume(g, all, g->nvcpus);
}

/* gdb learns the register layout from the image's class (a 32-bit ELF with
 * 64-bit registers is rejected) and the instruction set from the mode the
 * guest starts in: real mode is i8086. */
static void describe_target(struct gdbstub *g)
{
	struct kvm_sregs s;
	const char *arch = "i386:x86-64";

	if (g->layout == GDB_LAYOUT_I386)
		arch = ioctl(g->vm->vcpus[0].h.fd, KVM_GET_SREGS, &s) == 0 && !(s.cr0 & 1) ? "i8086"
											     : "i386";
	g->tdesc_len = gdb_tdesc_build(g->layout, arch, g->tdesc, sizeof(g->tdesc));
}

struct gdbstub *gdbstub_open(struct vm *vm, const struct gdbstub_config *cfg, char *err,
			     size_t errlen)
{
	struct gdbstub *g = calloc(1, sizeof(*g));
	int caps;

	if (!g) {
		errmsg(err, errlen, "out of memory");
		return NULL;
	}
	g->vm = vm;
	g->cfg = *cfg;
	g->listen_fd = g->conn_fd = g->wake[0] = g->wake[1] = -1;
	g->nvcpus = vm->nvcpus;
	g->layout = cfg->elf_class == 64 ? GDB_LAYOUT_AMD64 : GDB_LAYOUT_I386;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->cond, NULL);
	for (unsigned i = 0; i < g->nvcpus; i++) {
		g->vc[i].v = &vm->vcpus[i];
		g->vc[i].action = cfg->wait ? GDB_ACT_NONE : GDB_ACT_CONTINUE;
	}
	g->state = cfg->wait ? STUB_STOPPED : STUB_RUNNING;
	g->reported = 1; /* the first stop is told when gdb attaches */
	describe_target(g);
	if (!g->tdesc_len) {
		errmsg(err, errlen, "target description does not fit");
		goto fail;
	}
	if (kvm_cap(&vm->kvm, KVM_CAP_SET_GUEST_DEBUG) <= 0) {
		errmsg(err, errlen, "this KVM has no KVM_CAP_SET_GUEST_DEBUG");
		goto fail;
	}
	caps = ioctl(vm->fd, KVM_CHECK_EXTENSION, KVM_CAP_SET_GUEST_DEBUG2);
	g->debug_caps = caps > 0 ? (uint32_t)caps : 0;
	g->hw_data = stub_probe_data_breakpoints(&vm->kvm);
	if (!g->hw_data)
		fprintf(cfg->log, "uvmm: this KVM does not deliver data breakpoints: gdb's watch is "
			"done by single-stepping, rwatch and awatch are not available\n");
	if (pipe2(g->wake, O_CLOEXEC | O_NONBLOCK) < 0) {
		errmsg(err, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	if (stub_listen(g, err, errlen) < 0)
		goto fail;
	return g;
fail:
	gdbstub_close(g, 0);
	return NULL;
}

int gdbstub_listen_fd(const struct gdbstub *g)
{
	return g ? g->listen_fd : -1;
}

int gdbstub_start(struct gdbstub *g)
{
	if (g->cfg.wait) {
		set_clock(g, 0);
		fprintf(g->cfg.log, "uvmm: waiting for gdb on %s: gdb %s -ex 'target remote %s'\n",
			g->where, g->cfg.image, g->where);
		fflush(g->cfg.log);
	}
	if (pthread_create(&g->thread, NULL, stub_thread_main, g) != 0)
		return -1;
	g->thread_started = 1;
	return 0;
}

void gdbstub_postmortem(struct gdbstub *g)
{
	int fault = 0;

	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	for (unsigned i = 0; i < g->nvcpus; i++)
		fault |= g->vc[i].pending;
	if (fault && !g->quit) {
		g->postmortem = 1;
		g->state = STUB_STOPPED;
		g->reported = 0;
		set_clock(g, 0);
		stub_wake_thread(g);
		while (!g->pm_over && !g->quit)
			pthread_cond_wait(&g->cond, &g->lock);
	}
	pthread_mutex_unlock(&g->lock);
}

void gdbstub_close(struct gdbstub *g, int exit_code)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->quit = 1;
	g->exit_code = exit_code;
	g->released = 1;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
	if (g->thread_started) {
		stub_wake_thread(g);
		pthread_join(g->thread, NULL);
	}
	stub_close_sockets(g);
	for (int i = 0; i < 2; i++)
		if (g->wake[i] >= 0)
			close(g->wake[i]);
	pthread_cond_destroy(&g->cond);
	pthread_mutex_destroy(&g->lock);
	free(g);
}
