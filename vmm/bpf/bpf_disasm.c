/* The disassembler: each slot as the assembler takes it, or `.raw` with the
 * reason when the syntax cannot express it, so text always assembles back. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/bpf_asm.h"
#include "bpf/bpf_ops.h"

static void fmt_imm(char *b, size_t len, int32_t v)
{
	if (v < 10)
		snprintf(b, len, "%d", v);
	else
		snprintf(b, len, "0x%x", (unsigned)v);
}

static void fmt_mem(char *b, size_t len, unsigned reg, int16_t off)
{
	if (off)
		snprintf(b, len, "[%%r%u%+d]", reg, off);
	else
		snprintf(b, len, "[%%r%u]", reg);
}

/* Why the syntax cannot express insns[pc], or NULL when it can. */
static const char *unexpressible(const struct ebpf_insn *insns, size_t n, size_t pc,
				 const struct ebpf_op *op, char *why, size_t len)
{
	const struct ebpf_insn *i = &insns[pc];
	const struct ebpf_form_use *u;

	if (!op) {
		size_t rows;

		if (ebpf_ops_for(i->code, &rows))
			snprintf(why, len, "opcode 0x%02x: its off/imm/src selects no instruction", i->code);
		else
			snprintf(why, len, "undefined opcode 0x%02x", i->code);
		return why;
	}
	u = ebpf_form_use(op->form);
	if ((!u->dst && ebpf_dst(i)) || (op->sel != EBPF_SEL_SRC && !u->src && ebpf_src(i)) ||
	    (op->sel != EBPF_SEL_OFF && !u->off && i->off) || (op->sel != EBPF_SEL_IMM && !u->imm && i->imm)) {
		snprintf(why, len, "%s with a non-zero unused field", op->name);
		return why;
	}
	if (op->form == EBPF_F_LDDW) {
		if (op->sel_val) {
			snprintf(why, len, "lddw src %d", op->sel_val);
			return why;
		}
		if (pc + 1 >= n || insns[pc + 1].code || insns[pc + 1].regs || insns[pc + 1].off) {
			snprintf(why, len, "lddw without a valid second half");
			return why;
		}
	}
	return NULL;
}

/* Formats the target of a jump at pc with relative offset rel: a label when
 * labels[target] is set, else +N/-N. */
static void fmt_target(char *b, size_t len, size_t pc, int64_t rel, const uint8_t *labels, size_t n)
{
	int64_t t = (int64_t)pc + 1 + rel;

	if (labels && t >= 0 && t < (int64_t)n && labels[t])
		snprintf(b, len, "L%lld", (long long)t);
	else
		snprintf(b, len, "%+lld", (long long)rel);
}

static size_t disasm_one(const struct ebpf_insn *insns, size_t n, size_t pc, const uint8_t *labels,
			 char *buf, size_t len)
{
	const struct ebpf_insn *i = &insns[pc];
	const struct ebpf_op *op = ebpf_op_lookup(i);
	unsigned dst = ebpf_dst(i), src = ebpf_src(i);
	char why[96], a[48], b[48];

	if (unexpressible(insns, n, pc, op, why, sizeof(why))) {
		snprintf(buf, len, ".raw 0x%016" PRIx64 "  # %s", ebpf_insn_word(i), why);
		return 1;
	}
	switch (op->form) {
	case EBPF_F_ALU_K: fmt_imm(a, sizeof(a), i->imm); snprintf(buf, len, "%s %%r%u, %s", op->name, dst, a); break;
	case EBPF_F_ALU_X: snprintf(buf, len, "%s %%r%u, %%r%u", op->name, dst, src); break;
	case EBPF_F_NEG: case EBPF_F_END: case EBPF_F_CALLX: snprintf(buf, len, "%s %%r%u", op->name, dst); break;
	case EBPF_F_LDX: fmt_mem(a, sizeof(a), src, i->off); snprintf(buf, len, "%s %%r%u, %s", op->name, dst, a); break;
	case EBPF_F_ST:
		fmt_mem(a, sizeof(a), dst, i->off);
		fmt_imm(b, sizeof(b), i->imm);
		snprintf(buf, len, "%s %s, %s", op->name, a, b);
		break;
	case EBPF_F_STX: case EBPF_F_ATOMIC:
		fmt_mem(a, sizeof(a), dst, i->off);
		snprintf(buf, len, "%s %s, %%r%u", op->name, a, src);
		break;
	case EBPF_F_JA: fmt_target(a, sizeof(a), pc, i->off, labels, n); snprintf(buf, len, "ja %s", a); break;
	case EBPF_F_JA32: fmt_target(a, sizeof(a), pc, i->imm, labels, n); snprintf(buf, len, "ja32 %s", a); break;
	case EBPF_F_CALL_LOCAL:
		fmt_target(a, sizeof(a), pc, i->imm, labels, n);
		snprintf(buf, len, "call local %s", a);
		break;
	case EBPF_F_JCC_K:
		fmt_imm(a, sizeof(a), i->imm);
		fmt_target(b, sizeof(b), pc, i->off, labels, n);
		snprintf(buf, len, "%s %%r%u, %s, %s", op->name, dst, a, b);
		break;
	case EBPF_F_JCC_X:
		fmt_target(b, sizeof(b), pc, i->off, labels, n);
		snprintf(buf, len, "%s %%r%u, %%r%u, %s", op->name, dst, src, b);
		break;
	case EBPF_F_CALL: case EBPF_F_LDABS:
		fmt_imm(a, sizeof(a), i->imm);
		snprintf(buf, len, "%s %s", op->name, a);
		break;
	case EBPF_F_LDIND: fmt_imm(a, sizeof(a), i->imm); snprintf(buf, len, "%s %%r%u, %s", op->name, src, a); break;
	case EBPF_F_EXIT: snprintf(buf, len, "exit"); break;
	case EBPF_F_LDDW:
		snprintf(buf, len, "lddw %%r%u, 0x%" PRIx64, dst,
			 (uint64_t)(uint32_t)i->imm | (uint64_t)(uint32_t)insns[pc + 1].imm << 32);
		return 2;
	}
	return 1;
}

size_t ebpf_disasm_insn(const struct ebpf_insn *insns, size_t n, size_t pc, char *buf, size_t len)
{
	return disasm_one(insns, n, pc, NULL, buf, len);
}

/* Where each printed line starts (a lddw covers two slots) and which of
 * those starts some jump or call lands on. */
static void mark_labels(const struct ebpf_insn *insns, size_t n, uint8_t *start, uint8_t *labels)
{
	char buf[160];

	for (size_t pc = 0; pc < n;) {
		start[pc] = 1;
		pc += disasm_one(insns, n, pc, NULL, buf, sizeof(buf));
	}
	for (size_t pc = 0; pc < n; pc++) {
		const struct ebpf_op *op;
		int64_t rel, t;

		if (!start[pc] || !(op = ebpf_op_lookup(&insns[pc])))
			continue;
		if (ebpf_form_use(op->form)->jump_off)
			rel = insns[pc].off;
		else if (ebpf_form_use(op->form)->jump_imm)
			rel = insns[pc].imm;
		else
			continue;
		disasm_one(insns, n, pc, NULL, buf, sizeof(buf));
		if (!strncmp(buf, ".raw", 4))
			continue;
		t = (int64_t)pc + 1 + rel;
		if (t >= 0 && t < (int64_t)n && start[t])
			labels[t] = 1;
	}
}

int ebpf_disasm(FILE *out, const struct ebpf_insn *insns, size_t n)
{
	uint8_t *start = calloc(n + 1, 1), *labels = calloc(n + 1, 1);
	char buf[160];
	int rc = 0;

	if (!start || !labels) {
		rc = -1;
		goto out;
	}
	mark_labels(insns, n, start, labels);
	for (size_t pc = 0; pc < n;) {
		if (labels[pc])
			fprintf(out, "L%zu:\n", pc);
		pc += disasm_one(insns, n, pc, labels, buf, sizeof(buf));
		fprintf(out, "%s\n", buf);
	}
	rc = ferror(out) ? -1 : 0;
out:
	free(start);
	free(labels);
	return rc;
}
