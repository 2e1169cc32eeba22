/* The assembler and disassembler for the syntax of bpf_conformance's `-- asm`
 * sections, so that a program can go text -> slots -> text without loss. */
#ifndef UVMM_BPF_BPF_ASM_H
#define UVMM_BPF_BPF_ASM_H

#include <stddef.h>
#include <stdio.h>

#include "bpf/bpf_insn.h"

/* Assembles text (one instruction or "label:" per line, '#' starts a
 * comment) into out[0..max). Jump targets are labels or +N/-N; the first
 * exit is the label "exit" unless the text defines one. Registers %r0..%r15
 * (the verifier refuses r11..r15). `.raw 0xWORD` emits one slot as a
 * `-- raw` word (uvmm's extension: the disassembler's form for slots the
 * syntax cannot express). Errors say "line N: reason" with N counted from
 * first_line. Returns 0 and *n, or -1. */
int ebpf_asm(const char *text, unsigned first_line, struct ebpf_insn *out, size_t max, size_t *n,
	     char *err, size_t errlen);

/* One instruction at insns[pc] (the program has n slots) in that syntax,
 * with jump targets as +N/-N. Returns the slots it covers (2 for a lddw,
 * else 1); slots the syntax cannot express come out as `.raw 0xWORD # why`. */
size_t ebpf_disasm_insn(const struct ebpf_insn *insns, size_t n, size_t pc, char *buf, size_t len);

/* The whole program, one line each, targets as labels "L<pc>:" (or +N/-N
 * where no label can stand: outside the program, inside a lddw). What it
 * writes assembles back to the same slots. Returns 0 or -1 (write error). */
int ebpf_disasm(FILE *out, const struct ebpf_insn *insns, size_t n);

#endif
