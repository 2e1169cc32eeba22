/* One GDB remote-protocol packet parsed into a command: which request it is
 * and its validated fields (addresses, lengths, thread ids, vCont actions,
 * memory data pointing into the packet). Pure: no I/O, no target. */
#ifndef UVMM_GDB_COMMAND_H
#define UVMM_GDB_COMMAND_H

#include <stddef.h>
#include <stdint.h>

enum gdb_cmd_kind {
	GDB_CMD_UNKNOWN,        /* not implemented: answered with the empty reply */
	GDB_CMD_MALFORMED,      /* a known packet with bad fields: "E01" */
	GDB_CMD_SUPPORTED,      /* qSupported */
	GDB_CMD_NO_ACK,         /* QStartNoAckMode */
	GDB_CMD_XFER_FEATURES,  /* qXfer:features:read:ANNEX:OFF,LEN */
	GDB_CMD_ATTACHED,       /* qAttached */
	GDB_CMD_STOP_REASON,    /* ? */
	GDB_CMD_READ_REGS,      /* g */
	GDB_CMD_WRITE_REGS,     /* G hex */
	GDB_CMD_READ_REG,       /* p n */
	GDB_CMD_WRITE_REG,      /* P n=hex */
	GDB_CMD_READ_MEM,       /* m addr,len */
	GDB_CMD_WRITE_MEM,      /* M addr,len:hex and X addr,len:binary (data decoded) */
	GDB_CMD_INSERT_POINT,   /* Z type,addr,kind */
	GDB_CMD_REMOVE_POINT,   /* z type,addr,kind */
	GDB_CMD_CONTINUE,       /* c [addr], C sig[;addr] */
	GDB_CMD_STEP,           /* s [addr], S sig[;addr] */
	GDB_CMD_VCONT_QUERY,    /* vCont? */
	GDB_CMD_VCONT,          /* vCont;action[:tid]... */
	GDB_CMD_KILL,           /* k, vKill;pid */
	GDB_CMD_DETACH,         /* D, D;pid */
	GDB_CMD_SET_THREAD,     /* Hg tid, Hc tid */
	GDB_CMD_THREAD_ALIVE,   /* T tid */
	GDB_CMD_THREAD_FIRST,   /* qfThreadInfo */
	GDB_CMD_THREAD_NEXT,    /* qsThreadInfo */
	GDB_CMD_CURRENT_THREAD, /* qC */
	GDB_CMD_THREAD_EXTRA,   /* qThreadExtraInfo,tid */
};

/* Thread ids as the protocol writes them: 0 any thread, -1 all threads. */
#define GDB_TID_ANY 0
#define GDB_TID_ALL (-1)

enum gdb_action { GDB_ACT_NONE, GDB_ACT_CONTINUE, GDB_ACT_STEP, GDB_ACT_STOP };

#define GDB_VCONT_MAX 16

struct gdb_vcont_action {
	uint8_t action; /* enum gdb_action */
	int64_t tid;    /* GDB_TID_ALL when the action names no thread */
};

enum gdb_point { GDB_PT_SW, GDB_PT_HW, GDB_PT_WRITE, GDB_PT_READ, GDB_PT_ACCESS, GDB_PT_COUNT };

struct gdb_cmd {
	enum gdb_cmd_kind kind;
	uint64_t addr, len;     /* memory, xfer offset/length, point address/kind */
	int has_addr;           /* c/s with a resume address */
	unsigned reg;           /* p/P */
	unsigned point;         /* enum gdb_point */
	char op;                /* H: 'g' or 'c'; KILL: 'v' for vKill (wants a reply) */
	int64_t tid;            /* H, T, qThreadExtraInfo */
	const uint8_t *data;    /* G, P, M, X: decoded bytes (in the packet buffer) */
	size_t data_len;
	const char *annex;      /* qXfer: NUL-terminated, in the packet buffer */
	unsigned nactions;
	struct gdb_vcont_action actions[GDB_VCONT_MAX];
};

/* Parses pkt[0..len) (NUL-terminated at len, writable: hex and binary data
 * are decoded in place). Never fails: anything unparsable becomes
 * GDB_CMD_UNKNOWN or GDB_CMD_MALFORMED. */
void gdb_parse(char *pkt, size_t len, struct gdb_cmd *cmd);

#endif
