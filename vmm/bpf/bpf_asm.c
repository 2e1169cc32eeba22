/* The assembler: lines to slots through the instruction table, labels
 * resolved in a second pass; no value is silently truncated. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/bpf_asm.h"
#include "bpf/bpf_ops.h"
#include "bpf/bpf_text.h"
#include "util/errmsg.h"

#define MAX_WORD 64

struct label {
	char name[MAX_WORD];
	size_t slot;
	unsigned line;
};

/* A jump or local call whose target is a label, patched in pass two. */
struct fixup {
	char name[MAX_WORD];
	size_t slot;
	unsigned line;
	int in_imm;          /* the target goes to imm (ja32, call local), else off */
};

struct asm_state {
	struct ebpf_insn *out;
	size_t max, n;
	struct label *labels;
	size_t nlabels, cap_labels;
	struct fixup *fix;
	size_t nfix, cap_fix;
	long first_exit;     /* slot of the first exit, -1 until seen */
	unsigned line;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct asm_state *s, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return errmsg(s->err, s->errlen, "line %u: %s", s->line, msg);
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	void *q;

	if (need <= *cap)
		return 0;
	q = realloc(*p, (need * 2) * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = need * 2;
	return 0;
}

static int is_ident(const char *s)
{
	if (!(isalpha((unsigned char)*s) || *s == '_' || *s == '.'))
		return 0;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '.'))
			return 0;
	return 1;
}

/* [-]0xHEX or [-]DECIMAL with -lo_mag <= value <= hi; *bits gets the two's
 * complement pattern. */
static int parse_num(const char *s, uint64_t lo_mag, uint64_t hi, uint64_t *bits)
{
	int neg = 0, base = 10;
	uint64_t v = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -1;
	for (; *s; s++) {
		unsigned d;

		if (isdigit((unsigned char)*s))
			d = (unsigned)(*s - '0');
		else if (base == 16 && isxdigit((unsigned char)*s))
			d = (unsigned)(tolower((unsigned char)*s) - 'a' + 10);
		else
			return -1;
		if (v > (UINT64_MAX - d) / (unsigned)base)
			return -1;
		v = v * (unsigned)base + d;
	}
	if (neg ? v > lo_mag : v > hi)
		return -1;
	*bits = neg ? 0 - v : v;
	return 0;
}

static int parse_imm32(struct asm_state *s, const char *t, int32_t *imm)
{
	uint64_t v;

	if (parse_num(t, 1ull << 31, UINT32_MAX, &v) < 0)
		return fail(s, "'%s' is not a number that fits in 32 bits", t);
	*imm = (int32_t)(uint32_t)v;
	return 0;
}

static int parse_off16(struct asm_state *s, const char *t, int16_t *off)
{
	uint64_t v;

	if (parse_num(t, 1ull << 15, UINT16_MAX, &v) < 0)
		return fail(s, "'%s' is not an offset that fits in 16 bits", t);
	*off = (int16_t)(uint16_t)v;
	return 0;
}

static int parse_reg(struct asm_state *s, const char *t, unsigned *r)
{
	char *end;
	unsigned long v;

	if (t[0] != '%' || t[1] != 'r' || !isdigit((unsigned char)t[2]))
		return fail(s, "'%s' is not a register (%%r0..%%r10)", t);
	v = strtoul(t + 2, &end, 10);
	if (*end || v > 15)
		return fail(s, "'%s' is not a register (%%r0..%%r10)", t);
	*r = (unsigned)v;
	return 0;
}

/* [%rN], [%rN+OFF] or [%rN-OFF]. */
static int parse_mem(struct asm_state *s, const char *t, unsigned *r, int16_t *off)
{
	char buf[MAX_WORD], *p, *sign;
	size_t len = strlen(t);

	if (len < 3 || len >= sizeof(buf) || t[0] != '[' || t[len - 1] != ']')
		return fail(s, "'%s' is not a memory operand ([%%rN+OFF])", t);
	memcpy(buf, t + 1, len - 2);
	buf[len - 2] = 0;
	p = ebpf_trim(buf);
	sign = strpbrk(p, "+-");
	*off = 0;
	if (sign) {
		char num[MAX_WORD];

		snprintf(num, sizeof(num), "%s", sign);
		*sign = 0;
		/* "+ 8", "- 0x10": the sign and the digits may be apart. */
		{
			char *d = num + 1, *q = num + 1;

			while (*d) {
				if (!isspace((unsigned char)*d))
					*q++ = *d;
				d++;
			}
			*q = 0;
		}
		if (parse_off16(s, num, off) < 0)
			return -1;
	}
	return parse_reg(s, ebpf_trim(p), r);
}

static int emit(struct asm_state *s, struct ebpf_insn i)
{
	if (s->n >= s->max)
		return fail(s, "the program has more than %zu instruction slots", s->max);
	s->out[s->n++] = i;
	return 0;
}

/* A jump target: +N/-N (or N) is the offset itself, a name is a label. */
static int parse_target(struct asm_state *s, const char *t, int in_imm, int64_t *rel)
{
	uint64_t v;

	*rel = 0;
	if (isdigit((unsigned char)t[0]) || t[0] == '+' || t[0] == '-') {
		if (in_imm ? parse_num(t, 1ull << 31, INT32_MAX, &v) < 0 : parse_num(t, 1ull << 15, INT16_MAX, &v) < 0)
			return fail(s, "jump offset '%s' does not fit in %s", t, in_imm ? "32 bits" : "16 bits");
		*rel = (int64_t)v;
		return 0;
	}
	if (!is_ident(t) || strlen(t) >= MAX_WORD)
		return fail(s, "'%s' is not a jump target (a label or +N/-N)", t);
	if (grow((void **)&s->fix, &s->cap_fix, s->nfix + 1, sizeof(*s->fix)) < 0)
		return fail(s, "out of memory");
	snprintf(s->fix[s->nfix].name, MAX_WORD, "%s", t);
	s->fix[s->nfix].slot = s->n;
	s->fix[s->nfix].line = s->line;
	s->fix[s->nfix].in_imm = in_imm;
	s->nfix++;
	return 0;
}

static int is_reg_operand(const char *t)
{
	return t[0] == '%';
}

/* Rows sharing a mnemonic differ in operand shape: imm or register. */
static int shape_fits(const struct ebpf_op *op, char **ops, int nops)
{
	switch (op->form) {
	case EBPF_F_ALU_K: return nops == 2 && !is_reg_operand(ops[1]);
	case EBPF_F_ALU_X: return nops == 2 && is_reg_operand(ops[1]);
	case EBPF_F_JCC_K: return nops == 3 && !is_reg_operand(ops[1]);
	case EBPF_F_JCC_X: return nops == 3 && is_reg_operand(ops[1]);
	case EBPF_F_CALL: return nops == 1 && !is_reg_operand(ops[0]);
	case EBPF_F_CALLX: return nops == 1 && is_reg_operand(ops[0]);
	default: return 1;
	}
}

static const struct {
	const char *alias, *name;
} aliases[] = {
	{ "swap16", "bswap16" }, { "swap32", "bswap32" }, { "swap64", "bswap64" }, { "call helper", "call" },
};

/* The row for a mnemonic and its operands (lddw: the plain 64-bit
 * immediate). A mnemonic that names nothing but ends in "64" is tried as
 * the ALU64 row without it ("add64" is "add"). When no row's shape fits,
 * any row of that name, for encode() to say what it takes. */
static const struct ebpf_op *find_row(const char *name, char **ops, int nops)
{
	const struct ebpf_op *any = NULL;
	char base[MAX_WORD];
	size_t len = strlen(name);
	int alu64_only = 0;

	for (size_t a = 0; a < sizeof(aliases) / sizeof(aliases[0]); a++)
		if (!strcmp(name, aliases[a].alias))
			name = aliases[a].name;
	for (;;) {
		for (size_t k = 0; k < ebpf_nops; k++) {
			const struct ebpf_op *op = &ebpf_ops[k];

			if (strcmp(op->name, name) || (op->form == EBPF_F_LDDW && op->sel_val) ||
			    (alu64_only && EBPF_CLASS(op->code) != EBPF_CLS_ALU64))
				continue;
			if (shape_fits(op, ops, nops))
				return op;
			any = any ? any : op;
		}
		if (any || alu64_only || len <= 2 || strcmp(name + len - 2, "64"))
			return any;
		snprintf(base, sizeof(base), "%.*s", (int)(len - 2), name);
		name = base;
		alu64_only = 1;
	}
}

static const char *const form_syntax[] = {
	[EBPF_F_ALU_K] = "%dst, imm or %src", [EBPF_F_ALU_X] = "%dst, %src", [EBPF_F_NEG] = "%dst",
	[EBPF_F_END] = "%dst", [EBPF_F_LDX] = "%dst, [%src+off]", [EBPF_F_ST] = "[%dst+off], imm",
	[EBPF_F_STX] = "[%dst+off], %src", [EBPF_F_ATOMIC] = "[%dst+off], %src", [EBPF_F_JA] = "target",
	[EBPF_F_JA32] = "target", [EBPF_F_JCC_K] = "%dst, imm or %src, target",
	[EBPF_F_JCC_X] = "%dst, %src, target", [EBPF_F_CALL] = "helper id or %reg",
	[EBPF_F_CALL_LOCAL] = "target", [EBPF_F_CALLX] = "%reg", [EBPF_F_EXIT] = "no operands",
	[EBPF_F_LDDW] = "%dst, imm64", [EBPF_F_LDABS] = "imm", [EBPF_F_LDIND] = "%src, imm",
};

static const int form_nops[] = {
	[EBPF_F_ALU_K] = 2, [EBPF_F_ALU_X] = 2, [EBPF_F_NEG] = 1, [EBPF_F_END] = 1, [EBPF_F_LDX] = 2,
	[EBPF_F_ST] = 2, [EBPF_F_STX] = 2, [EBPF_F_ATOMIC] = 2, [EBPF_F_JA] = 1, [EBPF_F_JA32] = 1,
	[EBPF_F_JCC_K] = 3, [EBPF_F_JCC_X] = 3, [EBPF_F_CALL] = 1, [EBPF_F_CALL_LOCAL] = 1,
	[EBPF_F_CALLX] = 1, [EBPF_F_EXIT] = 0, [EBPF_F_LDDW] = 2, [EBPF_F_LDABS] = 1, [EBPF_F_LDIND] = 2,
};

static int encode(struct asm_state *s, const char *name, const struct ebpf_op *op, char **ops, int nops)
{
	struct ebpf_insn i = { .code = op->code };
	unsigned dst = 0, src = 0;
	int64_t rel = 0;
	uint64_t imm64;

	if (nops != form_nops[op->form])
		return fail(s, "%s takes %s, not %d operand%s", name, form_syntax[op->form], nops,
			    nops == 1 ? "" : "s");
	switch (op->sel) {
	case EBPF_SEL_OFF: i.off = (int16_t)op->sel_val; break;
	case EBPF_SEL_IMM: i.imm = op->sel_val; break;
	case EBPF_SEL_SRC: src = (unsigned)op->sel_val; break;
	default: break;
	}
	switch (op->form) {
	case EBPF_F_ALU_K:
		if (parse_reg(s, ops[0], &dst) < 0 || parse_imm32(s, ops[1], &i.imm) < 0)
			return -1;
		break;
	case EBPF_F_ALU_X:
		if (parse_reg(s, ops[0], &dst) < 0 || parse_reg(s, ops[1], &src) < 0)
			return -1;
		break;
	case EBPF_F_NEG: case EBPF_F_END: case EBPF_F_CALLX:
		if (parse_reg(s, ops[0], &dst) < 0)
			return -1;
		break;
	case EBPF_F_LDX:
		if (parse_reg(s, ops[0], &dst) < 0 || parse_mem(s, ops[1], &src, &i.off) < 0)
			return -1;
		break;
	case EBPF_F_ST:
		if (parse_mem(s, ops[0], &dst, &i.off) < 0 || parse_imm32(s, ops[1], &i.imm) < 0)
			return -1;
		break;
	case EBPF_F_STX: case EBPF_F_ATOMIC:
		if (parse_mem(s, ops[0], &dst, &i.off) < 0 || parse_reg(s, ops[1], &src) < 0)
			return -1;
		break;
	case EBPF_F_JA:
		if (parse_target(s, ops[0], 0, &rel) < 0)
			return -1;
		i.off = (int16_t)rel;
		break;
	case EBPF_F_JA32: case EBPF_F_CALL_LOCAL:
		if (parse_target(s, ops[0], 1, &rel) < 0)
			return -1;
		i.imm = (int32_t)rel;
		break;
	case EBPF_F_JCC_K: case EBPF_F_JCC_X:
		if (parse_reg(s, ops[0], &dst) < 0 || parse_target(s, ops[2], 0, &rel) < 0)
			return -1;
		if (op->form == EBPF_F_JCC_K ? parse_imm32(s, ops[1], &i.imm) < 0 : parse_reg(s, ops[1], &src) < 0)
			return -1;
		i.off = (int16_t)rel;
		break;
	case EBPF_F_CALL: case EBPF_F_LDABS:
		if (parse_imm32(s, ops[0], &i.imm) < 0)
			return -1;
		break;
	case EBPF_F_LDIND:
		if (parse_reg(s, ops[0], &src) < 0 || parse_imm32(s, ops[1], &i.imm) < 0)
			return -1;
		break;
	case EBPF_F_EXIT:
		if (s->first_exit < 0)
			s->first_exit = (long)s->n;
		break;
	case EBPF_F_LDDW:
		if (parse_reg(s, ops[0], &dst) < 0)
			return -1;
		if (parse_num(ops[1], 1ull << 63, UINT64_MAX, &imm64) < 0)
			return fail(s, "'%s' is not a number that fits in 64 bits", ops[1]);
		i.regs = ebpf_regs(dst, src);
		i.imm = (int32_t)(uint32_t)imm64;
		if (emit(s, i) < 0)
			return -1;
		return emit(s, (struct ebpf_insn){ .imm = (int32_t)(uint32_t)(imm64 >> 32) });
	}
	i.regs = ebpf_regs(dst, src);
	return emit(s, i);
}

static size_t word_len(const char *p)
{
	size_t n = 0;

	while (p[n] && !isspace((unsigned char)p[n]) && p[n] != ',')
		n++;
	return n;
}

static const char *skip_space(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/* Splits "MNEMONIC OPERAND, OPERAND" in place. The mnemonic is one word, or
 * "lock [fetch] OP" up to the memory operand, or "call local|helper|runtime". */
static int split(struct asm_state *s, char *line, char *name, size_t namelen, char **ops, int *nops)
{
	static const char *const modes[] = { "local", "helper", "runtime" };
	const char *p = line;
	size_t w = word_len(p);

	*nops = 0;
	if (w >= namelen)
		return fail(s, "mnemonic '%.*s' is too long", (int)w, p);
	snprintf(name, namelen, "%.*s", (int)w, p);
	p = skip_space(p + w);
	if (!strcmp(name, "call")) {
		for (size_t k = 0; k < 3; k++) {
			size_t m = strlen(modes[k]);

			if (!strncmp(p, modes[k], m) && isspace((unsigned char)p[m])) {
				snprintf(name + 4, namelen - 4, " %s", modes[k]);
				p = skip_space(p + m);
			}
		}
	} else if (!strcmp(name, "lock")) {
		while (*p && *p != '[' && (w = word_len(p))) {
			size_t used = strlen(name);

			if (used + w + 2 > namelen)
				return fail(s, "mnemonic '%s %.*s' is too long", name, (int)w, p);
			snprintf(name + used, namelen - used, " %.*s", (int)w, p);
			p = skip_space(p + w);
		}
	}
	line += p - line;
	if (!*line)
		return 0;
	for (;;) {
		char *comma = strchr(line, ',');

		if (*nops == 4)
			return fail(s, "too many operands");
		if (comma)
			*comma = 0;
		ops[(*nops)++] = ebpf_trim(line);
		if (!ops[*nops - 1][0])
			return fail(s, "empty operand");
		if (!comma)
			return 0;
		line = comma + 1;
	}
}

static int define_label(struct asm_state *s, const char *name)
{
	if (!is_ident(name) || strlen(name) >= MAX_WORD)
		return fail(s, "'%s' is not a label name", name);
	for (size_t k = 0; k < s->nlabels; k++)
		if (!strcmp(s->labels[k].name, name))
			return fail(s, "label '%s' is defined twice (first at line %u)", name, s->labels[k].line);
	if (grow((void **)&s->labels, &s->cap_labels, s->nlabels + 1, sizeof(*s->labels)) < 0)
		return fail(s, "out of memory");
	snprintf(s->labels[s->nlabels].name, MAX_WORD, "%s", name);
	s->labels[s->nlabels].slot = s->n;
	s->labels[s->nlabels].line = s->line;
	s->nlabels++;
	return 0;
}

static int assemble_line(struct asm_state *s, char *line)
{
	char name[MAX_WORD], *ops[4];
	const struct ebpf_op *op;
	size_t len = strlen(line);
	int nops;
	uint64_t w;

	if (line[len - 1] == ':') {
		line[len - 1] = 0;
		return define_label(s, ebpf_trim(line));
	}
	if (split(s, line, name, sizeof(name), ops, &nops) < 0)
		return -1;
	if (!strcmp(name, ".raw")) {
		if (nops != 1 || parse_num(ops[0], 0, UINT64_MAX, &w) < 0)
			return fail(s, ".raw takes one 64-bit instruction word");
		return emit(s, ebpf_insn_from_word(w));
	}
	op = find_row(name, ops, nops);
	if (!op)
		return fail(s, "unknown mnemonic '%s'", name);
	return encode(s, name, op, ops, nops);
}

static int resolve(struct asm_state *s)
{
	for (size_t f = 0; f < s->nfix; f++) {
		const struct fixup *x = &s->fix[f];
		long target = -1;
		int64_t rel;

		for (size_t k = 0; k < s->nlabels; k++)
			if (!strcmp(s->labels[k].name, x->name))
				target = (long)s->labels[k].slot;
		if (target < 0 && !strcmp(x->name, "exit"))
			target = s->first_exit;
		s->line = x->line;
		if (target < 0)
			return fail(s, "undefined label '%s'", x->name);
		rel = (int64_t)target - (int64_t)x->slot - 1;
		if (x->in_imm) {
			s->out[x->slot].imm = (int32_t)rel;
		} else if (rel < INT16_MIN || rel > INT16_MAX) {
			return fail(s, "'%s' is %lld slots away, more than a 16-bit offset reaches", x->name,
				    (long long)rel);
		} else {
			s->out[x->slot].off = (int16_t)rel;
		}
	}
	return 0;
}

int ebpf_asm(const char *text, unsigned first_line, struct ebpf_insn *out, size_t max, size_t *n,
	     char *err, size_t errlen)
{
	struct asm_state s = { .out = out, .max = max, .first_exit = -1, .err = err, .errlen = errlen };
	const char *p = text;
	int rc = 0;

	for (s.line = first_line; *p && rc == 0; s.line++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = malloc(len + 1), *hash, *t;

		if (!line)
			return errmsg(err, errlen, "out of memory");
		memcpy(line, p, len);
		line[len] = 0;
		if ((hash = strchr(line, '#')))
			*hash = 0;
		t = ebpf_trim(line);
		if (*t)
			rc = assemble_line(&s, t);
		free(line);
		p += len + (nl ? 1 : 0);
	}
	if (rc == 0)
		rc = resolve(&s);
	free(s.labels);
	free(s.fix);
	if (rc == 0)
		*n = s.n;
	return rc;
}
