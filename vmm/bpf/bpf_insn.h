/* eBPF instructions as RFC 9669 encodes them: the 8-byte slot, its fields and
 * the class/mode/size constants, and conversion from little-endian bytes. */
#ifndef UVMM_BPF_BPF_INSN_H
#define UVMM_BPF_BPF_INSN_H

#include <stddef.h>
#include <stdint.h>

/* The uvmm eBPF module names its API ebpf_* / EBPF_*: <linux/bpf.h> and
 * libbpf own bpf_* and BPF_*, and the differential tester includes both. */

/* One 8-byte slot. regs holds src in the high nibble, dst in the low one
 * (the little-endian layout; uvmm runs on little-endian hosts only). */
struct ebpf_insn {
	uint8_t code;
	uint8_t regs;
	int16_t off;
	int32_t imm;
};
_Static_assert(sizeof(struct ebpf_insn) == 8, "an eBPF slot is 8 bytes");
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "uvmm's eBPF assumes a little-endian host");

static inline unsigned ebpf_dst(const struct ebpf_insn *i) { return i->regs & 0xfu; }
static inline unsigned ebpf_src(const struct ebpf_insn *i) { return i->regs >> 4; }
static inline uint8_t ebpf_regs(unsigned dst, unsigned src) { return (uint8_t)((src & 0xfu) << 4 | (dst & 0xfu)); }

/* A slot as an initializer (static tables, tests): code, dst, src, off, imm. */
#define EBPF_INSN(c, d, s, o, i) \
	{ .code = (c), .regs = (uint8_t)(((s) & 0xfu) << 4 | ((d) & 0xfu)), .off = (o), .imm = (i) }

/* Classes: the low three bits of code. */
enum {
	EBPF_CLS_LD = 0, EBPF_CLS_LDX = 1, EBPF_CLS_ST = 2, EBPF_CLS_STX = 3,
	EBPF_CLS_ALU = 4, EBPF_CLS_JMP = 5, EBPF_CLS_JMP32 = 6, EBPF_CLS_ALU64 = 7,
};
#define EBPF_CLASS(code) ((code) & 0x07u)
#define EBPF_OPCODE_LDDW 0x18u   /* {IMM, DW, LD}: the one 16-byte instruction */
#define EBPF_SRC_X 0x08u         /* ALU/JMP source bit: register, not imm */

/* Registers r0..r10; r10 is the read-only frame pointer. */
#define EBPF_NREGS 11u
#define EBPF_FP 10u
/* Each call frame's stack, and how deep program-local calls may nest. */
#define EBPF_STACK_SIZE 512u
#define EBPF_MAX_FRAMES 8u

/* The 64-bit word of a slot as bpf_conformance's `-- raw` sections write it
 * (the slot's 8 bytes read as a little-endian integer), and back. */
uint64_t ebpf_insn_word(const struct ebpf_insn *i);
struct ebpf_insn ebpf_insn_from_word(uint64_t w);

/* Decodes len bytes of little-endian instructions into out[0..max). Returns
 * 0 and *n, or -1 with a reason when len is not a multiple of 8 or the
 * program has more than max slots. */
int ebpf_decode(const void *bytes, size_t len, struct ebpf_insn *out, size_t max, size_t *n,
		char *err, size_t errlen);

#endif
