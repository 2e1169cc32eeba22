/* Unit tests of the hyperupcall registry (vmm/hupcall/) on a VM with guest
 * RAM but no KVM: registration and its refusals as the guest sees them in
 * the block's out, each event's run and context, discards (merged, applied
 * only after a run returns), the helper budget, the cap, the timer's schedule,
 * upcall answers and the balloon. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bpf_util.h"
#include "hupcall/hupcall.h"

#define RAM (16ull << 20)
#define PROG_GPA 0x10000ull
#define REGION_GPA 0x20000ull
#define BLOCK_GPA 0x30000ull

struct fx {
	struct vm vm;
	struct hupcall_set hu;
	struct logcap glog;
	FILE *log;
	char *logbuf;
	size_t loglen;
	struct uvmm_hupcall_out out;
	char err[256];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(guest_mem_init(&f->vm.mem, RAM), 0);
	f->vm.fd = -1;
	f->vm.nvcpus = 2;
	for (unsigned i = 0; i < 2; i++) {
		f->vm.vcpus[i].vm = &f->vm;
		f->vm.vcpus[i].stats_fd = -1;
	}
	f->log = open_memstream(&f->logbuf, &f->loglen);
	logcap_init(&f->glog, f->log, LOGCAP_DEFAULT);
	assert_int_equal(hupcall_init(&f->hu, &(struct hupcall_config){ .vm = &f->vm, .log = f->log,
								       .glog = &f->glog }), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	hupcall_destroy(&f->hu);
	assert_true(guest_mem_canary_ok(&f->vm.mem));
	guest_mem_free(&f->vm.mem);
	logcap_finish(&f->glog);
	fclose(f->log);
	free(f->logbuf);
	free(f);
	return 0;
}

/* Puts the assembled program at PROG_GPA; returns its slots. */
static uint64_t prog(struct fx *f, const char *text)
{
	size_t n;
	const struct ebpf_insn *p = bpf_asm_ok(text, &n);

	assert_int_equal(guest_write(&f->vm.mem, PROG_GPA, p, n * 8), 0);
	return n;
}

/* Hypercall 13 with these fields, as the decoder hands it over. */
static long call(struct fx *f, uint64_t op, uint64_t event, uint64_t nslots, uint64_t region,
		 uint64_t len, uint64_t flags, uint64_t param)
{
	uint64_t fields[8] = { op, event, nslots ? PROG_GPA : 0, nslots, region, len, flags, param };
	struct exit_event ev = { .kind = EV_HCALL, .addr = UVMM_HC_HUPCALL, .value = BLOCK_GPA,
				 .nargs = 8 };
	long st;

	for (unsigned i = 0; i < 8; i++)
		ev.args[i].num = fields[i];
	assert_int_equal(guest_write(&f->vm.mem, BLOCK_GPA, fields, sizeof(fields)), 0);
	st = hupcall_hypercall(&f->hu, &ev, f->err, sizeof(f->err));
	assert_int_equal(guest_read(&f->vm.mem, BLOCK_GPA + offsetof(struct uvmm_hc_hupcall, out), &f->out,
				    sizeof(f->out)), 0);
	return st;
}

static long reg(struct fx *f, unsigned event, const char *text, uint64_t len, uint64_t flags,
		uint64_t param)
{
	return call(f, UVMM_HUPCALL_REGISTER, event, prog(f, text), REGION_GPA, len, flags, param);
}

static struct exit_event pio_out(uint32_t vcpu, uint64_t v)
{
	struct exit_event ev = { .kind = EV_PIO_OUT, .vcpu = vcpu, .addr = 0x80, .size = 1, .count = 1,
				 .value = v, .rip = 0x100123 };
	return ev;
}

static void test_exit_run_and_context(void **state)
{
	struct fx *f = *state;
	struct exit_event ev = pio_out(1, 0x55), out;
	char text[512];
	uint64_t v = 0x2a;

	assert_false(hupcall_has_exit(&f->hu));
	guest_write(&f->vm.mem, REGION_GPA, &v, 8);
	/* r0 = region[0] + ctx.value + ctx.kind + r4 (param) + ctx.rip */
	snprintf(text, sizeof(text),
		 "ldxdw %%r0, [%%r2]\nldxdw %%r5, [%%r1+%zu]\nadd %%r0, %%r5\nldxw %%r5, [%%r1+%zu]\n"
		 "add %%r0, %%r5\nadd %%r0, %%r4\nldxdw %%r5, [%%r1+%zu]\nadd %%r0, %%r5\nexit",
		 offsetof(struct uvmm_hupcall_exit_ctx, value), offsetof(struct uvmm_hupcall_exit_ctx, kind),
		 offsetof(struct uvmm_hupcall_exit_ctx, rip));
	assert_int_equal(reg(f, UVMM_HUPCALL_EXIT, text, 8, 0, 0x1000), UVMM_HC_OK);
	assert_int_equal(f->out.status, UVMM_HC_OK);
	assert_true(hupcall_has_exit(&f->hu));
	assert_int_equal(hupcall_on_exit(&f->hu, &ev, &out), 1);
	assert_int_equal(out.kind, EV_HUPCALL);
	assert_int_equal(out.addr, UVMM_HUPCALL_EXIT);
	assert_int_equal(out.status, UVMM_HUPCALL_RUN_OK);
	assert_int_equal(out.nargs, 1);
	assert_int_equal(out.args[0].num, 1); /* the vCPU */
	assert_int_equal(out.value, 0x2a + 0x55 + UVMM_EK_PIO_OUT + 0x1000 + 0x100123);
	/* The header: seq counts the registration's runs from 1. */
	snprintf(text, sizeof(text), "ldxdw %%r0, [%%r1+%zu]\nexit", offsetof(struct uvmm_hupcall_ctx, seq));
	assert_int_equal(call(f, UVMM_HUPCALL_UNREGISTER, UVMM_HUPCALL_EXIT, 0, 0, 0, 0, 0), UVMM_HC_OK);
	assert_int_equal(reg(f, UVMM_HUPCALL_EXIT, text, 8, 0, 0), UVMM_HC_OK);
	for (uint64_t i = 1; i <= 3; i++) {
		hupcall_on_exit(&f->hu, &ev, &out);
		assert_int_equal(out.value, i);
	}
	assert_int_equal(call(f, UVMM_HUPCALL_STATUS, UVMM_HUPCALL_EXIT, 0, 0, 0, 0, 0), UVMM_HC_OK);
	assert_int_equal(f->out.registered, 1);
	assert_int_equal(f->out.runs, 3);
	assert_int_equal(f->out.r0, 3);
}

/* What the guest learns from a refusal: the status, the rule and the
 * instruction, the line; and nothing is registered. */
static void test_refusals(void **state)
{
	struct fx *f = *state;

	assert_int_equal(reg(f, UVMM_HUPCALL_EXIT, "mov %r0, 0\nja -2\nexit", 8, 0, 0), UVMM_HC_EACCES);
	assert_int_equal(f->out.status, UVMM_HC_EACCES);
	assert_int_equal(f->out.rule, UVMM_HU_RULE_LOOP);
	assert_int_equal(f->out.pc, 1);
	assert_string_equal(f->out.msg, "exit program: insn 1 (ja): loop: jumps back to insn 0; this program "
			    "must be loop-free (unroll the loop)");
	assert_string_equal(f->err, f->out.msg);
	assert_false(hupcall_has_exit(&f->hu));

	assert_int_equal(reg(f, UVMM_HUPCALL_TIMER, "call 3\nexit", 8, 0, 1000), UVMM_HC_EACCES);
	assert_int_equal(f->out.rule, UVMM_HU_RULE_HELPER);
	assert_int_equal(reg(f, UVMM_HUPCALL_EXIT, "mov %r0, 0\nexit", RAM / 50 + 1, 0, 0), UVMM_HC_EINVAL);
	assert_int_equal(f->out.pc, -1);
	assert_int_equal(f->out.rule, 0);
	assert_non_null(strstr(f->out.msg, "more than 2% of guest RAM"));
	assert_int_equal(call(f, UVMM_HUPCALL_REGISTER, UVMM_HUPCALL_EXIT, prog(f, "mov %r0, 0\nexit"),
			      PROG_GPA + 8, 8, 0, 0), UVMM_HC_EINVAL);
	assert_non_null(strstr(f->out.msg, "overlaps the program"));
	assert_int_equal(call(f, UVMM_HUPCALL_REGISTER, UVMM_HUPCALL_TIMER, 0, 0, 0,
			      UVMM_HUPCALL_UPCALL | UVMM_HUPCALL_VECTOR(0x60), 1000), UVMM_HC_EINVAL);
	assert_non_null(strstr(f->out.msg, "needs the in-kernel irqchip"));
	/* A VFIO device pins guest RAM: no discards at all. */
	f->hu.cfg.dma_pinned = 1;
	assert_int_equal(reg(f, UVMM_HUPCALL_RECLAIM, "mov %r0, 0\nexit", 8, 0, 0), UVMM_HC_EINVAL);
	assert_non_null(strstr(f->out.msg, "a VFIO device maps guest RAM"));
	f->hu.cfg.dma_pinned = 0;
	/* The out part must be in RAM before anything is done. */
	struct exit_event ev = { .kind = EV_HCALL, .addr = UVMM_HC_HUPCALL, .value = RAM - 64, .nargs = 8 };
	assert_int_equal(hupcall_hypercall(&f->hu, &ev, f->err, sizeof(f->err)), UVMM_HC_EFAULT);
	assert_int_equal(f->hu.registrations, 0);
}

static uint64_t word(struct fx *f, uint64_t gpa)
{
	uint64_t v;

	assert_int_equal(guest_read(&f->vm.mem, gpa, &v, 8), 0);
	return v;
}

/* discard_mask bits 0, 2, 4, 5, 7 of 8 pages from 1 MiB, and discard of pages
 * 6..7 (7 twice): six pages, each discarded once; the others keep their data. */
static void test_reclaim_discards(void **state)
{
	struct fx *f = *state;
	struct exit_event ev;

	for (uint64_t p = 0; p < 8; p++)
		guest_write(&f->vm.mem, 0x100000 + p * 4096, &(uint64_t){ 0x1111 * (p + 1) }, 8);
	assert_int_equal(reg(f, UVMM_HUPCALL_RECLAIM,
			     "mov %r1, 0x100000\nmov %r2, 0xb5\ncall 4\nmov %r1, 0x106000\nmov %r2, 0x2000\n"
			     "call 3\nmov %r0, 6\nexit", 8, 0, 0), UVMM_HC_OK);
	assert_int_equal(call(f, UVMM_HUPCALL_TRIGGER, UVMM_HUPCALL_RECLAIM, 0, 0, 0, 0, 0), UVMM_HC_OK);
	assert_int_equal(f->out.run_error, UVMM_HUPCALL_RUN_OK);
	assert_int_equal(f->out.r0, 6);
	assert_int_equal(f->out.pages, 6);
	assert_true(f->out.resident_before >= f->out.resident_after);
	for (uint64_t p = 0; p < 8; p++) {
		int gone = (0xb5 >> p & 1) || p >= 6;
		assert_int_equal(word(f, 0x100000 + p * 4096), gone ? 0 : 0x1111 * (p + 1));
	}
	/* The trigger's run is an event of the vCPU that asked. */
	assert_int_equal(hupcall_take_events(&f->hu, 0, &ev), 1);
	assert_int_equal(ev.addr, UVMM_HUPCALL_RECLAIM);
	assert_int_equal(ev.args[0].num, 6);
	assert_int_equal(ev.value, 6);
	assert_int_equal(hupcall_take_events(&f->hu, 0, &ev), 0);
}

/* A run that fails after naming pages discards none of them, and its
 * program is gone. */
static void test_failed_run_discards_nothing(void **state)
{
	struct fx *f = *state;

	guest_write(&f->vm.mem, 0x100000, &(uint64_t){ 7 }, 8);
	assert_int_equal(reg(f, UVMM_HUPCALL_RECLAIM,
			     "mov %r1, 0x100000\nmov %r2, 0x1000\ncall 3\nldxdw %r0, [%r1+0]\nexit", 8, 0, 0),
			 UVMM_HC_OK);
	assert_int_equal(call(f, UVMM_HUPCALL_TRIGGER, UVMM_HUPCALL_RECLAIM, 0, 0, 0, 0, 0), UVMM_HC_OK);
	assert_int_equal(f->out.run_error, UVMM_HUPCALL_RUN_BOUNDS);
	assert_int_equal(f->out.pc, 3);
	assert_int_equal(f->out.pages, 0);
	assert_int_equal(f->out.registered, 0);
	assert_int_equal(word(f, 0x100000), 7);
	fflush(f->log);
	assert_non_null(strstr(f->logbuf, "uvmm: hupcall reclaim: run 1 stopped: insn 3: out of bounds: read of 8 "
				   "bytes at 0x100000 is outside every region; the program is unregistered"));
	assert_int_equal(call(f, UVMM_HUPCALL_TRIGGER, UVMM_HUPCALL_RECLAIM, 0, 0, 0, 0, 0), UVMM_HC_ENOENT);
}

/* Hashing the whole 2% region three times fits the 1 MiB budget, four do not. */
static void test_helper_budget(void **state)
{
	struct fx *f = *state;
	uint64_t len = RAM / 50, r0;
	const char *three = "mov %r6, %r2\nmov %r7, %r3\nmov %r1, %r6\nmov %r2, %r7\ncall 2\n"
			    "mov %r1, %r6\nmov %r2, %r7\ncall 2\nmov %r1, %r6\nmov %r2, %r7\ncall 2\nexit";
	const char *four = "mov %r6, %r2\nmov %r7, %r3\nmov %r1, %r6\nmov %r2, %r7\ncall 2\n"
			   "mov %r1, %r6\nmov %r2, %r7\ncall 2\nmov %r1, %r6\nmov %r2, %r7\ncall 2\n"
			   "mov %r1, %r6\nmov %r2, %r7\ncall 2\nexit";
	struct exit_event ev = pio_out(0, 0), out;

	assert_int_equal(reg(f, UVMM_HUPCALL_EXIT, three, len, 0, 0), UVMM_HC_OK);
	hupcall_on_exit(&f->hu, &ev, &out);
	assert_int_equal(out.status, UVMM_HUPCALL_RUN_OK);
	r0 = hupcall_hash(gpa_to_hva(&f->vm.mem, REGION_GPA, len), len);
	assert_int_equal(out.value, r0);
	assert_int_equal(call(f, UVMM_HUPCALL_UNREGISTER, UVMM_HUPCALL_EXIT, 0, 0, 0, 0, 0), UVMM_HC_OK);
	assert_int_equal(reg(f, UVMM_HUPCALL_EXIT, four, len, 0, 0), UVMM_HC_OK);
	hupcall_on_exit(&f->hu, &ev, &out);
	assert_int_equal(out.status, UVMM_HUPCALL_RUN_HELPER);
	assert_false(hupcall_has_exit(&f->hu));
	assert_int_equal(call(f, UVMM_HUPCALL_STATUS, UVMM_HUPCALL_EXIT, 0, 0, 0, 0, 0), UVMM_HC_OK);
	assert_int_equal(f->out.pc, 13);
	assert_non_null(strstr(f->out.msg, "over the 1048576 bytes helpers may touch in one run"));
}

/* The hash is FNV-1a over little-endian words, then the tail bytes. */
static void test_hash(void **state)
{
	static const uint8_t b[11] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
	uint64_t h = 0xcbf29ce484222325ull;
	(void)state;

	h = (h ^ 0x0807060504030201ull) * 0x100000001b3ull;
	for (unsigned i = 8; i < 11; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	assert_int_equal(hupcall_hash(b, sizeof(b)), h);
	assert_int_equal(hupcall_hash(b, 0), 0xcbf29ce484222325ull);
}

#define MSI_BASE 0xfee00000ull
#define LOWPRI (1ull << 8)

static void test_irq_target(void **state)
{
	struct fx *f = *state;
	uint64_t addr = MSI_BASE | 1 << 12 | 4, data = LOWPRI | 0x51;
	struct exit_event ev;
	char text[128];

	/* r0 = halted[0] (2: unknown without KVM statistics) - 2 = vCPU 0;
	 * the asking vCPU 1 is running by definition (halted[1] = 0). */
	snprintf(text, sizeof(text), "ldxb %%r0, [%%r1+%zu]\nsub %%r0, 2\nldxb %%r1, [%%r1+%zu]\n"
		 "add %%r0, %%r1\nexit", offsetof(struct uvmm_hupcall_irq_ctx, halted),
		 offsetof(struct uvmm_hupcall_irq_ctx, halted) + 1);
	assert_int_equal(reg(f, UVMM_HUPCALL_IRQ_TARGET, text, 8, 0, 0), UVMM_HC_OK);
	hupcall_irq_target(&f->hu, 1, &addr, &data);
	assert_int_equal(addr, MSI_BASE);        /* physical, to APIC ID 0 */
	assert_int_equal(data, 0x51);            /* fixed delivery */
	assert_int_equal(hupcall_take_events(&f->hu, 1, &ev), 1);
	assert_int_equal(ev.addr, UVMM_HUPCALL_IRQ_TARGET);
	assert_int_equal(ev.args[0].num, 0x51);
	assert_int_equal(ev.value, 0);
	/* A fixed MSI names its vCPU: no run. */
	addr = MSI_BASE | 1 << 12;
	data = 0x52;
	hupcall_irq_target(&f->hu, 1, &addr, &data);
	assert_int_equal(addr, MSI_BASE | 1 << 12);
	assert_int_equal(hupcall_take_events(&f->hu, 1, &ev), 0);
	/* An answer that is no vCPU leaves the MSI as sent. */
	assert_int_equal(call(f, UVMM_HUPCALL_UNREGISTER, UVMM_HUPCALL_IRQ_TARGET, 0, 0, 0, 0, 0), UVMM_HC_OK);
	assert_int_equal(reg(f, UVMM_HUPCALL_IRQ_TARGET, "mov %r0, 7\nexit", 8, 0, 0), UVMM_HC_OK);
	addr = MSI_BASE | 1 << 12;
	data = LOWPRI | 0x53;
	hupcall_irq_target(&f->hu, 0, &addr, &data);
	assert_int_equal(addr, MSI_BASE | 1 << 12);
	assert_int_equal(data, LOWPRI | 0x53);
	assert_int_equal(hupcall_take_events(&f->hu, 0, &ev), 1);
	assert_int_equal(ev.value, 7);
}

static void test_timer_schedule(void **state)
{
	struct fx *f = *state;
	struct hupcall_due d;
	struct exit_event ev;

	assert_int_equal(reg(f, UVMM_HUPCALL_TIMER, "mov %r0, 9\nexit", 8, UVMM_HUPCALL_WRITE, 1000), UVMM_HC_OK);
	assert_int_equal(hupcall_next_due(&f->hu, &d), 0);
	assert_int_equal(d.event, UVMM_HUPCALL_TIMER);
	assert_int_equal(d.tick, 1);
	assert_int_equal(d.period_ns, 1000000);
	assert_false(d.upcall);
	assert_int_equal(hupcall_tick(&f->hu, &d, &ev), 1);
	assert_int_equal(ev.args[0].num, 1);
	assert_int_equal(ev.value, 9);
	/* A registration gone since the tick was due: nothing runs. */
	assert_int_equal(call(f, UVMM_HUPCALL_UNREGISTER, UVMM_HUPCALL_TIMER, 0, 0, 0, 0, 0), UVMM_HC_OK);
	assert_int_equal(hupcall_tick(&f->hu, &d, &ev), 0);
	hupcall_stop(&f->hu);
	assert_int_equal(hupcall_next_due(&f->hu, &d), -1);
}

/* An upcall the VM cannot be asked (no VM here) ends as `!internal`; an
 * answer to an open question is the tick's event, of the answering vCPU. */
static void test_upcall_answer(void **state)
{
	struct fx *f = *state;
	struct hupcall_due d;
	struct exit_event ev;

	f->vm.irqchip = 1;
	assert_int_equal(call(f, UVMM_HUPCALL_REGISTER, UVMM_HUPCALL_TIMER, 0, 0, 0,
			      UVMM_HUPCALL_UPCALL | UVMM_HUPCALL_VECTOR(0x60), 1000), UVMM_HC_OK);
	assert_int_equal(hupcall_next_due(&f->hu, &d), 0);
	assert_true(d.upcall);
	assert_int_equal(d.vector, 0x60);
	assert_int_equal(hupcall_upcall(&f->hu, &d, &ev), 1);
	assert_int_equal(ev.status, UVMM_HUPCALL_RUN_INTERNAL);
	hupcall_upcall_commit(&f->hu, &d, &ev);
	/* The question as hupcall_upcall leaves it while it waits. */
	f->hu.up.waiting = 1;
	f->hu.up.due = d;
	f->hu.up.due.tick = 5;
	assert_int_equal(call(f, UVMM_HUPCALL_ANSWER, 0, 0, 0, 0, 0, 0x77), UVMM_HC_OK);
	assert_int_equal(hupcall_take_events(&f->hu, 0, &ev), 1);
	assert_int_equal(ev.addr, UVMM_HUPCALL_TIMER);
	assert_int_equal(ev.args[0].num, 5);
	assert_int_equal(ev.value, 0x77);
	assert_int_equal(call(f, UVMM_HUPCALL_ANSWER, 0, 0, 0, 0, 0, 0x78), UVMM_HC_EINVAL);
	assert_int_equal(call(f, UVMM_HUPCALL_STATUS, UVMM_HUPCALL_TIMER, 0, 0, 0, 0, 0), UVMM_HC_OK);
	assert_int_equal(f->out.runs, 2);
	assert_int_equal(f->out.r0, 0x77);
	assert_int_equal(f->out.run_error, UVMM_HUPCALL_RUN_OK);
}

static void test_balloon(void **state)
{
	struct fx *f = *state;
	uint64_t pfns[3] = { 0x100, 0x102, 0x100 }, bad[2] = { 0x101, RAM / 4096 };

	for (uint64_t p = 0x100; p < 0x103; p++)
		guest_write(&f->vm.mem, p * 4096, &(uint64_t){ p }, 8);
	guest_write(&f->vm.mem, REGION_GPA, pfns, sizeof(pfns));
	assert_int_equal(call(f, UVMM_HUPCALL_BALLOON, 0, 0, REGION_GPA, sizeof(pfns), 0, 0), UVMM_HC_OK);
	assert_int_equal(f->out.pages, 2);
	assert_int_equal(word(f, 0x100000), 0);
	assert_int_equal(word(f, 0x101000), 0x101);
	assert_int_equal(word(f, 0x102000), 0);
	guest_write(&f->vm.mem, REGION_GPA, bad, sizeof(bad));
	assert_int_equal(call(f, UVMM_HUPCALL_BALLOON, 0, 0, REGION_GPA, sizeof(bad), 0, 0), UVMM_HC_EINVAL);
	assert_non_null(strstr(f->out.msg, "entry 1: page frame 0x1000 is outside guest RAM"));
	assert_int_equal(word(f, 0x101000), 0x101); /* nothing of a bad list */
}

static void test_registration_cap(void **state)
{
	struct fx *f = *state;

	for (unsigned i = 0; i < UVMM_HUPCALL_MAX_REGISTRATIONS; i++) {
		assert_int_equal(reg(f, UVMM_HUPCALL_IRQ_TARGET, "mov %r0, 0\nexit", 8, 0, 0), UVMM_HC_OK);
		assert_int_equal(reg(f, UVMM_HUPCALL_IRQ_TARGET, "mov %r0, 0\nexit", 8, 0, 0), UVMM_HC_EBUSY);
		assert_int_equal(call(f, UVMM_HUPCALL_UNREGISTER, UVMM_HUPCALL_IRQ_TARGET, 0, 0, 0, 0, 0),
				 UVMM_HC_OK);
	}
	assert_int_equal(reg(f, UVMM_HUPCALL_EXIT, "mov %r0, 0\nexit", 8, 0, 0), UVMM_HC_ENOSPC);
	assert_non_null(strstr(f->out.msg, "this run's 64 registrations are used up"));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_exit_run_and_context), T(test_refusals), T(test_reclaim_discards),
		T(test_failed_run_discards_nothing), T(test_helper_budget), T(test_hash),
		T(test_irq_target), T(test_timer_schedule), T(test_upcall_answer), T(test_balloon),
		T(test_registration_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
