/* The eBPF instruction table (RFC 9669 Appendix A plus the callx and legacy
 * packet rows): one row per instruction, read by verifier, assembler, disassembler. */
#ifndef UVMM_BPF_BPF_OPS_H
#define UVMM_BPF_BPF_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "bpf/bpf_insn.h"

/* Conformance groups (RFC 9669 section 2.4, plus bpf_conformance's callx). */
enum ebpf_group {
	EBPF_G_BASE32 = 1u << 0,
	EBPF_G_BASE64 = 1u << 1,
	EBPF_G_ATOMIC32 = 1u << 2,
	EBPF_G_ATOMIC64 = 1u << 3,
	EBPF_G_DIVMUL32 = 1u << 4,
	EBPF_G_DIVMUL64 = 1u << 5,
	EBPF_G_PACKET = 1u << 6,
	EBPF_G_CALLX = 1u << 7,
};
#define EBPF_GROUPS_ALL 0xffu
/* What uvmm implements: everything but the legacy packet loads and callx. */
#define EBPF_GROUPS_SUPPORTED (EBPF_G_BASE32 | EBPF_G_BASE64 | EBPF_G_ATOMIC32 | \
			       EBPF_G_ATOMIC64 | EBPF_G_DIVMUL32 | EBPF_G_DIVMUL64)

/* Operand syntax and which fields an instruction uses. A field a form does
 * not use must be 0, except the selector field, which must hold sel_val. */
enum ebpf_form {
	EBPF_F_ALU_K,      /* op %dst, imm          writes dst          */
	EBPF_F_ALU_X,      /* op %dst, %src         writes dst          */
	EBPF_F_NEG,        /* op %dst               writes dst          */
	EBPF_F_END,        /* op %dst               writes dst, imm=width (selector) */
	EBPF_F_LDX,        /* op %dst, [%src+off]   writes dst          */
	EBPF_F_ST,         /* op [%dst+off], imm                        */
	EBPF_F_STX,        /* op [%dst+off], %src                       */
	EBPF_F_ATOMIC,     /* lock op [%dst+off], %src   imm=op (selector) */
	EBPF_F_JA,         /* ja TARGET             off = target - pc - 1 */
	EBPF_F_JA32,       /* ja32 TARGET           imm = target - pc - 1 */
	EBPF_F_JCC_K,      /* op %dst, imm, TARGET  */
	EBPF_F_JCC_X,      /* op %dst, %src, TARGET */
	EBPF_F_CALL,       /* call imm              helper by static id (src 0) or BTF id (src 2) */
	EBPF_F_CALL_LOCAL, /* call local TARGET     imm = target - pc - 1 (src 1) */
	EBPF_F_CALLX,      /* call %dst             */
	EBPF_F_EXIT,       /* exit                  */
	EBPF_F_LDDW,       /* lddw %dst, imm64      two slots; src = subtype (selector) */
	EBPF_F_LDABS,      /* op imm                legacy packet */
	EBPF_F_LDIND,      /* op %src, imm          legacy packet */
};

/* Which field tells apart the rows sharing one opcode. */
enum ebpf_sel { EBPF_SEL_NONE, EBPF_SEL_OFF, EBPF_SEL_IMM, EBPF_SEL_SRC };

struct ebpf_op {
	uint8_t code;
	uint8_t form;          /* enum ebpf_form */
	uint8_t sel;           /* enum ebpf_sel */
	uint8_t size;          /* bytes a load/store/atomic moves, else 0 */
	int32_t sel_val;
	uint8_t group;         /* enum ebpf_group */
	uint8_t sign;          /* LDX: sign-extending (MEMSX) */
	const char *name;      /* mnemonic as the assembler takes it ("lock fetch add32") */
	const char *unsupported; /* why uvmm refuses this RFC instruction, or NULL */
};

/* The whole table, sorted by code then sel_val (a unit test checks it). */
extern const struct ebpf_op ebpf_ops[];
extern const size_t ebpf_nops;

/* The rows with this opcode: *count of them from the returned pointer (NULL, 0: none). */
const struct ebpf_op *ebpf_ops_for(uint8_t code, size_t *count);

/* The selector field's value in i for rows using sel. */
int64_t ebpf_sel_value(const struct ebpf_insn *i, enum ebpf_sel sel);

/* The row i encodes (opcode and selector), or NULL (an opcode the table
 * lacks, or a selector value no row of the opcode has). */
const struct ebpf_op *ebpf_op_lookup(const struct ebpf_insn *i);

/* Field usage of a form: whether it has a dst register, a src register, an
 * offset, an immediate; whether it writes dst; whether off/imm is a jump. */
struct ebpf_form_use {
	uint8_t dst, src, off, imm, writes_dst, jump_off, jump_imm;
};
const struct ebpf_form_use *ebpf_form_use(enum ebpf_form f);

/* Names of groups ("base32", ...) for messages: the lowest set bit's name. */
const char *ebpf_group_name(unsigned group);
/* "base32 base64 ..." for a mask, into buf. Returns buf. */
char *ebpf_groups_format(unsigned mask, char *buf, size_t len);

/* The groups the instructions of insns[0..n) belong to (lddw second halves
 * skipped, undefined opcodes ignored). */
unsigned ebpf_groups_used(const struct ebpf_insn *insns, size_t n);

#endif
