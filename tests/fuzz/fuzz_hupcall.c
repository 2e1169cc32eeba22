/* libFuzzer target: hyperupcall registration and runs as a guest drives them
 * (hypercall 13 with guest-chosen fields, program and region in guest RAM),
 * on a VM without KVM. Bytes 0..63: the block's eight fields (prog and
 * region are offsets into RAM, so they hit it often); from 64 on: the
 * program's slots, copied to PROG_GPA. After REGISTER the event runs once
 * (exit, reclaim by TRIGGER, irq_target on an MSI, a timer tick), then
 * STATUS, a BALLOON of the program's words, UNREGISTER. It must never write
 * outside guest RAM (canaries, ASan), every refusal must name its rule (the
 * verifier's) or be another status, an accepted program is loop-free (so no
 * run ends on the budget), and discards stay within RAM. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hupcall/hupcall.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM GUEST_MEM_MIN
#define PROG_GPA 0x1000ull
#define BLOCK_GPA 0x100000ull

static struct vm vm;
static struct logcap glog;
static FILE *devnull;

static void init_once(void)
{
	if (vm.mem.host)
		return;
	if (guest_mem_init(&vm.mem, RAM) < 0)
		abort();
	vm.fd = -1;
	vm.nvcpus = 2;
	vm.irqchip = 1;
	for (unsigned i = 0; i < 2; i++) {
		vm.vcpus[i].vm = &vm;
		vm.vcpus[i].stats_fd = -1;
	}
	devnull = fopen("/dev/null", "w");
	logcap_init(&glog, devnull, LOGCAP_DEFAULT);
}

static long call(struct hupcall_set *hu, const uint64_t f[8], struct uvmm_hupcall_out *out)
{
	struct exit_event ev = { .kind = EV_HCALL, .addr = UVMM_HC_HUPCALL, .value = BLOCK_GPA, .nargs = 8 };
	char err[256];
	long st;

	for (unsigned i = 0; i < 8; i++)
		ev.args[i].num = f[i];
	memset(out, 0xa5, sizeof(*out));
	guest_write(&vm.mem, BLOCK_GPA + offsetof(struct uvmm_hc_hupcall, out), out, sizeof(*out));
	st = hupcall_hypercall(hu, &ev, err, sizeof(err));
	if (st == HUPCALL_HOST_ERROR)
		abort(); /* nothing on this host can fail but a bug */
	guest_read(&vm.mem, BLOCK_GPA + offsetof(struct uvmm_hc_hupcall, out), out, sizeof(*out));
	if (out->status != st || !memchr(out->msg, 0, sizeof(out->msg)))
		abort();
	if (st == UVMM_HC_EACCES && (out->rule == 0 || out->rule > UVMM_HU_RULE_LOOP || !out->msg[0]))
		abort();
	if (st != UVMM_HC_OK && !out->msg[0])
		abort();
	return st;
}

static void check_run(const struct exit_event *ev)
{
	if (ev->kind != EV_HUPCALL || ev->status < 0 || ev->status >= (int)UVMM_HUPCALL_RUNS ||
	    ev->status == UVMM_HUPCALL_RUN_BUDGET || ev->status == UVMM_HUPCALL_RUN_DEPTH ||
	    ev->status == UVMM_HUPCALL_RUN_INTERNAL)
		abort();
}

static void run_event(struct hupcall_set *hu, unsigned event, const uint64_t f[8])
{
	struct exit_event ev = { .kind = EV_PIO_OUT, .addr = 0x80, .size = 1, .count = 1, .value = f[7] };
	struct exit_event out[HUPCALL_PENDING];
	struct uvmm_hupcall_out o;
	uint64_t addr = 0xfee00000ull | (f[6] & 0xff000), data = (f[7] & 0xff) | 1ull << 8;
	struct hupcall_due d;
	unsigned n;

	switch (event) {
	case UVMM_HUPCALL_EXIT:
		if (hupcall_has_exit(hu)) {
			hupcall_on_exit(hu, &ev, &out[0]);
			check_run(&out[0]);
		}
		break;
	case UVMM_HUPCALL_RECLAIM:
		if (call(hu, (uint64_t[8]){ UVMM_HUPCALL_TRIGGER, event }, &o) == UVMM_HC_OK &&
		    o.pages > RAM / GUEST_PAGE_SIZE)
			abort();
		break;
	case UVMM_HUPCALL_IRQ_TARGET:
		hupcall_irq_target(hu, 1, &addr, &data);
		if ((addr & 0xfff00000ull) != 0xfee00000ull)
			abort();
		break;
	default:
		d = (struct hupcall_due){ .event = event, .gen = hu->sched[event].gen, .tick = 1,
					  .period_ns = hu->sched[event].period_ns };
		if (!hu->sched[event].upcall && hupcall_tick(hu, &d, &out[0]))
			check_run(&out[0]);
		break;
	}
	n = hupcall_take_events(hu, 1, out);
	n += hupcall_take_events(hu, 0, out);
	for (unsigned i = 0; i < n && i < HUPCALL_PENDING; i++)
		check_run(&out[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct hupcall_set hu;
	struct uvmm_hupcall_out o;
	uint64_t f[8] = { 0 };
	size_t nprog;
	long st;

	init_once();
	memcpy(f, data, size < 64 ? size : 64);
	nprog = size > 64 ? size - 64 : 0;
	if (nprog > RAM - PROG_GPA - 0x10000)
		nprog = RAM - PROG_GPA - 0x10000;
	memset(vm.mem.host, 0x11, 0x10000);
	guest_write(&vm.mem, PROG_GPA, data + 64, nprog);
	/* Aim the guest's addresses into RAM most of the time. */
	f[0] %= UVMM_HUPCALL_OPS + 1;
	if (!(f[1] & 0x100))
		f[1] %= UVMM_HUPCALL_EVENTS;
	if (f[2] & 1)
		f[2] = PROG_GPA;
	if (f[4] & 1)
		f[4] %= RAM;
	if (hupcall_init(&hu, &(struct hupcall_config){ .vm = &vm, .log = devnull, .glog = &glog }) < 0)
		abort();
	st = call(&hu, f, &o);
	if (f[0] == UVMM_HUPCALL_REGISTER && st == UVMM_HC_OK) {
		if (f[1] >= UVMM_HUPCALL_EVENTS || f[5] > RAM / UVMM_HUPCALL_REGION_DIVISOR)
			abort();
		if (hu.reg[f[1]].prog && !ebpf_prog_loop_free(hu.reg[f[1]].prog))
			abort();
		run_event(&hu, (unsigned)f[1], f);
		call(&hu, (uint64_t[8]){ UVMM_HUPCALL_STATUS, f[1] }, &o);
		call(&hu, (uint64_t[8]){ UVMM_HUPCALL_BALLOON, 0, 0, 0, PROG_GPA, nprog & ~7ull }, &o);
		call(&hu, (uint64_t[8]){ UVMM_HUPCALL_UNREGISTER, f[1] }, &o);
	}
	hupcall_destroy(&hu);
	if (!guest_mem_canary_ok(&vm.mem))
		abort();
	return 0;
}
