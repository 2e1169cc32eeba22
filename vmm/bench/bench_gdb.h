/* uvmm bench's gdb stub figures: a minimal remote-protocol client (the
 * framing of gdb/packet.h) times stepi round trips and breakpoint hits
 * against uvmm's stub and against QEMU's gdbstub (TCG) on the same image. */
#ifndef UVMM_BENCH_BENCH_GDB_H
#define UVMM_BENCH_BENCH_GDB_H

#include <stddef.h>

/* Round trips of each kind in one run: at most this many (the guest,
 * guest/bench/bench_gdb.c, calls its breakpoint function 65536 times). */
#define BENCH_GDB_MAX_TRIPS 10000u

enum bench_gdb_target { BENCH_GDB_UVMM, BENCH_GDB_QEMU, BENCH_GDB_TARGETS };

struct bench_gdb_result {
	double step_us;   /* vCont;s -> stop reply, mean; < 0: not measured */
	double bp_us;     /* vCont;c -> the next hit of a breakpoint, mean */
	char note[160];   /* why not measured */
};

/* One run of target t on image (uvmm is self): n steps, then n breakpoint
 * hits. Returns 0, or -1 with r->note. */
int bench_gdb_measure(/* Round trips of each kind in one run: at most this many (the guest,
 * guest/bench/bench_gdb.c, calls its breakpoint function 65536 times). */
#define BENCH_GDB_MAX_TRIPS 10000u

enum bench_gdb_target t, const char *self, const char *image,
		      unsigned n, struct bench_gdb_result *r);

#endif
