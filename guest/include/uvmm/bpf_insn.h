/* eBPF instructions written by hand in guest C (RFC 9669 encoding): for tests
 * whose programs clang would never emit (hostile ones, the verifier's edges).
 * Programs that do real work are C in a NAME.bpf.c (uvmm/hupcall_bpf.h). */
#ifndef UVMM_BPF_INSN_H
#define UVMM_BPF_INSN_H

#include <stdint.h>

/* One 8-byte slot: opcode, dst | src << 4, off, imm. */
#define BPF(code, dst, src, off, imm)                                                     \
	((uint64_t)(uint8_t)(code) | (uint64_t)(uint8_t)((dst) | (src) << 4) << 8 |      \
	 (uint64_t)(uint16_t)(int16_t)(off) << 16 | (uint64_t)(uint32_t)(int32_t)(imm) << 32)
#define MOV_K(d, k) BPF(0xb7, d, 0, 0, k)      /* mov d, k */
#define MOV_X(d, s) BPF(0xbf, d, s, 0, 0)      /* mov d, s */
#define ADD_K(d, k) BPF(0x07, d, 0, 0, k)      /* add d, k */
#define LDXDW(d, s, o) BPF(0x79, d, s, o, 0)   /* ldxdw d, [s+o] */
#define LDXW(d, s, o) BPF(0x61, d, s, o, 0)    /* ldxw d, [s+o] */
#define STDW(d, o, k) BPF(0x7a, d, 0, o, k)    /* stdw [d+o], k */
#define XADD(d, s, o) BPF(0xdb, d, s, o, 0)    /* lock add [d+o], s */
#define JA(o) BPF(0x05, 0, 0, o, 0)            /* ja +o */
#define JNE_K(d, k, o) BPF(0x55, d, 0, o, k)   /* jne d, k, +o */
#define JGT_K(d, k, o) BPF(0x25, d, 0, o, k)   /* jgt d, k, +o */
#define CALL(id) BPF(0x85, 0, 0, 0, id)        /* call helper id */
#define CALL_LOCAL(o) BPF(0x85, 0, 1, 0, o)    /* call local +o */
#define EXIT BPF(0x95, 0, 0, 0, 0)

#endif
