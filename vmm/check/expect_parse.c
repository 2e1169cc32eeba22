/* Compiles expectation text into a flat program: one op per expected exit,
 * BEGIN/END ops with jump indexes for repeat blocks, strings in a pool. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check/expect_internal.h"
#include "uvmm/abi.h"

/* ---- lexer ---- */

struct lexer {
	const char *t;
	size_t len, pos, line_start;
	unsigned line;
	struct expect_prog *p;
	struct expect_error *err;
	uint16_t src;
	unsigned depth;
	uint32_t open[XDEPTH_MAX]; /* BEGIN op of each open block */
	int want_first;            /* the last op was a BEGIN */
	int oom;                   /* failed for want of host memory, not syntax */
};

static unsigned col_of(const struct lexer *lx, size_t at)
{
	return (unsigned)(at - lx->line_start + 1);
}

static int fail(struct lexer *lx, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct lexer *lx, size_t at, const char *fmt, ...)
{
	va_list ap;
	lx->err->line = lx->line;
	lx->err->col = col_of(lx, at);
	va_start(ap, fmt);
	vsnprintf(lx->err->msg, sizeof(lx->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static int nomem(struct lexer *lx)
{
	lx->oom = 1;
	return fail(lx, lx->pos, "out of memory");
}

static char peek(const struct lexer *lx)
{
	return lx->pos < lx->len ? lx->t[lx->pos] : '\n';
}

static void skip_blanks(struct lexer *lx)
{
	while (peek(lx) == ' ' || peek(lx) == '\t' || peek(lx) == '\r')
		lx->pos++;
}

static int at_eol(struct lexer *lx)
{
	skip_blanks(lx);
	return peek(lx) == '\n' || peek(lx) == '#';
}

static int is_num_char(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       ch == '_';
}

static int is_word_char(char ch)
{
	return is_num_char(ch) || ch == '.';
}

/* The token at `at` for messages: up to the next blank, at most 24 bytes. */
static const char *token_at(const struct lexer *lx, size_t at, char *buf, size_t size)
{
	size_t n = 0;
	while (at + n < lx->len && n + 1 < size && n < 24) {
		char ch = lx->t[at + n];
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')
			break;
		buf[n++] = ch;
	}
	buf[n] = '\0';
	return buf;
}

static size_t word_end(const struct lexer *lx, size_t at, int (*is_char)(char))
{
	while (at < lx->len && is_char(lx->t[at]))
		at++;
	return at;
}

static int word_is(const struct lexer *lx, size_t at, size_t end, const char *w)
{
	return end - at == strlen(w) && memcmp(lx->t + at, w, end - at) == 0;
}

static int digit_value(char ch, unsigned base)
{
	int d = ch >= '0' && ch <= '9' ? ch - '0'
		: ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
		: ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : 99;
	return d < (int)base ? d : -1;
}

/* A number, or `*` when wild is not NULL. `what` names it in messages. */
static int parse_num(struct lexer *lx, const char *what, uint64_t *v, int *wild)
{
	char tok[32];
	size_t at = lx->pos;
	if (wild)
		*wild = 0;
	if (peek(lx) == '*' && wild) {
		*wild = 1;
		lx->pos++;
		return 0;
	}
	size_t end = word_end(lx, at, is_num_char);
	if (end == at) {
		if (peek(lx) == '\n' || peek(lx) == '#')
			return fail(lx, at, "expected %s, found the end of the line", what);
		return fail(lx, at, "expected %s, found '%s'", what, token_at(lx, at, tok, sizeof(tok)));
	}
	unsigned base = 10;
	size_t i = at;
	if (end - at > 2 && lx->t[at] == '0' && (lx->t[at + 1] == 'x' || lx->t[at + 1] == 'X')) {
		base = 16;
		i += 2;
	}
	uint64_t n = 0;
	for (; i < end; i++) {
		int d = digit_value(lx->t[i], base);
		if (d < 0)
			return fail(lx, at, "bad number '%.*s'", (int)(end - at), lx->t + at);
		if (n > (UINT64_MAX - (uint64_t)d) / base)
			return fail(lx, at, "number '%.*s' does not fit in 64 bits", (int)(end - at),
				    lx->t + at);
		n = n * base + (uint64_t)d;
	}
	*v = n;
	lx->pos = end;
	return 0;
}

static int expect_char(struct lexer *lx, char ch, const char *what)
{
	char tok[32];
	if (peek(lx) == ch) {
		lx->pos++;
		return 0;
	}
	if (peek(lx) == '\n' || peek(lx) == '#')
		return fail(lx, lx->pos, "expected %s, found the end of the line", what);
	if (peek(lx) == ' ' || peek(lx) == '\t')
		return fail(lx, lx->pos, "expected %s, found a blank", what);
	return fail(lx, lx->pos, "expected %s, found '%s'", what,
		    token_at(lx, lx->pos, tok, sizeof(tok)));
}

/* One byte of a string body: 1 and *b, 0 at the closing quote, -1 on error. */
static int string_byte(struct lexer *lx, size_t open, uint8_t *b)
{
	static const char esc_in[] = "nrt0\\\"";
	static const char esc_out[] = "\n\r\t\0\\\"";
	char ch = peek(lx);
	if (lx->pos >= lx->len || ch == '\n')
		return fail(lx, open, "unterminated string");
	if (ch == '"') {
		lx->pos++;
		return 0;
	}
	if (ch != '\\') {
		*b = (uint8_t)ch;
		lx->pos++;
		return 1;
	}
	size_t at = lx->pos++;
	char e = peek(lx);
	const char *k = e ? strchr(esc_in, e) : NULL;
	if (k) {
		*b = (uint8_t)esc_out[k - esc_in];
		lx->pos++;
		return 1;
	}
	if (e == 'x' && lx->pos + 2 < lx->len && digit_value(lx->t[lx->pos + 1], 16) >= 0 &&
	    digit_value(lx->t[lx->pos + 2], 16) >= 0) {
		*b = (uint8_t)(digit_value(lx->t[lx->pos + 1], 16) * 16 +
			       digit_value(lx->t[lx->pos + 2], 16));
		lx->pos += 3;
		return 1;
	}
	if (e == 'x')
		return fail(lx, at, "bad escape: \\x needs two hex digits");
	if (e == '\n')
		return fail(lx, open, "unterminated string");
	return fail(lx, at, "bad escape '\\%c'", e);
}

/* A quoted string into the pool. */
static int parse_string(struct lexer *lx, uint32_t *off, uint32_t *len)
{
	struct xcode *c = &lx->p->code;
	size_t open = lx->pos;
	uint8_t b;
	int r;
	if (expect_char(lx, '"', "a string"))
		return -1;
	*off = c->npool;
	*len = 0;
	while ((r = string_byte(lx, open, &b)) == 1) {
		if (xcode_pool_push(c, &b, 1, NULL))
			return nomem(lx);
		(*len)++;
	}
	return r;
}

/* ---- items ---- */

static struct xop exit_op(const struct lexer *lx, size_t at, unsigned kind)
{
	struct xop o = { 0 };
	o.type = XOP_EXIT;
	o.kind = (uint8_t)kind;
	o.depth = (uint8_t)lx->depth;
	o.src = lx->src;
	o.line = lx->line;
	o.col = col_of(lx, at);
	o.count = 1;
	o.dwild_off = XNONE;
	o.args_off = lx->p->code.nargs;
	return o;
}

static int push_exit(struct lexer *lx, const struct xop *o)
{
	if (xcode_push_op(&lx->p->code, o))
		return nomem(lx);
	lx->want_first = 0;
	if (lx->depth == 0)
		lx->p->items++;
	return 0;
}

static int check_fits(struct lexer *lx, size_t at, uint64_t v, unsigned size)
{
	if (size < 8 && v >> (8 * size))
		return fail(lx, at, "value 0x%" PRIx64 " does not fit in %u byte%s", v, size,
			    size == 1 ? "" : "s");
	return 0;
}

/* ADDR:SIZE with the size checked against the kind's allowed widths. */
static int parse_addr_size(struct lexer *lx, struct xop *o, int pio)
{
	uint64_t v;
	int wild;
	size_t at = lx->pos;
	if (parse_num(lx, pio ? "a port" : "an address", &o->addr, &wild))
		return -1;
	if (wild)
		o->wild |= XW_ADDR;
	else if (pio && o->addr > 0xffff)
		return fail(lx, at, "port 0x%" PRIx64 " does not fit in 16 bits", o->addr);
	if (expect_char(lx, ':', "':SIZE'"))
		return -1;
	at = lx->pos;
	if (parse_num(lx, "a size", &v, &wild))
		return -1;
	if (wild) {
		o->wild |= XW_SIZE;
		o->size = 8;
		return 0;
	}
	if (pio && v != 1 && v != 2 && v != 4)
		return fail(lx, at, "size %" PRIu64 " is not 1, 2 or 4 (pio)", v);
	if (!pio && (v < 1 || v > 8))
		return fail(lx, at, "size %" PRIu64 " is not 1..8 (mmio)", v);
	o->size = (uint16_t)v;
	return 0;
}

static int parse_value(struct lexer *lx, struct xop *o)
{
	size_t at = lx->pos;
	int wild;
	if (parse_num(lx, "a value", &o->value, &wild))
		return -1;
	if (wild)
		o->wild |= XW_VALUE;
	return wild ? 0 : check_fits(lx, at, o->value, o->size);
}

/* `pio.out PORT:1 = "text"`: one count-1 item per byte, each placed at the
 * column its byte was written at. */
static int parse_pio_text(struct lexer *lx, struct xop *o)
{
	size_t open = lx->pos;
	uint8_t b;
	int r, n = 0;
	if (o->size != 1 || (o->wild & XW_SIZE))
		return fail(lx, open, "a string needs size 1");
	lx->pos++;
	for (;;) {
		size_t at = lx->pos;
		r = string_byte(lx, open, &b);
		if (r <= 0)
			break;
		o->value = b;
		o->col = col_of(lx, at);
		if (push_exit(lx, o))
			return -1;
		n++;
	}
	if (r == 0 && n == 0)
		return fail(lx, open, "empty string: no exit to expect");
	return r;
}

static int parse_pio_data(struct lexer *lx, struct xop *o, size_t count_at)
{
	struct xcode *c = &lx->p->code;
	uint32_t n = o->count;
	size_t first = lx->pos;
	if (peek(lx) == '*') {
		lx->pos++;
		if (at_eol(lx)) {
			o->wild |= XW_VALUE;
			return 0;
		}
		lx->pos = first;
	}
	uint8_t *flags = calloc(n, 1);
	if (!flags || xcode_reserve(c, 0, 0, n * o->size, 0)) {
		free(flags);
		return nomem(lx);
	}
	o->data_off = c->npool;
	int any_wild = 0, r = 0;
	for (uint32_t i = 0; i < n && !r; i++) {
		uint64_t v;
		int wild;
		skip_blanks(lx);
		size_t at = lx->pos;
		if (peek(lx) == '\n' || peek(lx) == '#') {
			r = fail(lx, count_at, "x%" PRIu32 " needs %" PRIu32 " values, got %" PRIu32,
				 n, n, i);
			break;
		}
		r = parse_num(lx, "a value", &v, &wild);
		if (!r && !wild)
			r = check_fits(lx, at, v, o->size);
		for (unsigned k = 0; !r && k < o->size; k++)
			c->pool[c->npool++] = (uint8_t)(v >> (8 * k));
		flags[i] = (uint8_t)wild;
		any_wild |= wild;
	}
	if (!r && !at_eol(lx))
		r = fail(lx, lx->pos, "x%" PRIu32 " needs %" PRIu32 " values, got more", n, n);
	if (!r && any_wild && xcode_pool_push(c, flags, n, &o->dwild_off))
		r = nomem(lx);
	free(flags);
	return r;
}

static int parse_port_item(struct lexer *lx, struct xop *o)
{
	size_t count_at = 0;
	if (parse_addr_size(lx, o, 1))
		return -1;
	skip_blanks(lx);
	if (peek(lx) == 'x' && lx->pos + 1 < lx->len && digit_value(lx->t[lx->pos + 1], 10) >= 0) {
		uint64_t n;
		count_at = lx->pos++;
		if (parse_num(lx, "a count", &n, NULL))
			return -1;
		if (n == 0)
			return fail(lx, count_at, "count must be at least 1");
		if (o->wild & XW_SIZE && n > 1)
			return fail(lx, count_at, "string I/O needs a size, not '*'");
		if (n * o->size > XPIO_DATA_MAX)
			return fail(lx, count_at, "string I/O of %" PRIu64 " bytes is over %u", n * o->size,
				    XPIO_DATA_MAX);
		o->count = (uint32_t)n;
		skip_blanks(lx);
	}
	if (expect_char(lx, '=', "'='"))
		return -1;
	skip_blanks(lx);
	if (peek(lx) == '"' && o->count == 1 && !count_at)
		return parse_pio_text(lx, o);
	if (o->count > 1) {
		if (parse_pio_data(lx, o, count_at))
			return -1;
	} else if (parse_value(lx, o)) {
		return -1;
	}
	return push_exit(lx, o);
}

static int parse_mem_item(struct lexer *lx, struct xop *o)
{
	if (parse_addr_size(lx, o, 0))
		return -1;
	skip_blanks(lx);
	if (expect_char(lx, '=', "'='"))
		return -1;
	skip_blanks(lx);
	if (parse_value(lx, o))
		return -1;
	return push_exit(lx, o);
}

static int is_gp(struct lexer *lx)
{
	size_t end = word_end(lx, lx->pos + 1, is_word_char);
	if (peek(lx) == '!' && word_is(lx, lx->pos + 1, end, "gp")) {
		lx->pos = end;
		return 1;
	}
	return 0;
}

static int parse_msr_item(struct lexer *lx, struct xop *o)
{
	size_t at = lx->pos;
	int wild;
	if (parse_num(lx, "an MSR index", &o->addr, &wild))
		return -1;
	if (wild)
		o->wild |= XW_ADDR;
	else if (o->addr > UINT32_MAX)
		return fail(lx, at, "MSR index 0x%" PRIx64 " does not fit in 32 bits", o->addr);
	o->size = 8;
	skip_blanks(lx);
	if (expect_char(lx, '=', "'='"))
		return -1;
	skip_blanks(lx);
	if (o->kind == EV_MSR_READ && is_gp(lx)) {
		o->status = 1;
		o->wild |= XW_VALUE;
		return push_exit(lx, o);
	}
	if (parse_value(lx, o))
		return -1;
	skip_blanks(lx);
	if (o->kind == EV_MSR_WRITE && is_gp(lx))
		o->status = 1;
	return push_exit(lx, o);
}

static int parse_hcall_error(struct lexer *lx, struct xop *o)
{
	char tok[32];
	size_t at = lx->pos;
	size_t end = word_end(lx, at + 1, is_word_char);
	for (const struct xname_val *e = xhc_errors; e->name; e++) {
		if (word_is(lx, at + 1, end, e->name)) {
			o->status = e->value;
			lx->pos = end;
			return 0;
		}
	}
	if (word_is(lx, at + 1, end, "gp"))
		return fail(lx, at, "!gp is for msr items; hypercalls fail with !efault, !einval, !enosys");
	return fail(lx, at, "unknown error '%s' (expected !efault, !einval, !enosys, !eacces, !ebusy, "
		    "!enoent or !enospc)",
		    token_at(lx, at, tok, sizeof(tok)));
}

static int parse_hcall_arg(struct lexer *lx, char type, struct xarg *a)
{
	char tok[32];
	size_t at = lx->pos;
	int wild;
	memset(a, 0, sizeof(*a));
	if (peek(lx) == '*') {
		lx->pos++;
		a->wild = 1;
		return 0;
	}
	if (type == HC_END) /* a call without a row: a string or a number */
		type = peek(lx) == '"' ? HC_STR : HC_NUM;
	if (type == HC_STR) {
		a->is_str = 1;
		if (peek(lx) != '"')
			return fail(lx, at, "expected a string, found '%s'",
				    token_at(lx, at, tok, sizeof(tok)));
		return parse_string(lx, &a->off, &a->len);
	}
	if (type == HC_RESULT && !(peek(lx) >= '0' && peek(lx) <= '9')) {
		size_t end = word_end(lx, at, is_num_char);
		for (uint64_t i = 0; i < 3; i++) {
			if (word_is(lx, at, end, hc_result_words[i])) {
				a->num = i;
				lx->pos = end;
				return 0;
			}
		}
		return fail(lx, at, "expected pass, fail or skip, found '%s'",
			    token_at(lx, at, tok, sizeof(tok)));
	}
	return parse_num(lx, "a number", &a->num, &wild);
}

static int parse_hcall_item(struct lexer *lx, struct xop *o)
{
	char tok[32];
	struct xarg args[EV_MAX_ARGS];
	size_t at = lx->pos;
	size_t end = word_end(lx, at, is_word_char);
	const struct hc_desc *sig = NULL;
	if (at < lx->len && lx->t[at] >= '0' && lx->t[at] <= '9') {
		if (parse_num(lx, "a hypercall number", &o->addr, NULL))
			return -1;
	} else {
		int nr;
		if (end == at)
			return parse_num(lx, "a hypercall name", &o->addr, NULL);
		for (nr = 0; nr < UVMM_HC_COUNT; nr++)
			if (hc_desc((unsigned)nr) && word_is(lx, at, end, hc_desc((unsigned)nr)->name))
				break;
		if (nr == UVMM_HC_COUNT)
			return fail(lx, at, "unknown hcall '%s'", token_at(lx, at, tok, sizeof(tok)));
		o->addr = (uint64_t)nr;
		lx->pos = end;
	}
	sig = hc_desc(o->addr);
	o->status = UVMM_HC_OK;
	if (!at_eol(lx) && peek(lx) == '!') {
		if (parse_hcall_error(lx, o))
			return -1;
		return push_exit(lx, o);
	}
	unsigned max = sig ? hc_max_args(sig) : EV_MAX_ARGS, min = sig ? hc_min_args(sig) : 0;
	unsigned n = 0;
	while (!at_eol(lx)) {
		if (n == max && !sig)
			return fail(lx, lx->pos, "too many arguments: at most %u", max);
		if (n == max)
			return fail(lx, lx->pos, "too many arguments: hcall %s takes %s%u", sig->name,
				    min != max ? "at most " : "", max);
		if (parse_hcall_arg(lx, sig ? sig->args[n].type : HC_END, &args[n]))
			return -1;
		n++;
	}
	if (sig && n != max && n != min) {
		if (min != max)
			return fail(lx, lx->pos, "hcall %s takes %u or %u arguments, got %u", sig->name,
				    min, max, n);
		return fail(lx, lx->pos, "hcall %s takes %u argument%s, got %u", sig->name, max,
			    max == 1 ? "" : "s", n);
	}
	struct xcode *c = &lx->p->code;
	if (xcode_reserve(c, 0, n, 0, 0))
		return nomem(lx);
	o->args_off = c->nargs;
	o->nargs = (uint8_t)n;
	if (n) /* c->args is still NULL when no call so far had arguments */
		memcpy(c->args + c->nargs, args, n * sizeof(args[0]));
	c->nargs += n;
	return push_exit(lx, o);
}

/* `hupcall EVENT ARG = R0` or `hupcall EVENT ARG = !ERR`; EVENT, ARG and R0
 * may be `*`. ARG is kept as the op's one argument. */
static int parse_hupcall_item(struct lexer *lx, struct xop *o)
{
	char tok[32];
	struct xarg arg = { 0 };
	size_t at = lx->pos, end = word_end(lx, at, is_word_char);
	struct xcode *c = &lx->p->code;
	int wild;

	o->size = 8;
	if (peek(lx) == '*') {
		lx->pos++;
		o->wild |= XW_ADDR;
	} else {
		unsigned e;
		for (e = 0; e < UVMM_HUPCALL_EVENTS; e++)
			if (word_is(lx, at, end, xhu_events[e]))
				break;
		if (e == UVMM_HUPCALL_EVENTS)
			return fail(lx, at, "unknown hyperupcall event '%s' (exit, reclaim, irq_target, timer)",
				    token_at(lx, at, tok, sizeof(tok)));
		o->addr = e;
		lx->pos = end;
	}
	skip_blanks(lx);
	if (at_eol(lx))
		return fail(lx, lx->pos, "expected the event's argument (a number or *)");
	if (peek(lx) == '*') {
		lx->pos++;
		arg.wild = 1;
	} else if (parse_num(lx, "the event's argument", &arg.num, NULL)) {
		return -1;
	}
	skip_blanks(lx);
	if (expect_char(lx, '=', "'='"))
		return -1;
	skip_blanks(lx);
	if (peek(lx) == '!') {
		at = lx->pos;
		end = word_end(lx, at + 1, is_word_char);
		for (unsigned r = 1; r < UVMM_HUPCALL_RUNS; r++) {
			if (word_is(lx, at + 1, end, xhu_runs[r])) {
				o->status = (int32_t)r;
				o->wild |= XW_VALUE;
				lx->pos = end;
				goto push;
			}
		}
		return fail(lx, at, "unknown hyperupcall error '%s' (!budget, !bounds, !perm, !align, "
			    "!depth, !helper, !internal, !timeout)", token_at(lx, at, tok, sizeof(tok)));
	}
	if (parse_num(lx, "r0", &o->value, &wild))
		return -1;
	if (wild)
		o->wild |= XW_VALUE;
push:
	if (xcode_reserve(c, 0, 1, 0, 0))
		return nomem(lx);
	o->args_off = c->nargs;
	o->nargs = 1;
	c->args[c->nargs++] = arg;
	return push_exit(lx, o);
}

static int parse_exit_item(struct lexer *lx, size_t at, unsigned kind)
{
	struct xop o = exit_op(lx, at, kind);
	int wild;
	skip_blanks(lx);
	switch (xkinds[kind].shape) {
	case XS_PORT:
		return parse_port_item(lx, &o);
	case XS_MEM:
		return parse_mem_item(lx, &o);
	case XS_MSR:
		return parse_msr_item(lx, &o);
	case XS_HCALL:
		return parse_hcall_item(lx, &o);
	case XS_HUPCALL:
		return parse_hupcall_item(lx, &o);
	case XS_VALUE:
		if (parse_num(lx, "a value", &o.value, &wild))
			return -1;
		o.wild = wild ? XW_VALUE : 0;
		o.size = 8;
		return push_exit(lx, &o);
	case XS_REASON:
		if (parse_num(lx, "an exit reason", &o.addr, &wild))
			return -1;
		o.wild = wild ? XW_ADDR : 0;
		return push_exit(lx, &o);
	case XS_NONE:
		break;
	}
	return push_exit(lx, &o);
}

/* ---- structure ---- */

static int parse_repeat(struct lexer *lx, size_t at)
{
	struct xop o = { 0 };
	size_t range_at;
	if (lx->want_first)
		return fail(lx, at, "a repeat block must start with an exit item, not another repeat");
	if (lx->depth == XDEPTH_MAX)
		return fail(lx, at, "repeat blocks nest more than %d deep", XDEPTH_MAX);
	skip_blanks(lx);
	range_at = lx->pos;
	if (parse_num(lx, "a repeat count", &o.min, NULL))
		return -1;
	o.max = o.min;
	if (peek(lx) == '.') {
		lx->pos++;
		if (expect_char(lx, '.', "'..'"))
			return -1;
		o.max = UINT64_MAX;
		if (is_num_char(peek(lx)) && parse_num(lx, "a repeat maximum", &o.max, NULL))
			return -1;
		if (o.min > o.max)
			return fail(lx, range_at, "repeat %" PRIu64 "..%" PRIu64 ": minimum exceeds maximum",
				    o.min, o.max);
	}
	skip_blanks(lx);
	if (expect_char(lx, '{', "'{'"))
		return -1;
	o.type = XOP_BEGIN;
	o.depth = (uint8_t)lx->depth;
	o.lvl = (uint8_t)lx->depth;
	o.src = lx->src;
	o.line = lx->line;
	o.col = col_of(lx, at);
	o.dwild_off = XNONE;
	lx->open[lx->depth++] = lx->p->code.nops;
	if (xcode_push_op(&lx->p->code, &o))
		return nomem(lx);
	lx->want_first = 1;
	return 0;
}

static int parse_close(struct lexer *lx, size_t at)
{
	struct xcode *c = &lx->p->code;
	if (lx->depth == 0)
		return fail(lx, at, "unbalanced braces: '}' without a repeat");
	if (lx->want_first)
		return fail(lx, at, "empty repeat block");
	uint32_t begin = lx->open[--lx->depth];
	struct xop o = c->ops[begin];
	o.type = XOP_END;
	o.depth = (uint8_t)(o.lvl + 1);
	o.jump = begin;
	o.line = lx->line;
	o.col = col_of(lx, at);
	c->ops[begin].jump = c->nops;
	if (xcode_push_op(c, &o))
		return nomem(lx);
	if (lx->depth == 0)
		lx->p->items++;
	return 0;
}

static int parse_ignore(struct lexer *lx)
{
	char tok[32];
	skip_blanks(lx);
	size_t at = lx->pos;
	size_t end = word_end(lx, at, is_word_char);
	for (const struct xname_val *k = xclasses; k->name; k++) {
		if (word_is(lx, at, end, k->name)) {
			lx->p->ignore |= (unsigned)k->value;
			lx->pos = end;
			return 0;
		}
	}
	if (end == at && at_eol(lx))
		return fail(lx, at, "expected an ignore class, found the end of the line");
	return fail(lx, at, "unknown ignore class '%s'", token_at(lx, at, tok, sizeof(tok)));
}

static int parse_line(struct lexer *lx)
{
	char tok[32];
	if (at_eol(lx))
		return 0;
	size_t at = lx->pos;
	int r;
	if (peek(lx) == '}') {
		lx->pos++;
		r = parse_close(lx, at);
	} else {
		size_t end = word_end(lx, at, is_word_char);
		unsigned kind;
		for (kind = 0; kind < XK_COUNT; kind++)
			if (word_is(lx, at, end, xkinds[kind].name))
				break;
		if (end == at)
			return fail(lx, at, "unknown item '%s'", token_at(lx, at, tok, sizeof(tok)));
		char next = end < lx->len ? lx->t[end] : '\n';
		if (next != ' ' && next != '\t' && next != '\r' && next != '\n' && next != '#')
			return fail(lx, at, "unknown item '%s'", token_at(lx, at, tok, sizeof(tok)));
		lx->pos = end;
		if (kind < XK_COUNT) {
			r = parse_exit_item(lx, at, kind);
		} else if (word_is(lx, at, end, "repeat")) {
			r = parse_repeat(lx, at);
		} else if (word_is(lx, at, end, "ignore")) {
			r = parse_ignore(lx);
		} else {
			return fail(lx, at, "unknown item '%s'", token_at(lx, at, tok, sizeof(tok)));
		}
	}
	if (r)
		return r;
	if (!at_eol(lx))
		return fail(lx, lx->pos, "unexpected '%s' after the item",
			    token_at(lx, lx->pos, tok, sizeof(tok)));
	return 0;
}

int expect_parse(struct expect_prog *p, const char *text, size_t len, const char *source,
		 struct expect_error *err)
{
	struct expect_error dummy;
	struct xcode *c = &p->code;
	struct xcode saved = *c;
	unsigned saved_ignore = p->ignore;
	size_t saved_items = p->items;
	struct lexer lx = { .t = text, .len = len, .line = 1, .p = p, .err = err ? err : &dummy };
	int r = 0;

	memset(lx.err, 0, sizeof(*lx.err));
	snprintf(lx.err->source, sizeof(lx.err->source), "%s", source ? source : "<text>");
	int src = xcode_source_index(c, lx.err->source);
	if (src < 0)
		return fail(&lx, 0, "out of memory") - 1;
	lx.src = (uint16_t)src;
	while (lx.pos < len && !r) {
		r = parse_line(&lx);
		if (r)
			break;
		while (lx.pos < len && text[lx.pos] != '\n')
			lx.pos++;
		if (lx.pos < len) {
			lx.pos++;
			lx.line++;
			lx.line_start = lx.pos;
		}
	}
	if (!r && lx.depth > 0) {
		const struct xop *o = &c->ops[lx.open[lx.depth - 1]];
		lx.err->line = o->line;
		lx.err->col = o->col;
		snprintf(lx.err->msg, sizeof(lx.err->msg), "unbalanced braces: this repeat is never closed");
		r = -1;
	}
	if (r) {
		/* Undo everything this text added; buffers may have grown, so
		 * keep the new pointers and capacities, restore only the counts. */
		c->nops = saved.nops;
		c->nargs = saved.nargs;
		c->npool = saved.npool;
		c->nsrcs = saved.nsrcs;
		p->ignore = saved_ignore;
		p->items = saved_items;
		return lx.oom ? -2 : -1;
	}
	return 0;
}
