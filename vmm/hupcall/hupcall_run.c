/* Running the registered programs: each event's context, the common run
 * (budget, byte budget, last-run record, latency), and what a failed run does
 * (log it, unregister the program: it can never run again). */
#include "hupcall/hupcall_internal.h"

#include <stdio.h>
#include <string.h>

#include "util/clock.h"

/* The exit context names kinds by the ABI's numbers: they are uvmm's own. */
_Static_assert((int)EV_PIO_IN == (int)UVMM_EK_PIO_IN && (int)EV_PIO_OUT == (int)UVMM_EK_PIO_OUT &&
	       (int)EV_MMIO_READ == (int)UVMM_EK_MMIO_READ && (int)EV_MMIO_WRITE == (int)UVMM_EK_MMIO_WRITE &&
	       (int)EV_HLT == (int)UVMM_EK_HLT && (int)EV_SHUTDOWN == (int)UVMM_EK_SHUTDOWN &&
	       (int)EV_MSR_READ == (int)UVMM_EK_MSR_READ && (int)EV_MSR_WRITE == (int)UVMM_EK_MSR_WRITE &&
	       (int)EV_HCALL == (int)UVMM_EK_HCALL && (int)EV_FAIL_ENTRY == (int)UVMM_EK_FAIL_ENTRY &&
	       (int)EV_INTERNAL_ERROR == (int)UVMM_EK_INTERNAL_ERROR && (int)EV_UNHANDLED == (int)UVMM_EK_UNHANDLED &&
	       (int)EV_IRQ_WINDOW == (int)UVMM_EK_IRQ_WINDOW && (int)EV_KVM_HYPERCALL == (int)UVMM_EK_KVM_HYPERCALL,
	       "exit kinds in uvmm/abi.h follow enum ev_kind");
_Static_assert((int)EBPF_ERR_BUDGET == UVMM_HUPCALL_RUN_BUDGET &&
	       (int)EBPF_ERR_BOUNDS == UVMM_HUPCALL_RUN_BOUNDS &&
	       (int)EBPF_ERR_PERM == UVMM_HUPCALL_RUN_PERM &&
	       (int)EBPF_ERR_ALIGN == UVMM_HUPCALL_RUN_ALIGN &&
	       (int)EBPF_ERR_DEPTH == UVMM_HUPCALL_RUN_DEPTH &&
	       (int)EBPF_ERR_HELPER == UVMM_HUPCALL_RUN_HELPER &&
	       (int)EBPF_ERR_INTERNAL == UVMM_HUPCALL_RUN_INTERNAL,
	       "run results in uvmm/abi.h follow enum ebpf_status");

const char *const hupcall_event_names[UVMM_HUPCALL_EVENTS] = UVMM_HUPCALL_EVENT_NAMES;

void hupcall_ctx_header(struct hupcall_set *hu, unsigned event, uint32_t vcpu,
			struct uvmm_hupcall_ctx *h)
{
	const struct hupcall_reg *r = &hu->reg[event];

	*h = (struct uvmm_hupcall_ctx){ .event = event, .vcpu = vcpu, .region = r->region,
					.region_len = r->region_len, .param = r->param,
					.seq = r->runs + 1,
					.now_ns = now_ns() };
}

void hupcall_event(struct exit_event *out, unsigned event, uint32_t vcpu, uint64_t arg,
		   int run, uint64_t r0)
{
	memset(out, 0, sizeof(*out));
	out->kind = EV_HUPCALL;
	out->vcpu = vcpu;
	out->addr = event;
	out->size = 8;
	out->count = 1;
	out->value = run == UVMM_HUPCALL_RUN_OK ? r0 : 0;
	out->status = run;
	out->nargs = 1;
	out->args[0].num = arg;
}

int hupcall_run_prog(struct hupcall_set *hu, unsigned event, void *ctx, size_t ctx_len,
		     struct hupcall_env *env, uint64_t t0, uint64_t *r0)
{
	struct hupcall_reg *r = &hu->reg[event];
	/* r1 = the context, r2 and r3 = the region, r4 = param; loop-free, so a run executes
	 * at most its n instructions and this budget is never what stops it. */
	struct ebpf_env e = {
		.mem = &r->mem, .ctx = ctx, .ctx_len = ctx_len, .ctx_perm = EBPF_READ,
		.r = { EBPF_CTX_ADDR, r->region, r->region_len, r->param }, .helper_env = env,
		.budget = UVMM_HUPCALL_MAX_INSNS,
	};
	struct ebpf_result res;
	int rc = ebpf_run(r->prog, &e, &res);

	uint64_t t1 = now_ns();

	r->runs++;
	hupcall_keep_latency(hu, event, t1 - t0, 0);
	r->last_r0 = *r0 = rc == 0 ? res.r0 : 0;
	r->last_error = rc == 0 ? UVMM_HUPCALL_RUN_OK : (int)res.status;
	r->last_pc = rc == 0 ? -1 : (int64_t)res.pc;
	r->last_msg[0] = 0;
	if (rc == 0)
		return UVMM_HUPCALL_RUN_OK;
	ebpf_result_format(&res, r->last_msg, sizeof(r->last_msg));
	if (res.status == EBPF_ERR_HELPER && env->err[0]) {
		size_t n = strlen(r->last_msg);
		snprintf(r->last_msg + n, sizeof(r->last_msg) - n, ": %s", env->err);
	}
	logcap_printf(hu->cfg.glog, "uvmm: hupcall %s: run %llu stopped: %s; the program is unregistered\n",
		      hupcall_event_names[event], (unsigned long long)r->runs, r->last_msg);
	hupcall_drop(hu, event);
	return r->last_error;
}

int hupcall_on_exit(struct hupcall_set *hu, const struct exit_event *ev, struct exit_event *out)
{
	struct uvmm_hupcall_exit_ctx ctx;
	struct hupcall_env env = { .hu = hu };
	uint64_t r0, t0 = now_ns();
	int run;

	hupcall_ctx_header(hu, UVMM_HUPCALL_EXIT, ev->vcpu, &ctx.h);
	ctx.kind = ev->kind;
	ctx.size = ev->size;
	ctx.count = ev->count;
	ctx.status = ev->status;
	ctx.addr = ev->addr;
	ctx.value = ev->value;
	ctx.rip = ev->rip;
	run = hupcall_run_prog(hu, UVMM_HUPCALL_EXIT, &ctx, sizeof(ctx), &env, t0, &r0);
	hupcall_event(out, UVMM_HUPCALL_EXIT, ev->vcpu, ev->vcpu, run, r0);
	out->rip = ev->rip; /* where the guest was: failure reports name it */
	return 1;
}

/* MSI data bits 8..10 (delivery mode): 001 is lowest priority, "any CPU of
 * the destination"; address bits 12..19 the destination, bit 2 logical mode. */
#define MSI_DM_SHIFT 8
#define MSI_DM_MASK (7ull << MSI_DM_SHIFT)
#define MSI_DM_LOWPRI 1ull
#define MSI_DEST_SHIFT 12
#define MSI_DEST_MASK (0xffull << MSI_DEST_SHIFT)
#define MSI_LOGICAL (1ull << 2)

void hupcall_queue_event(struct hupcall_set *hu, unsigned vcpu, const struct exit_event *ev)
{
	if (vcpu < VM_MAX_VCPUS && hu->npending[vcpu] < HUPCALL_PENDING)
		hu->pending[vcpu][hu->npending[vcpu]++] = *ev;
}

void hupcall_irq_target(struct hupcall_set *hu, unsigned vcpu, uint64_t *address, uint64_t *data)
{
	struct uvmm_hupcall_irq_ctx ctx;
	struct hupcall_env env = { .hu = hu };
	struct exit_event ev;
	struct vm *vm = hu->cfg.vm;
	uint64_t r0, t0;
	int run;

	if (!hu->reg[UVMM_HUPCALL_IRQ_TARGET].active ||
	    ((*data & MSI_DM_MASK) >> MSI_DM_SHIFT) != MSI_DM_LOWPRI)
		return;
	t0 = now_ns();
	memset(&ctx, 0, sizeof(ctx));
	hupcall_ctx_header(hu, UVMM_HUPCALL_IRQ_TARGET, vcpu, &ctx.h);
	ctx.vector = (uint32_t)(*data & 0xff);
	ctx.dest = (uint32_t)((*address & MSI_DEST_MASK) >> MSI_DEST_SHIFT);
	ctx.ncpus = vm->nvcpus;
	for (unsigned i = 0; i < vm->nvcpus && i < UVMM_HUPCALL_MAX_CPUS; i++) {
		int h = vcpu_halted(&vm->vcpus[i]);
		/* The asking vCPU is in user space, handling its own exit. */
		ctx.halted[i] = i == vcpu ? 0 : h < 0 ? 2 : (uint8_t)h;
	}
	run = hupcall_run_prog(hu, UVMM_HUPCALL_IRQ_TARGET, &ctx, sizeof(ctx), &env, t0, &r0);
	/* A vCPU that does not exist leaves the MSI as it was: KVM picks. */
	if (run == UVMM_HUPCALL_RUN_OK && r0 < vm->nvcpus) {
		*address = (*address & ~(MSI_DEST_MASK | MSI_LOGICAL)) | (r0 << MSI_DEST_SHIFT);
		*data &= ~MSI_DM_MASK;
	}
	hupcall_event(&ev, UVMM_HUPCALL_IRQ_TARGET, vcpu, ctx.vector, run, r0);
	hupcall_queue_event(hu, vcpu, &ev);
}

unsigned hupcall_take_events(struct hupcall_set *hu, unsigned vcpu, struct exit_event *out)
{
	unsigned n;

	if (!hu || vcpu >= VM_MAX_VCPUS)
		return 0;
	n = hu->npending[vcpu];
	memcpy(out, hu->pending[vcpu], n * sizeof(*out));
	hu->npending[vcpu] = 0;
	return n;
}

int hupcall_reclaim(struct hupcall_set *hu, uint64_t *pages, uint64_t *r0, char *err,
		    size_t errlen)
{
	struct hupcall_reg *r = &hu->reg[UVMM_HUPCALL_RECLAIM];
	struct uvmm_hupcall_reclaim_ctx ctx;
	struct hupcall_env env = { .hu = hu, .discards = 1 };
	int64_t before = guest_mem_resident_pages(&hu->cfg.vm->mem);
	uint64_t t0 = now_ns();
	int run;

	*pages = 0;
	memset(&ctx, 0, sizeof(ctx));
	hupcall_ctx_header(hu, UVMM_HUPCALL_RECLAIM, UINT32_MAX, &ctx.h);
	ctx.ram_size = hu->cfg.vm->mem.size;
	ctx.page_size = GUEST_PAGE_SIZE;
	hu->nranges = 0;
	run = hupcall_run_prog(hu, UVMM_HUPCALL_RECLAIM, &ctx, sizeof(ctx), &env, t0, r0);
	/* A run that failed discards nothing: its ranges may be half a list. */
	if (run == UVMM_HUPCALL_RUN_OK) {
		if (hupcall_discard_ranges(hu, pages, err, errlen) < 0)
			return -2;
		/* The latency of a reclaim is the program and the discards. */
		hupcall_keep_latency(hu, UVMM_HUPCALL_RECLAIM, now_ns() - t0, 1);
	}
	r->last_pages = *pages;
	r->resident_before = before;
	r->resident_after = guest_mem_resident_pages(&hu->cfg.vm->mem);
	return run;
}
