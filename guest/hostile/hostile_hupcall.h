/* For the hostile hyperupcall guests: the registration call with any fields,
 * whatever the guest runtime would check (programs: <uvmm/bpf_insn.h>). */
#ifndef HOSTILE_HUPCALL_H
#define HOSTILE_HUPCALL_H

#include <uvmm/bpf_insn.h>
#include <uvmm/hupcall.h>

#include "hostile.h"

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
