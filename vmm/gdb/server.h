/* The GDB remote protocol engine: framing, acknowledgements, and one reply
 * per command, asking a target (the callbacks below) for registers, memory,
 * break/watchpoints and resumption. All-stop: the target reports a stop
 * with gdb_server_stopped and the engine answers gdb's pending resume.
 * Pure: bytes in (gdb_server_input), bytes out (srv->out), no I/O. */
#ifndef UVMM_GDB_SERVER_H
#define UVMM_GDB_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "gdb/command.h"
#include "gdb/packet.h"
#include "gdb/regs.h"

/* insert_point/remove_point: the kind of point is not supported ("" reply). */
#define GDB_UNSUPPORTED 1

/* gdb's signal numbers for stop replies (not the host's). */
enum gdb_signal { GDB_SIGINT = 2, GDB_SIGILL = 4, GDB_SIGTRAP = 5, GDB_SIGABRT = 6,
		  GDB_SIGFPE = 8, GDB_SIGKILL = 9, GDB_SIGSEGV = 11 };

enum gdb_stop_why { GDB_WHY_NONE, GDB_WHY_SWBREAK, GDB_WHY_HWBREAK, GDB_WHY_WATCH,
		    GDB_WHY_RWATCH, GDB_WHY_AWATCH };

struct gdb_stop {
	unsigned tid;        /* 1-based thread that stopped */
	int signal;          /* enum gdb_signal */
	int why;             /* enum gdb_stop_why */
	uint64_t addr;       /* watchpoints: the data address */
};

/* Threads are numbered 1..nthreads. Every callback but interrupt is called
 * only while the target is stopped. */
struct gdb_target_ops {
	unsigned (*nthreads)(void *ctx);
	/* The value of register id (enum gdb_reg_id) as bytes little-endian
	 * bytes. Returns 0, or -1 when it is unavailable. */
	int (*get_reg)(void *ctx, unsigned tid, unsigned id, uint8_t *val, unsigned bytes);
	int (*set_reg)(void *ctx, unsigned tid, unsigned id, const uint8_t *val, unsigned bytes);
	/* Memory as thread tid sees it (virtual addresses). read_mem returns how
	 * many bytes from addr on it could read (0: none); write_mem 0 when all
	 * were written, else -1. */
	size_t (*read_mem)(void *ctx, unsigned tid, uint64_t addr, uint8_t *buf, size_t len);
	int (*write_mem)(void *ctx, unsigned tid, uint64_t addr, const uint8_t *buf, size_t len);
	/* type: enum gdb_point. Return 0, -1 (refused) or GDB_UNSUPPORTED. */
	int (*insert_point)(void *ctx, unsigned type, uint64_t addr, uint64_t kind);
	int (*remove_point)(void *ctx, unsigned type, uint64_t addr, uint64_t kind);
	/* actions[i] (enum gdb_action) for thread i + 1; at least one runs. */
	void (*resume)(void *ctx, const uint8_t *actions, unsigned n);
	/* Ctrl-C while running: stop every thread (then gdb_server_stopped). */
	void (*interrupt)(void *ctx);
	void (*kill)(void *ctx);
	void (*detach)(void *ctx);
	/* One line for `info threads` (qThreadExtraInfo). */
	size_t (*describe_thread)(void *ctx, unsigned tid, char *buf, size_t size);
};

#define GDB_MAX_THREADS 64

struct gdb_server {
	const struct gdb_target_ops *ops;
	void *ctx;
	const struct gdb_regset *regs;
	const char *tdesc;
	size_t tdesc_len;
	struct gdb_rx rx;
	int no_ack;
	int running;          /* resumed; the reply is the next stop */
	int closing;          /* detached or killed: close once out is sent */
	unsigned g_tid;       /* Hg: register/memory thread (0: the stop thread) */
	unsigned c_tid;       /* Hc: the thread a plain 's' steps (0: the stop thread) */
	struct gdb_stop stop; /* the last stop, for '?' */
	size_t last_len;      /* the last framed reply, sent again on '-' */
	uint8_t last[GDB_FRAME_MAX];
	size_t out_len;       /* bytes waiting to be written to the client */
	uint8_t out[GDB_FRAME_MAX + 8];
	char reply[GDB_PACKET_MAX + 1];
	uint8_t scratch[GDB_PACKET_MAX];
};

/* The engine starts stopped with stop (gdb's first '?' gets it). tdesc is
 * the target.xml text, kept by the caller. */
void gdb_server_init(struct gdb_server *s, const struct gdb_target_ops *ops, void *ctx,
		     const struct gdb_regset *regs, const char *tdesc, size_t tdesc_len,
		     const struct gdb_stop *stop);

/* Consumes bytes of buf[0..n) up to the end or the first one that queued a
 * reply (write srv->out, then call again with the rest). Returns the bytes
 * consumed. */
size_t gdb_server_input(struct gdb_server *s, const uint8_t *buf, size_t n);

/* The target stopped: the pending resume gets its stop reply. */
void gdb_server_stopped(struct gdb_server *s, const struct gdb_stop *stop);

/* The target is gone: "W code" (exited with code) and the engine closes. */
void gdb_server_exited(struct gdb_server *s, int code);

/* Formats a stop reply ("T05thread:1;swbreak:;...") into buf. Returns its
 * length (0 when it does not fit). */
size_t gdb_stop_reply(struct gdb_server *s, const struct gdb_stop *stop, char *buf, size_t size);

#endif
