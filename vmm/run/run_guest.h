/* One complete guest run: read and validate the image, build the VM, load,
 * compile the expectations, boot, run to the end and make the verdict. */
#ifndef UVMM_RUN_RUN_GUEST_H
#define UVMM_RUN_RUN_GUEST_H

#include <stdint.h>
#include <stdio.h>

#include "hupcall/hupcall.h"
#include "machine/guest_mem.h"
#include "run/run_options.h"
#include "session/session.h"

#define RUN_MAX_OVERRIDES 16

struct run_request {
	const char *image;
	int flat;                  /* image is a flat binary loaded at flat_addr */
	uint64_t flat_addr;
	const char *expect_file;   /* extra expectations, appended after the image's */
	int expect_only;           /* use expect_file alone, not the image's */
	int no_check;
	int no_sandbox;            /* skip the seccomp allowlist (debugging, --repeat) */
	const char *trace_file;
	const char *kvm_path;      /* NULL: /dev/kvm */
	const char *cmdline;       /* PVH and multiboot command line */
	const char *initrd;        /* multiboot module file (NULL: none) */
	/* Or the module's bytes (when initrd is NULL): uvmm kut's environment. */
	const char *initrd_text;
	size_t initrd_len;
	/* key=value options applied after the image's OPTIONS note (so they win) */
	const char *overrides[RUN_MAX_OVERRIDES];
	unsigned noverrides;
	FILE *console;             /* guest console (NULL: discard) */
	FILE *out;                 /* where a "-" output path writes (the CLI's stdout) */
	FILE *log;                 /* uvmm's messages */
	/* Called once the vCPUs stopped, while guest RAM and the trace still
	 * exist (uvmm bench measures resident memory there); may be NULL. */
	void (*on_finish)(void *arg, const struct guest_mem *mem);
	void *on_finish_arg;
	struct exit_clock *exit_clock; /* uvmm bench: exit-to-exit intervals (NULL: off) */
	/* The gdb stub (docs/debugging.md). gdb_addr NULL and no gdb_on_fault:
	 * none. With gdb_addr the guest waits for gdb before its first
	 * instruction unless gdb_nowait. */
	const char *gdb_addr;      /* "HOST:PORT" or "unix:PATH" */
	int gdb_nowait;
	int gdb_on_fault;          /* stop for gdb at an unexpected guest fault */
};

/* Where the stub listens when only --gdb-on-fault is given. */
#define RUN_GDB_DEFAULT_ADDR "127.0.0.1:1234"

struct run_result {
	int code;                  /* enum uvmm_exit_code */
	uint64_t nexits;
	double seconds;
	uint64_t first_exit_ns;    /* CLOCK_MONOTONIC at the first exit (0: none) */
	uint64_t end_ns;           /* CLOCK_MONOTONIC when the vCPU loop ended */
	enum session_end end;
	uint64_t exit_status;
	unsigned nreports;
	struct session_report reports[SESSION_MAX_REPORTS];
	char last_exit[256];       /* for TIMEOUT: the last exit and its RIP */
	/* What the guest stated with report_value (docs/guest-runtime.md) */
	unsigned nvalues;
	struct named_value values[SESSION_MAX_VALUES];
	char fail_detail[SESSION_DETAIL_MAX]; /* the first failed assertion, "" if none */
	double boot_seconds;       /* other platforms: firmware time before the test (0: none) */
	struct hupcall_stats hupcall; /* the guest's hyperupcalls (uvmm bench hupcall) */
};

/* Never exits the process; every failure becomes a code in res. */
int run_guest(const struct run_request *req, struct run_result *res);

#endif
