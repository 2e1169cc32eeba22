/* uvmm's gdb stub: the KVM side of the GDB remote protocol (the protocol
 * itself is gdb/). Every vCPU is a gdb thread, all-stop; breakpoints are
 * int3 or debug registers through KVM_SET_GUEST_DEBUG, memory is read
 * through the guest's page tables. The stub's exits never reach the
 * session: the run loop hands them here first. */
#ifndef UVMM_DEBUG_GDBSTUB_H
#define UVMM_DEBUG_GDBSTUB_H

#include <stdint.h>
#include <stdio.h>

#include "machine/vm.h"

struct gdbstub_config {
	const char *addr;    /* "HOST:PORT" (HOST empty: 127.0.0.1) or "unix:PATH" */
	int wait;            /* stop before the first instruction until gdb attaches */
	int on_fault;        /* stop at a guest fault and wait for gdb */
	const char *image;   /* named in the attach hint */
	int elf_class;       /* 64: amd64 registers, else i386 */
	FILE *log;
	/* Called with 0 when the guest stops for the debugger, 1 when it runs
	 * again (the run's time limit counts only running time). May be NULL. */
	void (*run_clock)(void *ctx, int running);
	/* gdb killed the run: end the session (the vCPUs then leave). */
	void (*kill)(void *ctx);
	void *ctx;
};

struct gdbstub;

/* Before the sandbox: binds and listens on cfg->addr, probes what the host's
 * KVM can do for debugging. Returns NULL with a one-line reason. */
struct gdbstub *gdbstub_open(struct vm *vm, const struct gdbstub_config *cfg, char *err,
			     size_t errlen);
/* The listening socket (the sandbox allows accept on it alone). */
int gdbstub_listen_fd(const struct gdbstub *g);

/* After the sandbox, before the vCPUs run: starts the stub's thread. With
 * cfg->wait every vCPU waits before its first instruction. Returns 0 or -1. */
int gdbstub_start(struct gdbstub *g);

/* Run-loop hooks, each called by the vCPU's own thread. */
/* Before every KVM_RUN: waits while the guest is stopped, then loads what
 * the debugger changed (registers, breakpoints, single-step). */
void gdbstub_vcpu_enter(struct gdbstub *g, struct vcpu *v);
/* After KVM_RUN: 1 when the exit was the debugger's (a breakpoint, a step)
 * and must not reach the session, else 0. */
int gdbstub_vcpu_exit(struct gdbstub *g, struct vcpu *v);

/* A guest fault the session has seen (an unhandled exception, a triple
 * fault, an unhandled exit). */
struct gdbstub_fault {
	int signal;          /* gdb signal number (SIGSEGV, SIGILL, SIGFPE, ...) */
	const char *what;    /* "exception #PF", "triple fault", ... */
	int have_frame;      /* the registers below are the faulting context */
	struct kvm_regs frame; /* from the exception frame (rip, rsp, rflags, GPRs) */
	uint16_t frame_cs, frame_ss;
	const char *where;   /* symbolized faulting RIP, for the attach hint */
};
/* With cfg->on_fault: the vCPU stops at the faulting instruction (the frame
 * stands in for its registers until it resumes), the other vCPUs stop too,
 * and the stub waits for gdb. run_over: the session ended with this exit. */
void gdbstub_fault(struct gdbstub *g, struct vcpu *v, const struct gdbstub_fault *f,
		   int run_over);
/* The vCPU's loop ended (its final state stays inspectable); run_over: the
 * run is ending, so vCPUs waiting for the debugger are let go. */
void gdbstub_vcpu_done(struct gdbstub *g, struct vcpu *v, int run_over);

/* After every vCPU is done: when a fault stopped the run for gdb, serves
 * gdb until it continues, detaches or kills. */
void gdbstub_postmortem(struct gdbstub *g);
/* The run is over with exit code: gdb hears "exited with code", the thread
 * stops, the sockets close. g may be NULL. */
void gdbstub_close(struct gdbstub *g, int exit_code);

#endif
