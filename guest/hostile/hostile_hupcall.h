/* For the hostile hyperupcall guests: eBPF instructions written by hand (the
 * attacks are programs clang would never emit) and the registration call
 * with any fields, whatever the guest runtime would check. */
#ifndef HOSTILE_HUPCALL_H
#define HOSTILE_HUPCALL_H

#include <uvmm/hupcall.h>

#include "hostile.h"

/* One 8-byte slot: opcode, dst | src << 4, off, imm (RFC 9669). */
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
#define JA(o) BPF(0x05, 0, 0, o, 0)
#define JNE_K(d, k, o) BPF(0x55, d, 0, o, k)
#define CALL(id) BPF(0x85, 0, 0, 0, id)
#define CALL_LOCAL(o) BPF(0x85, 0, 1, 0, o)
#define EXIT BPF(0x95, 0, 0, 0, 0)
#define LDDW_LO(d, v) BPF(0x18, d, 0, 0, (uint32_t)(v))
#define LDDW_HI(v) BPF(0, 0, 0, 0, (uint32_t)((uint64_t)(v) >> 32))

/* Hypercall 13 with every field as given; the out part lands in *b. */
static inline long hupcall_raw(struct uvmm_hc_hupcall *b)
{
	return uvmm_hypercall(UVMM_HC_HUPCALL, b);
}

static inline long hupcall_reg_raw(unsigned event, const uint64_t *prog, uint64_t nslots,
				   uint64_t region, uint64_t len, uint64_t flags, uint64_t param,
				   struct uvmm_hupcall_out *out)
{
	struct uvmm_hc_hupcall b = { UVMM_HUPCALL_REGISTER, event, uvmm_gpa(prog), nslots, region,
				     len, flags, param, { 0 } };
	long st = hupcall_raw(&b);

	*out = b.out;
	return st;
}

#endif
