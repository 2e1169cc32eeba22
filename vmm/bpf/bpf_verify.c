/* The verifier: RFC 9669 encoding rules (opcode, selector, unused fields,
 * registers, r10, lddw pairing), control flow (targets, no fall-through off the
 * end), helper calls against the caller's table, and r10-relative stack bounds. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/bpf.h"
#include "bpf/bpf_ops.h"
#include "bpf/bpf_prog.h"
#include "util/errmsg.h"

static const char *const rule_names[EBPF_NRULES] = {
	[EBPF_RULE_NONE] = "none",
	[EBPF_RULE_LENGTH] = "length",
	[EBPF_RULE_OPCODE] = "opcode",
	[EBPF_RULE_ENCODING] = "encoding",
	[EBPF_RULE_GROUP] = "group",
	[EBPF_RULE_UNSUPPORTED] = "unsupported",
	[EBPF_RULE_UNUSED_FIELD] = "unused field",
	[EBPF_RULE_REGISTER] = "register",
	[EBPF_RULE_R10] = "r10 read-only",
	[EBPF_RULE_JUMP] = "jump",
	[EBPF_RULE_LDDW] = "lddw",
	[EBPF_RULE_FALLTHROUGH] = "fall-through",
	[EBPF_RULE_HELPER] = "helper",
	[EBPF_RULE_STACK] = "stack",
	[EBPF_RULE_HELPERS] = "helper table",
	[EBPF_RULE_LOOP] = "loop",
};

const char *ebpf_rule_name(enum ebpf_rule r)
{
	return r < EBPF_NRULES ? rule_names[r] : "?";
}

struct vctx {
	const struct ebpf_insn *insns;
	size_t n;
	const struct ebpf_load_opts *o;
	unsigned groups;
	uint8_t *second;        /* second[pc]: pc is the second half of a lddw */
	uint16_t *helper_idx;
	int loop_free;
	struct ebpf_refusal *why;
};

/* "insn PC (NAME): RULE: detail", or "program: RULE: detail" for pc < 0. */
__attribute__((format(printf, 5, 6)))
static int refuse(struct vctx *v, long pc, const struct ebpf_op *op, enum ebpf_rule rule,
		  const char *fmt, ...)
{
	char detail[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	v->why->pc = (int)pc;
	v->why->rule = rule;
	if (pc < 0)
		return errmsg(v->why->msg, sizeof(v->why->msg), "program: %s: %s", ebpf_rule_name(rule), detail);
	if (op)
		return errmsg(v->why->msg, sizeof(v->why->msg), "insn %ld (%s): %s: %s", pc, op->name,
			      ebpf_rule_name(rule), detail);
	return errmsg(v->why->msg, sizeof(v->why->msg), "insn %ld: %s: %s", pc, ebpf_rule_name(rule), detail);
}

static const char *const sel_names[] = { "", "off", "imm", "src" };

/* The opcode exists but its selector field names no row: list the values. */
static int refuse_selector(struct vctx *v, size_t pc, const struct ebpf_op *rows, size_t nrows)
{
	const struct ebpf_insn *i = &v->insns[pc];
	char list[160];
	size_t used = 0;

	list[0] = 0;
	for (size_t k = 0; k < nrows && used < sizeof(list); k++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%d: %s", k ? ", " : "",
					 rows[k].sel_val, rows[k].name);
	return refuse(v, (long)pc, NULL, EBPF_RULE_ENCODING, "opcode 0x%02x with %s %lld is no instruction (%s %s)",
		      i->code, sel_names[rows[0].sel], (long long)ebpf_sel_value(i, rows[0].sel),
		      sel_names[rows[0].sel], list);
}

static int check_opcode(struct vctx *v, size_t pc, const struct ebpf_op **out)
{
	const struct ebpf_insn *i = &v->insns[pc];
	size_t nrows;
	const struct ebpf_op *rows = ebpf_ops_for(i->code, &nrows), *op;
	char allowed[96];

	if (!rows)
		return refuse(v, (long)pc, NULL, EBPF_RULE_OPCODE, i->code ?
			      "0x%02x is not an RFC 9669 opcode" :
			      "0x%02x is not an instruction (it fills only the second half of a lddw)", i->code);
	op = ebpf_op_lookup(i);
	if (!op)
		return refuse_selector(v, pc, rows, nrows);
	if (op->group & ~EBPF_GROUPS_SUPPORTED)
		return refuse(v, (long)pc, op, EBPF_RULE_GROUP, "opcode 0x%02x is in group %s, which uvmm does not implement",
			      i->code, ebpf_group_name(op->group));
	if (op->unsupported)
		return refuse(v, (long)pc, op, EBPF_RULE_UNSUPPORTED, "%s", op->unsupported);
	if (!(op->group & v->groups))
		return refuse(v, (long)pc, op, EBPF_RULE_GROUP, "group %s is not allowed here (allowed: %s)",
			      ebpf_group_name(op->group), ebpf_groups_format(v->groups, allowed, sizeof(allowed)));
	*out = op;
	return 0;
}

/* Unused fields are 0; used registers exist; r10 is never written. */
static int check_fields(struct vctx *v, size_t pc, const struct ebpf_op *op)
{
	const struct ebpf_insn *i = &v->insns[pc];
	const struct ebpf_form_use *u = ebpf_form_use(op->form);
	unsigned dst = ebpf_dst(i), src = ebpf_src(i);

	if (!u->dst && dst)
		return refuse(v, (long)pc, op, EBPF_RULE_UNUSED_FIELD, "dst must be 0, is %u", dst);
	if (op->sel != EBPF_SEL_SRC && !u->src && src)
		return refuse(v, (long)pc, op, EBPF_RULE_UNUSED_FIELD, "src must be 0, is %u", src);
	if (op->sel != EBPF_SEL_OFF && !u->off && i->off)
		return refuse(v, (long)pc, op, EBPF_RULE_UNUSED_FIELD, "off must be 0, is %d", i->off);
	if (op->sel != EBPF_SEL_IMM && !u->imm && i->imm)
		return refuse(v, (long)pc, op, EBPF_RULE_UNUSED_FIELD, "imm must be 0, is %d", i->imm);
	if (u->dst && dst >= EBPF_NREGS)
		return refuse(v, (long)pc, op, EBPF_RULE_REGISTER, "dst r%u does not exist (r0..r10)", dst);
	if (u->src && src >= EBPF_NREGS)
		return refuse(v, (long)pc, op, EBPF_RULE_REGISTER, "src r%u does not exist (r0..r10)", src);
	if (u->writes_dst && dst == EBPF_FP)
		return refuse(v, (long)pc, op, EBPF_RULE_R10, "writes r10, the frame pointer");
	/* The fetching atomics (fetch flag 0x01, xchg, cmpxchg's r0) write a register too. */
	if (op->form == EBPF_F_ATOMIC && (op->sel_val & 1) && op->sel_val != 0xf1 && src == EBPF_FP)
		return refuse(v, (long)pc, op, EBPF_RULE_R10, "fetches the old value into r10, the frame pointer");
	return 0;
}

/* [r10+off] must lie in the frame: this is the proof the interpreter's r10
 * fast path relies on (r10 is never written, so it always is the frame top). */
static int check_stack(struct vctx *v, size_t pc, const struct ebpf_op *op)
{
	const struct ebpf_insn *i = &v->insns[pc];
	unsigned base = op->form == EBPF_F_LDX ? ebpf_src(i) : ebpf_dst(i);
	long lo = i->off, hi = (long)i->off + op->size;

	if (!op->size || op->form == EBPF_F_LDABS || op->form == EBPF_F_LDIND || base != EBPF_FP)
		return 0;
	if (lo < -(long)EBPF_STACK_SIZE || hi > 0)
		return refuse(v, (long)pc, op, EBPF_RULE_STACK, "[r10%+d] (%u bytes) is outside the %u-byte frame [r10-%u, r10)",
			      i->off, op->size, EBPF_STACK_SIZE, EBPF_STACK_SIZE);
	if (op->form == EBPF_F_ATOMIC && (i->off % (int)op->size))
		return refuse(v, (long)pc, op, EBPF_RULE_STACK, "[r10%+d] is not %u-byte aligned (atomics must be)",
			      i->off, op->size);
	return 0;
}

static int check_target(struct vctx *v, size_t pc, const struct ebpf_op *op, int64_t rel)
{
	int64_t t = (int64_t)pc + 1 + rel;

	if (t < 0 || t >= (int64_t)v->n)
		return refuse(v, (long)pc, op, EBPF_RULE_JUMP, "target %lld is outside the program (0..%zu)",
			      (long long)t, v->n - 1);
	if (v->second[t])
		return refuse(v, (long)pc, op, EBPF_RULE_JUMP, "target %lld is the second half of the lddw at %lld",
			      (long long)t, (long long)t - 1);
	if (t <= (int64_t)pc && v->o->loop_free)
		return refuse(v, (long)pc, op, EBPF_RULE_LOOP, "jumps back to insn %lld; this program must be "
			      "loop-free (unroll the loop)", (long long)t);
	if (t <= (int64_t)pc)
		v->loop_free = 0;
	return 0;
}

static int check_flow(struct vctx *v, size_t pc, const struct ebpf_op *op)
{
	const struct ebpf_insn *i = &v->insns[pc];
	size_t next = pc + (op->form == EBPF_F_LDDW ? 2 : 1);

	switch (op->form) {
	case EBPF_F_JA:
	case EBPF_F_JCC_K:
	case EBPF_F_JCC_X:
		if (check_target(v, pc, op, i->off) < 0)
			return -1;
		break;
	case EBPF_F_JA32:
		if (check_target(v, pc, op, i->imm) < 0)
			return -1;
		break;
	case EBPF_F_CALL_LOCAL:
		if (v->o->loop_free)
			return refuse(v, (long)pc, op, EBPF_RULE_LOOP, "program-local calls are not allowed in a "
				      "loop-free program (inline the function)");
		if (check_target(v, pc, op, i->imm) < 0)
			return -1;
		v->loop_free = 0;
		break;
	case EBPF_F_CALL:
		for (unsigned h = 0; h < v->o->nhelpers; h++)
			if (v->o->helpers[h].id == (uint32_t)i->imm) {
				v->helper_idx[pc] = (uint16_t)h;
				goto found;
			}
		return refuse(v, (long)pc, op, EBPF_RULE_HELPER, "helper %u is not in this program's helper table (%u helpers)",
			      (uint32_t)i->imm, v->o->nhelpers);
found:
		break;
	case EBPF_F_LDDW:
		if (pc + 1 >= v->n)
			return refuse(v, (long)pc, op, EBPF_RULE_LDDW, "the second half is missing (end of program)");
		if (v->insns[pc + 1].code || v->insns[pc + 1].regs || v->insns[pc + 1].off)
			return refuse(v, (long)pc, op, EBPF_RULE_LDDW, "the second half (insn %zu) must have opcode, "
				      "registers and offset 0 (has 0x%02x, 0x%02x, %d)", pc + 1, v->insns[pc + 1].code,
				      v->insns[pc + 1].regs, v->insns[pc + 1].off);
		break;
	default:
		break;
	}
	if (op->form != EBPF_F_EXIT && op->form != EBPF_F_JA && op->form != EBPF_F_JA32 && next >= v->n)
		return refuse(v, (long)pc, op, EBPF_RULE_FALLTHROUGH, "execution can continue past the last instruction "
			      "(a program ends with exit or ja)");
	return 0;
}

static const char *const arg_names[] = { "NONE", "SCALAR", "MEM_R", "MEM_W", "MEM_RW", "LEN" };

static int check_helpers(struct vctx *v)
{
	const struct ebpf_load_opts *o = v->o;

	if (o->nhelpers > UINT16_MAX)
		return refuse(v, -1, NULL, EBPF_RULE_HELPERS, "%u helpers, at most %u", o->nhelpers, UINT16_MAX);
	if (o->nhelpers && !o->helpers)
		return refuse(v, -1, NULL, EBPF_RULE_HELPERS, "%u helpers but no table", o->nhelpers);
	for (unsigned h = 0; h < o->nhelpers; h++) {
		const struct ebpf_helper *e = &o->helpers[h];
		const char *name = e->name ? e->name : "?";

		if (!e->name || !e->fn)
			return refuse(v, -1, NULL, EBPF_RULE_HELPERS, "helper %u: no name or no function", e->id);
		for (unsigned g = 0; g < h; g++)
			if (o->helpers[g].id == e->id)
				return refuse(v, -1, NULL, EBPF_RULE_HELPERS, "helper id %u is listed twice", e->id);
		for (unsigned a = 0; a < 5; a++) {
			int mem = e->arg[a] >= EBPF_ARG_MEM_R && e->arg[a] <= EBPF_ARG_MEM_RW;

			if (e->arg[a] > EBPF_ARG_LEN)
				return refuse(v, -1, NULL, EBPF_RULE_HELPERS, "helper %s: argument %u has kind %u",
					      name, a + 1, e->arg[a]);
			if (mem && (a == 4 || e->arg[a + 1] != EBPF_ARG_LEN))
				return refuse(v, -1, NULL, EBPF_RULE_HELPERS, "helper %s: argument %u is %s but argument %u is not LEN",
					      name, a + 1, arg_names[e->arg[a]], a + 2);
			if (e->arg[a] == EBPF_ARG_LEN && (a == 0 || e->arg[a - 1] < EBPF_ARG_MEM_R ||
							   e->arg[a - 1] > EBPF_ARG_MEM_RW))
				return refuse(v, -1, NULL, EBPF_RULE_HELPERS, "helper %s: argument %u is LEN without a buffer before it",
					      name, a + 1);
		}
	}
	return 0;
}

static int verify(struct vctx *v)
{
	unsigned max = v->o->max_insns ? v->o->max_insns : EBPF_MAX_INSNS;

	if (check_helpers(v) < 0)
		return -1;
	if (!v->n)
		return refuse(v, -1, NULL, EBPF_RULE_LENGTH, "no instructions");
	if (v->n > max)
		return refuse(v, -1, NULL, EBPF_RULE_LENGTH, "%zu instruction slots, the limit is %u", v->n, max);
	/* The second halves first: a jump backwards or forwards into one is refused. */
	for (size_t pc = 0; pc < v->n; pc++)
		if (v->insns[pc].code == EBPF_OPCODE_LDDW && pc + 1 < v->n)
			v->second[++pc] = 1;
	for (size_t pc = 0; pc < v->n; pc++) {
		const struct ebpf_op *op = NULL;

		if (v->second[pc])
			continue;
		if (check_opcode(v, pc, &op) < 0 || check_fields(v, pc, op) < 0 ||
		    check_stack(v, pc, op) < 0 || check_flow(v, pc, op) < 0)
			return -1;
	}
	return 0;
}

struct ebpf_prog *ebpf_prog_load(const struct ebpf_insn *insns, size_t n,
				 const struct ebpf_load_opts *opts, struct ebpf_refusal *why)
{
	static const struct ebpf_load_opts none;
	struct vctx v = { .insns = insns, .n = n, .o = opts ? opts : &none, .loop_free = 1, .why = why };
	struct ebpf_prog *p = NULL;

	memset(why, 0, sizeof(*why));
	v.groups = v.o->groups ? v.o->groups : EBPF_GROUPS_SUPPORTED;
	v.second = calloc(n + 1, 1);
	v.helper_idx = calloc(n + 1, sizeof(*v.helper_idx));
	if (!v.second || !v.helper_idx) {
		errmsg(why->msg, sizeof(why->msg), "program: out of memory");
		goto out;
	}
	if (verify(&v) < 0)
		goto out;
	p = calloc(1, sizeof(*p));
	if (!p || !(p->insns = malloc(n * sizeof(*insns)))) {
		free(p);
		p = NULL;
		errmsg(why->msg, sizeof(why->msg), "program: out of memory");
		goto out;
	}
	memcpy(p->insns, insns, n * sizeof(*insns));
	p->n = n;
	p->helpers = v.o->helpers;
	p->nhelpers = v.o->nhelpers;
	p->helper_idx = v.helper_idx;
	p->loop_free = v.loop_free;
	v.helper_idx = NULL;
out:
	free(v.second);
	free(v.helper_idx);
	return p;
}

void ebpf_prog_free(struct ebpf_prog *p)
{
	if (!p)
		return;
	free(p->insns);
	free(p->helper_idx);
	free(p);
}

const struct ebpf_insn *ebpf_prog_insns(const struct ebpf_prog *p, size_t *n)
{
	*n = p->n;
	return p->insns;
}

int ebpf_prog_loop_free(const struct ebpf_prog *p)
{
	return p->loop_free;
}
