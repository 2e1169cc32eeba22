/* Private to the expectation modules: the compiled program (a flat array of
 * ops with jump indexes), the checker's state and the text helpers they share. */
#ifndef UVMM_CHECK_EXPECT_INTERNAL_H
#define UVMM_CHECK_EXPECT_INTERNAL_H

#include <stdint.h>
#include <stdio.h>

#include "check/expect.h"
#include "event.h"
#include "hcall_abi.h"
#include "util/sbuf.h"
#include "uvmm/abi.h"

#define XDEPTH_MAX 8     /* repeat blocks nest at most this deep */
#define XSTACK_MAX 32    /* runtime insertions pending at once */
#define XSTR_KEEP 256    /* bytes of each hcall string a failure report keeps */
#define XPIO_DATA_MAX 4096u /* count * size of one string I/O item */
#define XNONE UINT32_MAX

enum xop_type {
	XOP_EXIT,   /* match one exit */
	XOP_BEGIN,  /* repeat block: jump = index of its END */
	XOP_END,    /* jump = index of its BEGIN */
	XOP_RETURN, /* end of a runtime insertion: pop the checker's return stack */
	XOP_HALT,   /* end of the declared program */
};

/* Pseudo event kind for `any`. */
#define XK_ANY EV_KIND_COUNT
#define XK_COUNT (EV_KIND_COUNT + 1)

/* Wildcard fields of an exit item. XW_VALUE covers all string I/O data. */
enum { XW_ADDR = 1, XW_SIZE = 2, XW_VALUE = 4 };

/* A hypercall argument pattern; strings live in the pool at off. */
struct xarg {
	uint64_t num;
	uint32_t off;
	uint32_t len;
	uint8_t is_str;
	uint8_t wild;
};

struct xop {
	uint8_t type;   /* enum xop_type */
	uint8_t depth;  /* repeat counters live at this point */
	uint8_t lvl;    /* BEGIN/END: index of the block's counter */
	uint8_t kind;   /* EXIT: enum ev_kind or XK_ANY */
	uint8_t wild;   /* XW_* */
	uint8_t nargs;
	uint16_t size;
	uint16_t src;   /* index into xcode.srcs */
	uint32_t line, col;
	uint32_t count;
	int32_t status;
	uint32_t data_off;  /* count > 1: count*size bytes little-endian in the pool */
	uint32_t dwild_off; /* XNONE, or count per-element wildcard flags in the pool */
	uint32_t args_off;  /* first of nargs in xcode.args */
	uint32_t jump;
	union {
		struct { uint64_t addr, value; };
		struct { uint64_t min, max; }; /* BEGIN/END */
	};
};

struct xcode {
	struct xop *ops;
	uint32_t nops, cap_ops;
	struct xarg *args;
	uint32_t nargs, cap_args;
	uint8_t *pool;
	uint32_t npool, cap_pool;
	char (*srcs)[64];
	uint32_t nsrcs, cap_srcs;
};

struct expect_prog {
	struct xcode code;
	unsigned ignore; /* enum ev_class mask */
	size_t items;
};

/* Builders (expect_code.c). They return 0 or -1 when out of memory. */
void xcode_free(struct xcode *c);
int xcode_reserve(struct xcode *c, uint32_t ops, uint32_t args, uint32_t pool, uint32_t srcs);
/* Appends n bytes to the pool (their offset in *off, when off is not NULL). */
int xcode_pool_push(struct xcode *c, const void *bytes, uint32_t n, uint32_t *off);
/* Index of the source name, added when new; -1 when out of memory. */
int xcode_source_index(struct xcode *c, const char *name);
/* Appends every op of src to dst, rebasing pool, argument, source and jump
 * indexes, and adding depth_base to every depth and level. */
int xcode_append(struct xcode *dst, const struct xcode *src, unsigned depth_base);
int xcode_push_op(struct xcode *c, const struct xop *op);
/* Memory the code takes (ops, arguments, pool). */
size_t xcode_bytes(const struct xcode *c);
/* Deepest nesting used by the code (0: no blocks). */
unsigned xcode_max_depth(const struct xcode *c);

/* Result of matching one item against one exit: 0, or what differs. */
enum xmiss {
	XM_OK,
	XM_OTHER,  /* different kind or address: unexpected exit */
	XM_SIZE,
	XM_COUNT,
	XM_VALUE,
	XM_DATA,   /* data element `which` */
	XM_GP,     /* MSR #GP differs */
	XM_STATUS, /* hypercall accepted vs rejected, or another error */
	XM_NARGS,
	XM_ARG,    /* argument `which` */
};

enum { XCUT_STRINGS = 1, XCUT_DATA = 2 };

enum xfail_kind { XF_NONE, XF_UNEXPECTED, XF_WRONG, XF_AFTER_END, XF_EXCEEDS, XF_MISSING };

/* A failure, kept with a private copy of the exit so the report can be
 * written after the run (kvm_run and guest buffers change meanwhile). */
struct xfail {
	enum xfail_kind kind;
	enum xmiss miss;
	uint32_t which;
	uint32_t op;     /* item expected (XNONE: end of expectations) */
	uint32_t rep;    /* BEGIN of the repeat exceeded or unfinished (XNONE) */
	uint64_t rounds; /* rounds that repeat had */
	uint64_t seen;   /* exits offered when the failure was found */
	unsigned truncated; /* XCUT_*: what of the exit was not kept */
	struct exit_event ev;
	uint8_t data[EV_DATA_MAX];
	char strs[EV_MAX_ARGS][XSTR_KEEP];
};

struct expect_checker {
	struct xcode code; /* the program's ops, then HALT, then insertions */
	unsigned ignore;
	uint32_t pc;
	uint32_t sp;
	uint32_t halt;      /* index of the declared program's HALT: insertions follow it */
	int last_inserted;  /* the last matched exit was matched by run-time text */
	uint32_t stack[XSTACK_MAX];
	uint64_t counters[XDEPTH_MAX];
	uint64_t seen;
	size_t inserted_bytes; /* compiled code added at run time so far */
	int failed;
	struct xfail fail;
};


/* The ignore classes (enum ev_class) an event belongs to. */
unsigned ev_classes(const struct exit_event *ev);

/* Item shapes: how the words after the item name look. */
enum xshape { XS_PORT, XS_MEM, XS_NONE, XS_MSR, XS_HCALL, XS_VALUE, XS_REASON, XS_HUPCALL };
struct xkind_info {
	const char *name;
	enum xshape shape;
};
extern const struct xkind_info xkinds[XK_COUNT];

struct xname_val {
	const char *name;
	int value;
};
extern const struct xname_val xhc_errors[]; /* "efault" ... ; NULL-terminated */
extern const struct xname_val xclasses[];   /* "console" ... ; NULL-terminated */
/* Hyperupcall event names and run errors, indexed by their enums (uvmm/abi.h). */
extern const char *const xhu_events[UVMM_HUPCALL_EVENTS];
extern const char *const xhu_runs[UVMM_HUPCALL_RUNS];

/* Formats an exit, or (with w) a pattern whose wildcards print as `*`. */
struct xwild {
	uint8_t fields;        /* XW_* */
	uint8_t args;          /* bit i: argument i is `*` */
	const uint8_t *elems;  /* per-element flags of string I/O data, or NULL */
};
void xfmt_event(struct sbuf *sb, const struct exit_event *ev, const struct xwild *w);
void xfmt_op(struct sbuf *sb, const struct xcode *code, uint32_t op);
void xfmt_range(struct sbuf *sb, uint64_t min, uint64_t max);
const char *xsrc(const struct xcode *code, uint32_t op);

#endif
