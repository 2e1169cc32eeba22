#include "util/clock.h"
#include "run/run_guest.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "debug/gdbstub.h"
#include "loader/elf_load.h"
#include "loader/image_file.h"
#include "loader/elf_notes.h"
#include "loader/symbols.h"
#include "session/exitcode.h"
#include "check/expect.h"
#include "exit/fault_report.h"
#include "exit/vcpu_loop.h"
#include "run/hupcall_timer.h"
#include "lab/lab_attach.h"
#include "run/run_boot.h"
#include "run/sandbox.h"
#include "session/trace.h"
#include "machine/vm.h"
#include "util/errmsg.h"
#include "vfio/passthrough.h"
#include "vfio/passthrough_dma.h"
#include "run/watchdog.h"

#define ERRLEN 256

struct run_ctx {
	const struct run_request *req;
	struct run_result *res;
	uint8_t *image;
	size_t image_len;
	struct run_options opt;
	struct vm vm;
	int vm_up;
	struct passthrough *passthrough; /* VFIO device on the guest's PCI bus, or NULL */
	struct lab_devices *lab;  /* a lab build's devices (labs/), or NULL */
	struct image_info info;
	struct expect_prog *prog;
	struct expect_checker *checker;
	struct trace *trace;
	struct session *session; /* while execute() runs */
	struct gdbstub *stub;    /* --gdb / --gdb-on-fault, else NULL */
	struct watchdog *watchdog; /* while execute() runs */
	/* Read from the image the first time a report names an address. */
	pthread_mutex_t syms_lock;
	int syms_tried;
	struct symbols *syms;
	struct hupcall_set hu;   /* the guest's hyperupcalls */
	int hu_up;
	struct logcap glog;      /* the guest-triggered part of the log */
	char err[ERRLEN];
};

static int fail(struct run_ctx *c, int code, const char *what)
{
	fprintf(c->req->log, "uvmm: %s: %s\n", what, c->err);
	c->res->code = code;
	return code;
}

static int resolve_options(struct run_ctx *c)
{
	static const int code[] = { [RUN_OPT_IMAGE] = UVMM_EXIT_BAD_IMAGE,
				    [RUN_OPT_NOTE] = UVMM_EXIT_BAD_IMAGE,
				    [RUN_OPT_OVERRIDE] = UVMM_EXIT_USAGE };
	static const char *const what[] = { [RUN_OPT_NOTE] = "options note",
					    [RUN_OPT_OVERRIDE] = "option" };
	const struct run_request *req = c->req;
	enum run_options_source from;
	struct vm_config vc;

	if (run_options_resolve(&c->opt, req->flat ? NULL : c->image, c->image_len, req->overrides,
				req->noverrides, &from, c->err, ERRLEN) < 0)
		return fail(c, code[from], from == RUN_OPT_IMAGE ? req->image : what[from]);
	vc = (struct vm_config){ .nvcpus = c->opt.nvcpus, .irqchip = c->opt.irqchip,
				 .kut = c->opt.kut };
	if (vm_config_check(&vc, c->err, ERRLEN) < 0)
		return fail(c, UVMM_EXIT_USAGE, "option");
	return 0;
}

/* Parses one source of expectations into the program. Returns 0, or the
 * exit code: BAD_EXPECT for the text's fault, HOST_ERROR for the host's. */
static int parse_into(struct run_ctx *c, const char *text, size_t len, const char *source)
{
	struct expect_error e;
	int r = expect_parse(c->prog, text, len, source, &e);

	if (r == 0)
		return 0;
	fprintf(c->req->log, "uvmm: %s:%u:%u: %s\n", e.source, e.line, e.col, e.msg);
	return c->res->code = r == -2 ? UVMM_EXIT_HOST_ERROR : UVMM_EXIT_BAD_EXPECT;
}

static int parse_expect_file(struct run_ctx *c)
{
	uint8_t *text;
	size_t len;
	int r;

	if (input_read_file(c->req->expect_file, EXPECT_MAX_FILE, &text, &len, c->err, ERRLEN) < 0)
		return fail(c, UVMM_EXIT_BAD_EXPECT, "expectations");
	r = parse_into(c, (const char *)text, len, c->req->expect_file);
	free(text);
	return r;
}

/* The note's EXPECT text, then --expect, then the EXPECT_END note. */
static int build_checker(struct run_ctx *c)
{
	int r = 0;

	if (c->req->no_check)
		return 0;
	c->prog = expect_prog_new();
	if (!c->prog) {
		errmsg(c->err, ERRLEN, "out of memory");
		return fail(c, UVMM_EXIT_HOST_ERROR, "expectations");
	}
	if (c->info.expect_text && !c->req->expect_only)
		r = parse_into(c, c->info.expect_text, c->info.expect_len, "<note>");
	if (!r && c->req->expect_file)
		r = parse_expect_file(c);
	if (!r && c->info.expect_end_text && !c->req->expect_only)
		r = parse_into(c, c->info.expect_end_text, c->info.expect_end_len, "<end note>");
	if (r)
		return r;
	if (expect_prog_items(c->prog) == 0)
		fprintf(c->req->log, "uvmm: %s declares no expectations: any exit will be a mismatch "
			"(use --expect FILE or --no-check)\n", c->req->image);
	c->checker = expect_checker_new(c->prog);
	if (!c->checker) {
		errmsg(c->err, ERRLEN, "out of memory");
		return fail(c, UVMM_EXIT_HOST_ERROR, "expectations");
	}
	return 0;
}

static int load_image(struct run_ctx *c)
{
	int r;

	if (c->req->flat)
		r = flat_load(c->image, c->image_len, c->req->flat_addr, &c->vm.mem, &c->info, c->err,
			      ERRLEN);
	else
		r = elf_load(c->image, c->image_len, &c->vm.mem, &c->info, c->err, ERRLEN);
	return r < 0 ? fail(c, UVMM_EXIT_BAD_IMAGE, c->req->image) : 0;
}

/* Before the image is loaded: DMA maps all of guest RAM as it is now. */
static int attach_vfio(struct run_ctx *c)
{
	struct passthrough_config pc = c->opt.vfio_cfg;
	int r;

	if (!c->opt.vfio[0] && c->opt.vfio_kind[0]) {
		errmsg(c->err, ERRLEN, "the image needs a VFIO device of kind %s: name one with "
		       "--vfio (or the manifest's vfio key)", c->opt.vfio_kind);
		return fail(c, UVMM_EXIT_USAGE, "vfio");
	}
	if (!c->opt.vfio[0])
		return 0;
	c->passthrough = calloc(1, sizeof(*c->passthrough));
	if (!c->passthrough) {
		errmsg(c->err, ERRLEN, "out of memory");
		return fail(c, UVMM_EXIT_HOST_ERROR, "vfio");
	}
	pc.spec = c->opt.vfio;
	pc.kind = c->opt.vfio_kind;
	pc.log = c->req->log;
	pc.glog = &c->glog;
	r = passthrough_attach(c->passthrough, &c->vm, &pc, c->err, ERRLEN);
	if (r < 0)
		return fail(c, r == -2 ? UVMM_EXIT_USAGE : UVMM_EXIT_HOST_ERROR, "vfio");
	c->vm.dma = passthrough_dma_control(c->passthrough); /* hypercall iommu */
	return 0;
}

/* Gives the device back; a leak or a failed restore fails a passing run. */
static void detach_vfio(struct run_ctx *c)
{
	if (!c->passthrough)
		return;
	c->vm.dma = (struct dma_control){ 0 };
	if (passthrough_detach(c->passthrough, c->err, ERRLEN) < 0) {
		fprintf(c->req->log, "uvmm: vfio teardown: %s\n", c->err);
		if (c->res->code == UVMM_EXIT_PASS)
			c->res->code = UVMM_EXIT_HOST_ERROR;
	}
	free(c->passthrough);
	c->passthrough = NULL;
}

/* The session's namer: the symbols are parsed once, when a failure report
 * first needs them (a passing run never pays for it). */
static size_t name_addr(void *ctx, uint64_t addr, char *buf, size_t size)
{
	struct run_ctx *c = ctx;
	char err[128];

	pthread_mutex_lock(&c->syms_lock);
	if (!c->syms_tried) {
		c->syms_tried = 1;
		if (!c->req->flat)
			c->syms = symbols_load(c->image, c->image_len, err, sizeof(err));
	}
	pthread_mutex_unlock(&c->syms_lock);
	return c->syms ? symbols_describe(c->syms, addr, buf, size) : 0;
}

static void stub_clock(void *ctx, int running)
{
	struct run_ctx *c = ctx;

	if (c->watchdog)
		watchdog_pause(c->watchdog, !running);
}

static void stub_kill(void *ctx)
{
	struct run_ctx *c = ctx;

	session_end(c->session, END_KILLED);
	vm_kick_all(&c->vm, NULL);
}

/* Before the sandbox: the socket must exist before socket() is forbidden. */
static int open_stub(struct run_ctx *c)
{
	const struct run_request *req = c->req;
	struct gdbstub_config cfg = {
		.addr = req->gdb_addr ? req->gdb_addr : RUN_GDB_DEFAULT_ADDR,
		.wait = req->gdb_addr && !req->gdb_nowait,
		.on_fault = req->gdb_on_fault,
		.image = req->image,
		.elf_class = c->info.elf_class,
		.log = req->log,
		.run_clock = stub_clock,
		.kill = stub_kill,
		.ctx = c,
	};

	if (!req->gdb_addr && !req->gdb_on_fault)
		return 0;
	c->stub = gdbstub_open(&c->vm, &cfg, c->err, ERRLEN);
	return c->stub ? 0 : fail(c, UVMM_EXIT_HOST_ERROR, "gdb stub");
}

static int setup(struct run_ctx *c)
{
	struct vm_config cfg;
	int r;

	if (image_read_file(c->req->image, &c->image, &c->image_len, c->err, ERRLEN) < 0)
		return fail(c, UVMM_EXIT_BAD_IMAGE, "image");
	if ((r = resolve_options(c)))
		return r;
	cfg = (struct vm_config){ .mem_size = c->opt.mem_size, .nvcpus = c->opt.nvcpus,
				  .irqchip = c->opt.irqchip, .kvm_path = c->req->kvm_path,
				  .msr_filter = c->opt.msr_filter,
				  .exit_hypercall = c->opt.exit_hypercall, .kut = c->opt.kut,
				  .cpu = cpu_edits_any(&c->opt.cpu) ? &c->opt.cpu : NULL };
	/* -2: a CPU feature asked for that this KVM cannot offer: not applicable here. */
	if ((r = vm_create(&c->vm, &cfg, c->req->console, c->err, ERRLEN)) < 0)
		return fail(c, r == -2 ? UVMM_EXIT_SKIP : UVMM_EXIT_HOST_ERROR, "kvm");
	c->vm_up = 1;
	if ((r = attach_vfio(c)))
		return r;
	if (hupcall_init(&c->hu, &(struct hupcall_config){ .vm = &c->vm, .dma_pinned = c->passthrough != NULL,
							   .log = c->req->log, .glog = &c->glog }) < 0) {
		errmsg(c->err, ERRLEN, "cannot initialise the hyperupcall registry");
		return fail(c, UVMM_EXIT_HOST_ERROR, "hupcall");
	}
	c->hu_up = 1;
	if ((r = load_image(c)) || (r = build_checker(c)))
		return r;
	/* After the image is in RAM, before the sandbox: a lab device's init may
	 * read the guest's memory and open its files. */
	if (lab_attach(&c->vm, c->req->log, &c->lab, c->err, ERRLEN) < 0)
		return fail(c, UVMM_EXIT_HOST_ERROR, "lab");
	if (run_boot(&c->vm, &c->info, &c->opt,
		     &(struct run_boot_inputs){ c->req->cmdline, c->req->initrd, c->req->initrd_text,
						c->req->initrd_len },
		     c->err, ERRLEN) < 0)
		return fail(c, UVMM_EXIT_BAD_IMAGE, "boot");
	if (c->req->trace_file) {
		c->trace = trace_open(c->req->trace_file, c->req->out, c->err, ERRLEN);
		if (!c->trace)
			return fail(c, UVMM_EXIT_USAGE, "trace"); /* the operator's path */
	}
	return open_stub(c);
}

/* After setup, before the first KVM_RUN and before any thread exists. */
static int confine(struct run_ctx *c)
{
	if (c->req->no_sandbox)
		return 0;
	fflush(c->req->log);
	if (sandbox_install(fileno(c->req->log), gdbstub_listen_fd(c->stub), c->err, ERRLEN) < 0)
		return fail(c, UVMM_EXIT_HOST_ERROR, "sandbox");
	sandbox_test_hook();
	return 0;
}

static void collect(struct run_ctx *c, const struct session *s)
{
	struct run_result *res = c->res;

	res->nexits = s->nexits;
	res->first_exit_ns = s->first_exit_ns;
	res->end = s->end;
	res->exit_status = s->exit_status;
	res->nreports = s->nreports;
	hupcall_collect(&c->hu, &res->hupcall);
	memcpy(res->reports, s->reports, sizeof(s->reports[0]) * s->nreports);
	res->nvalues = s->nvalues;
	memcpy(res->values, s->values, sizeof(s->values[0]) * s->nvalues);
	snprintf(res->fail_detail, sizeof(res->fail_detail), "%s", s->fail_detail);
	if (s->end == END_TIMEOUT && s->have_last) {
		char line[200], where[160];

		expect_format_event(&s->last, line, sizeof(line));
		snprintf(res->last_exit, sizeof(res->last_exit), "#%llu at rip 0x%llx (%s): %s",
			 (unsigned long long)s->last.index, (unsigned long long)s->last.rip,
			 session_name_addr(s, s->last.rip, where, sizeof(where)), line);
	}
}

/* An interrupt a device thread observed: into the session like an exit; when
 * that ends the run, every vCPU must leave KVM_RUN. */
static int observed_event(void *ctx, struct exit_event *ev)
{
	struct run_ctx *c = ctx;

	if (!session_on_exit(c->session, ev))
		return 0;
	vm_kick_all(&c->vm, NULL);
	return 1;
}

struct ap_arg {
	struct vcpu *v;
	struct session *s;
	struct gdbstub *g;
	struct hupcall_set *hu;
};

static void *ap_main(void *p)
{
	struct ap_arg *a = p;

	vcpu_run(a->v, a->s, a->hu, a->g);
	return NULL;
}

/* APs (with the in-kernel irqchip) sit in KVM_RUN waiting for INIT/SIPI from
 * the BSP; each gets a thread. When the BSP's loop ends, the run is over:
 * every AP is kicked out of KVM_RUN and joined. */
static unsigned start_aps(struct run_ctx *c, struct session *s, struct ap_arg *args)
{
	unsigned started = 1;

	for (unsigned i = 1; i < c->vm.nvcpus; i++, started++) {
		args[i] = (struct ap_arg){ .v = &c->vm.vcpus[i], .s = s, .g = c->stub, .hu = &c->hu };
		if (pthread_create(&c->vm.vcpus[i].thread, NULL, ap_main, &args[i]) != 0) {
			fprintf(c->req->log, "uvmm: cannot start the thread of vcpu %u\n", i);
			session_end(s, END_HOST_ERROR);
			break;
		}
	}
	return started;
}

static void stop_aps(struct run_ctx *c, struct session *s, unsigned started)
{
	session_end(s, END_HOST_ERROR); /* no-op when the run already ended */
	vm_kick_all(&c->vm, &c->vm.vcpus[0]);
	for (unsigned i = 1; i < started; i++)
		pthread_join(c->vm.vcpus[i].thread, NULL);
}

static void execute(struct run_ctx *c)
{
	struct session s;
	struct watchdog w;
	struct hupcall_timer ht;
	struct vcpu *v = &c->vm.vcpus[0];
	struct ap_arg aps[VM_MAX_VCPUS];
	unsigned started;

	session_init(&s, c->checker, c->trace, &c->vm.console, c->req->log, &c->glog);
	s.kut_status = c->opt.kut;
	s.exit_clock = c->req->exit_clock;
	s.namer = (struct addr_namer){ name_addr, c };
	c->session = &s;
	if (c->passthrough &&
	    passthrough_start(c->passthrough, (struct event_sink){ observed_event, c }) < 0) {
		fprintf(c->req->log, "uvmm: cannot start the VFIO interrupt thread\n");
		session_end(&s, END_HOST_ERROR);
	}
	v->thread = pthread_self();
	if (watchdog_start(&w, c->opt.timeout, &c->vm, &s) < 0) {
		fprintf(c->req->log, "uvmm: cannot start the watchdog thread\n");
		session_end(&s, END_HOST_ERROR);
	}
	c->watchdog = &w;
	if (c->stub && gdbstub_start(c->stub) < 0) {
		fprintf(c->req->log, "uvmm: cannot start the gdb stub's thread\n");
		session_end(&s, END_HOST_ERROR);
	}
	if (hupcall_timer_start(&ht, &c->hu, &c->vm, &s) < 0) {
		fprintf(c->req->log, "uvmm: cannot start the hyperupcall timer thread\n");
		session_end(&s, END_HOST_ERROR);
	}
	started = start_aps(c, &s, aps);
	vcpu_run(v, &s, &c->hu, c->stub);
	c->res->end_ns = now_ns();
	stop_aps(c, &s, started);
	hupcall_timer_stop(&ht);
	if (c->passthrough)
		passthrough_stop(c->passthrough);
	watchdog_stop(&w);
	c->watchdog = NULL;
	if (s.end == END_TIMEOUT) {
		/* The last exit's RIP says where the guest was; now say where it is. */
		fprintf(c->req->log, "uvmm: timeout after %.3g s\n", c->opt.timeout);
		fault_dump_regs(v, &s);
	}
	if (c->req->on_finish)
		c->req->on_finish(c->req->on_finish_arg, &c->vm.mem);
	console_finish(&c->vm.console);
	c->res->code = session_verdict(&s);
	/* A fault stopped for gdb: it inspects the final state, then hears the
	 * verdict as the exit code. */
	gdbstub_postmortem(c->stub);
	gdbstub_close(c->stub, c->res->code);
	c->stub = NULL;
	if (trace_close(c->trace) < 0 && c->res->code == UVMM_EXIT_PASS) {
		fprintf(c->req->log, "uvmm: writing the trace failed\n");
		c->res->code = UVMM_EXIT_HOST_ERROR;
	}
	c->trace = NULL;
	if (!guest_mem_canary_ok(&c->vm.mem)) {
		fprintf(c->req->log, "uvmm: host memory next to guest RAM was modified\n");
		c->res->code = UVMM_EXIT_HOST_ERROR;
	}
	collect(c, &s);
	session_destroy(&s);
}

int run_guest(const struct run_request *req, struct run_result *res)
{
	struct run_ctx *c = calloc(1, sizeof(*c));
	double t0 = now_seconds();
	int code;

	memset(res, 0, sizeof(*res));
	if (!c) {
		fprintf(req->log, "uvmm: out of memory\n");
		return res->code = UVMM_EXIT_HOST_ERROR;
	}
	c->req = req;
	c->res = res;
	pthread_mutex_init(&c->syms_lock, NULL);
	logcap_init(&c->glog, req->log, LOGCAP_DEFAULT);
	if (vcpu_signals_init() < 0) {
		errmsg(c->err, ERRLEN, "sigaction failed");
		fail(c, UVMM_EXIT_HOST_ERROR, "signals");
	} else if (setup(c) == 0 && confine(c) == 0) {
		execute(c);
	}
	gdbstub_close(c->stub, res->code);
	trace_close(c->trace);
	symbols_free(c->syms);
	pthread_mutex_destroy(&c->syms_lock);
	expect_checker_free(c->checker);
	expect_prog_free(c->prog);
	image_info_free(&c->info);
	if (c->hu_up)
		hupcall_destroy(&c->hu);
	detach_vfio(c);
	lab_detach(c->lab);
	if (c->vm_up)
		vm_destroy(&c->vm);
	free(c->image);
	logcap_finish(&c->glog);
	code = res->code;
	res->seconds = now_seconds() - t0;
	free(c);
	return code;
}
