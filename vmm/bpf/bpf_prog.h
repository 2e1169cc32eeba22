/* The verified program object, shared by the verifier (which builds it) and
 * the interpreter (which trusts what the verifier proved about it). */
#ifndef UVMM_BPF_BPF_PROG_H
#define UVMM_BPF_BPF_PROG_H

#include <stddef.h>
#include <stdint.h>

#include "bpf/bpf.h"

/* What the verifier proved, so that the interpreter need not check it again:
 * every opcode is a supported row with its unused fields 0; registers are
 * r0..r10 and r10 is never written; every jump and call lands on an
 * instruction start inside the program; every lddw has its second half;
 * execution never runs past the end; every [r10+off] access lies inside
 * [r10-512, r10) and every atomic there is naturally aligned; every helper
 * call names a table entry (helper_idx[pc]). */
struct ebpf_prog {
	struct ebpf_insn *insns;
	size_t n;
	const struct ebpf_helper *helpers;
	unsigned nhelpers;
	uint16_t *helper_idx;  /* per slot: index into helpers for helper calls */
	int loop_free;
};

#endif
