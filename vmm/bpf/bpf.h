/* uvmm's eBPF core: a program verified once (RFC 9669 encoding rules, helper
 * table, static stack bounds) and run many times by a bounds-checked interpreter. */
#ifndef UVMM_BPF_BPF_H
#define UVMM_BPF_BPF_H

#include <stddef.h>
#include <stdint.h>

#include "bpf/bpf_insn.h"

/* The hyperupcall limit (the paper's 4096) is the default program length. */
#define EBPF_MAX_INSNS 4096u
/* Instructions one run may execute when the caller does not say. */
#define EBPF_DEFAULT_BUDGET (1ull << 20)

/* ---- Memory the program may touch ----------------------------------------
 * A program never sees a host address. It sees windows: the registered
 * regions at the addresses the caller gives them (for hyperupcalls the
 * guest-physical address), the event's context at EBPF_CTX_ADDR and the
 * stack at EBPF_STACK_ADDR. Every load, store, atomic and helper buffer is
 * translated through these windows and must lie inside one of them with the
 * permission it needs; r10-relative accesses are proven inside the frame by
 * the verifier. Addresses at or above EBPF_RESERVED_ADDR are uvmm's. */
#define EBPF_RESERVED_ADDR 0xff00000000000000ull
#define EBPF_CTX_ADDR      0xff00000000000000ull
#define EBPF_STACK_ADDR    0xff80000000000000ull /* frame k: [+k*512, +(k+1)*512) */
#define EBPF_MAX_REGIONS 8u

enum { EBPF_READ = 1u, EBPF_WRITE = 2u };

/* [addr, addr+len) as the program addresses it, backed by host[0..len). The
 * caller guarantees host stays mapped and len bytes long while programs run
 * (for guest RAM: translated once through gpa_to_hva()). */
struct ebpf_region {
	uint64_t addr;
	uint64_t len;
	void *host;
	unsigned perm;       /* EBPF_READ | EBPF_WRITE */
	const char *name;    /* for messages; may be NULL */
};

/* A validated set of regions: disjoint, no wrap, below EBPF_RESERVED_ADDR. */
struct ebpf_memmap {
	struct ebpf_region r[EBPF_MAX_REGIONS];
	unsigned n;
};
/* Checks and copies n regions. Returns 0, or -1 with the reason. */
int ebpf_memmap_init(struct ebpf_memmap *m, const struct ebpf_region *r, unsigned n,
		     char *err, size_t errlen);

/* ---- Helpers ---------------------------------------------------------------
 * What each argument register holds. A MEM_* argument must be followed by a
 * LEN argument: the interpreter checks [r[i], r[i] + r[i+1]) against the
 * windows with that permission before the call and hands the helper a host
 * pointer, so a helper never dereferences a program address itself. */
enum ebpf_arg {
	EBPF_ARG_NONE = 0,   /* unused */
	EBPF_ARG_SCALAR,     /* any value */
	EBPF_ARG_MEM_R,      /* buffer the helper reads */
	EBPF_ARG_MEM_W,      /* buffer the helper writes */
	EBPF_ARG_MEM_RW,
	EBPF_ARG_LEN,        /* byte length of the buffer in the previous argument */
};

struct ebpf_call {
	uint64_t arg[5];     /* r1..r5 as the program set them */
	void *mem[5];        /* MEM_* arguments: checked host pointers (NULL when the length is 0) */
};

/* Returns 0 and sets *r0, or -1 to stop the program (EBPF_ERR_HELPER). */
typedef int (*ebpf_helper_fn)(void *env, const struct ebpf_call *c, uint64_t *r0);

struct ebpf_helper {
	uint32_t id;         /* the call instruction's imm */
	const char *name;
	ebpf_helper_fn fn;
	uint8_t arg[5];      /* enum ebpf_arg for r1..r5 */
};

/* ---- Verification ---------------------------------------------------------- */
struct ebpf_load_opts {
	unsigned max_insns;                  /* 0: EBPF_MAX_INSNS */
	unsigned groups;                     /* allowed conformance groups; 0: all uvmm supports */
	const struct ebpf_helper *helpers;   /* the only helpers calls may name (kept, not copied) */
	unsigned nhelpers;
	int loop_free;                       /* refuse backward jumps and local calls (rule loop):
					      * a run then executes at most n instructions */
};

/* Which verifier rule refused a program (docs/bpf.md lists each message). */
enum ebpf_rule {
	EBPF_RULE_NONE = 0,
	EBPF_RULE_LENGTH,       /* no instructions, or more than max_insns */
	EBPF_RULE_OPCODE,       /* opcode not in RFC 9669 */
	EBPF_RULE_ENCODING,     /* a selector field (off, imm, src) names no instruction */
	EBPF_RULE_GROUP,        /* conformance group not implemented or not allowed */
	EBPF_RULE_UNSUPPORTED,  /* RFC instruction uvmm does not implement (maps, BTF calls) */
	EBPF_RULE_UNUSED_FIELD, /* a field the instruction does not use is not 0 */
	EBPF_RULE_REGISTER,     /* register number above r10 */
	EBPF_RULE_R10,          /* writes the read-only frame pointer */
	EBPF_RULE_JUMP,         /* jump or call target outside the program or inside a lddw */
	EBPF_RULE_LDDW,         /* lddw second half missing or not zero */
	EBPF_RULE_FALLTHROUGH,  /* execution can run past the last instruction */
	EBPF_RULE_HELPER,       /* helper id not in the table */
	EBPF_RULE_STACK,        /* [r10+off] outside the frame, or a misaligned atomic on it */
	EBPF_RULE_HELPERS,      /* the helper table itself is malformed (a caller bug) */
	EBPF_RULE_LOOP,         /* loop_free: a backward jump or a local call */
	EBPF_NRULES
};
const char *ebpf_rule_name(enum ebpf_rule r);

/* Why a program was refused: the instruction (-1: the whole program), the
 * rule, and the one-line message "insn PC (MNEMONIC): RULE: detail". */
struct ebpf_refusal {
	int pc;
	enum ebpf_rule rule;
	char msg[256];
};

struct ebpf_prog;

/* Verifies insns[0..n) and returns an immutable program (its own copy of the
 * instructions), or NULL and *why (ENOMEM is reported as rule NONE). The
 * program can run concurrently from many threads. */
struct ebpf_prog *ebpf_prog_load(const struct ebpf_insn *insns, size_t n,
				 const struct ebpf_load_opts *opts, struct ebpf_refusal *why);
void ebpf_prog_free(struct ebpf_prog *p);

const struct ebpf_insn *ebpf_prog_insns(const struct ebpf_prog *p, size_t *n);
/* Loop-free (every jump forward, no program-local call): a run executes at
 * most n instructions, so the budget can never stop it. */
int ebpf_prog_loop_free(const struct ebpf_prog *p);

/* ---- Execution ------------------------------------------------------------- */
enum ebpf_status {
	EBPF_OK = 0,
	EBPF_ERR_BUDGET,     /* executed the budget's worth of instructions */
	EBPF_ERR_BOUNDS,     /* access outside every window (addr, size) */
	EBPF_ERR_PERM,       /* access inside a window that lacks the permission */
	EBPF_ERR_ALIGN,      /* atomic on a misaligned address */
	EBPF_ERR_DEPTH,      /* program-local calls nested deeper than EBPF_MAX_FRAMES */
	EBPF_ERR_HELPER,     /* a helper returned failure */
	EBPF_ERR_INTERNAL,   /* cannot happen for a verified program */
};
const char *ebpf_status_name(enum ebpf_status s);

/* One run's inputs. The context is the event's record; the caller gives its
 * bytes and permission, the program sees it at EBPF_CTX_ADDR. */
struct ebpf_env {
	const struct ebpf_memmap *mem;   /* may be NULL: no regions */
	void *ctx;
	uint64_t ctx_len;
	unsigned ctx_perm;
	uint64_t r[5];                   /* r1..r5 at entry (r0, r6..r9 start at 0) */
	void *helper_env;                /* passed to every helper */
	uint64_t budget;                 /* instructions; 0: EBPF_DEFAULT_BUDGET */
};

struct ebpf_result {
	enum ebpf_status status;
	uint64_t r0;                     /* the program's result when status is EBPF_OK */
	uint32_t pc;                     /* the instruction that failed */
	uint64_t addr, size;             /* BOUNDS/PERM/ALIGN: the access */
	unsigned access;                 /* BOUNDS/PERM: EBPF_READ or EBPF_WRITE */
	/* Cost counters. */
	uint64_t insns;                  /* instructions executed (lddw counts once) */
	uint64_t helper_calls;
	unsigned max_depth;              /* deepest call frame reached (1 = no local call) */
};

/* Runs p. Returns 0 (status EBPF_OK, r0 valid) or -1 (res->status says why).
 * Whatever the program does, it touches no host memory outside the windows
 * and its own stack, and stops within the budget. */
int ebpf_run(const struct ebpf_prog *p, const struct ebpf_env *env, struct ebpf_result *res);

/* "insn 7: load of 8 bytes at 0x1000: outside every region" and the like. */
void ebpf_result_format(const struct ebpf_result *res, char *buf, size_t len);

#endif
