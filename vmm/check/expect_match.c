/* Matches exits against a compiled program, one at a time: no allocation and
 * no formatting per exit; failures keep a copy of the exit for the report. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/expect_internal.h"
#include "uvmm/abi.h"

static enum xmiss match_data(const struct xcode *code, const struct xop *o,
			     const struct exit_event *ev, uint32_t *which)
{
	const uint8_t *want = code->pool + o->data_off;
	const uint8_t *wild = o->dwild_off == XNONE ? NULL : code->pool + o->dwild_off;
	size_t n = (size_t)o->count * o->size;
	if (!ev->data) {
		*which = 0;
		return XM_DATA;
	}
	if (!wild && memcmp(want, ev->data, n) == 0)
		return XM_OK;
	for (uint32_t i = 0; i < o->count; i++) {
		size_t at = (size_t)i * o->size;
		if ((!wild || !wild[i]) && memcmp(want + at, ev->data + at, o->size) != 0) {
			*which = i;
			return XM_DATA;
		}
	}
	return XM_OK;
}

static enum xmiss match_args(const struct xcode *code, const struct xop *o,
			     const struct exit_event *ev, uint32_t *which)
{
	if (o->status != ev->status)
		return XM_STATUS;
	if (o->status != UVMM_HC_OK)
		return XM_OK;
	if (o->nargs != ev->nargs)
		return XM_NARGS;
	for (uint32_t i = 0; i < o->nargs; i++) {
		const struct xarg *a = &code->args[o->args_off + i];
		const struct ev_arg *e = &ev->args[i];
		int same = a->wild ||
			(a->is_str ? e->str && e->len == a->len &&
					     (a->len == 0 || memcmp(e->str, code->pool + a->off, a->len) == 0)
				   : !e->str && e->num == a->num);
		if (!same) {
			*which = i;
			return XM_ARG;
		}
	}
	return XM_OK;
}

/* `hupcall EVENT ARG = R0` (or `= !ERR`): the event is the address. */
static enum xmiss match_hupcall(const struct xcode *code, const struct xop *o,
				const struct exit_event *ev, uint32_t *which)
{
	const struct xarg *a = &code->args[o->args_off];

	if (o->status != ev->status)
		return XM_STATUS;
	if (!a->wild && (!ev->nargs || ev->args[0].num != a->num)) {
		*which = 0;
		return XM_ARG;
	}
	if (o->status == UVMM_HUPCALL_RUN_OK && !(o->wild & XW_VALUE) && o->value != ev->value)
		return XM_VALUE;
	return XM_OK;
}

/* Whether ev is the exit item o, and if not, what differs. */
static enum xmiss match_op(const struct xcode *code, const struct xop *o,
			   const struct exit_event *ev, uint32_t *which)
{
	unsigned w = o->wild;
	if (o->kind == XK_ANY)
		return XM_OK;
	if (o->kind != ev->kind)
		return XM_OTHER;
	if (!(w & XW_ADDR) && o->addr != ev->addr &&
	    xkinds[o->kind].shape != XS_VALUE && xkinds[o->kind].shape != XS_NONE)
		return XM_OTHER;
	switch (xkinds[o->kind].shape) {
	case XS_PORT:
		if (!(w & XW_SIZE) && o->size != ev->size)
			return XM_SIZE;
		if (o->count != ev->count)
			return XM_COUNT;
		if (w & XW_VALUE)
			return XM_OK;
		if (o->count > 1)
			return match_data(code, o, ev, which);
		return o->value == ev->value ? XM_OK : XM_VALUE;
	case XS_MEM:
		if (!(w & XW_SIZE) && o->size != ev->size)
			return XM_SIZE;
		return (w & XW_VALUE) || o->value == ev->value ? XM_OK : XM_VALUE;
	case XS_MSR:
		if ((o->status == 1) != (ev->status == 1))
			return XM_GP;
		return (w & XW_VALUE) || o->value == ev->value ? XM_OK : XM_VALUE;
	case XS_HCALL:
		return match_args(code, o, ev, which);
	case XS_VALUE:
		return (w & XW_VALUE) || o->value == ev->value ? XM_OK : XM_VALUE;
	case XS_HUPCALL:
		return match_hupcall(code, o, ev, which);
	case XS_REASON:
	case XS_NONE:
		break;
	}
	return XM_OK;
}

/* Where a walk from the cursor ended. */
struct step {
	uint32_t pc, sp;  /* the cursor after a match */
	uint32_t set_lvl; /* counter to write on a match, or XNONE */
	uint64_t set_val;
	uint32_t stop;    /* item the exit was held against (XNONE: end of program) */
	enum xmiss miss;
	uint32_t which;
};

/* Failure-path extras: a closer candidate inside a skipped optional block,
 * and a repeat the exit would have continued past its maximum. */
struct diag {
	uint32_t near;
	enum xmiss near_miss;
	uint32_t near_which;
	uint32_t over;
};

static void note_near(struct diag *d, uint32_t op, enum xmiss m, uint32_t which)
{
	if (d && m != XM_OTHER && d->near == XNONE) {
		d->near = op;
		d->near_miss = m;
		d->near_which = which;
	}
}

/* Follows control ops from the cursor to the item this exit must match,
 * entering repeat rounds greedily on one exit of lookahead. Reads the checker
 * only; the caller commits s on a match. */
static enum xmiss walk(const struct expect_checker *c, const struct exit_event *ev,
		       struct step *s, struct diag *d)
{
	const struct xop *ops = c->code.ops;
	uint32_t pc = c->pc, sp = c->sp;
	s->set_lvl = XNONE;
	for (;;) {
		const struct xop *o = &ops[pc];
		uint32_t first = pc + 1;
		enum xmiss m = XM_OTHER;
		uint64_t rounds = 0;
		switch (o->type) {
		case XOP_EXIT:
			m = match_op(&c->code, o, ev, &s->which);
			if (m == XM_OK) {
				s->pc = pc + 1;
				s->sp = sp;
			}
			s->stop = pc;
			return s->miss = m;
		case XOP_BEGIN:
		case XOP_END:
			if (o->type == XOP_END) {
				first = o->jump + 1;
				rounds = c->counters[o->lvl];
			}
			if (rounds < o->max) {
				m = match_op(&c->code, &ops[first], ev, &s->which);
				if (m == XM_OK) {
					s->pc = first + 1;
					s->sp = sp;
					s->set_lvl = o->lvl;
					s->set_val = rounds + 1;
					s->stop = first;
					return s->miss = m;
				}
				note_near(d, first, m, s->which);
			} else if (d && d->over == XNONE && o->max > 0 &&
				   match_op(&c->code, &ops[first], ev, &s->which) == XM_OK) {
				d->over = o->type == XOP_END ? o->jump : pc;
			}
			if (rounds < o->min) {
				s->stop = first;
				return s->miss = m;
			}
			pc = o->type == XOP_BEGIN ? o->jump + 1 : pc + 1;
			break;
		case XOP_RETURN:
			pc = c->stack[--sp];
			break;
		case XOP_HALT:
			s->stop = XNONE;
			return s->miss = XM_OTHER;
		}
	}
}

/* Copies what the report needs: the event's data and strings move on. */
static void keep_event(struct xfail *f, const struct exit_event *ev)
{
	f->ev = *ev;
	if (ev->data) {
		size_t n = (size_t)ev->count * ev->size;
		if (n <= sizeof(f->data)) {
			memcpy(f->data, ev->data, n);
			f->ev.data = f->data;
		} else {
			f->ev.data = NULL;
			f->truncated |= XCUT_DATA;
		}
	}
	if (f->ev.nargs > EV_MAX_ARGS)
		f->ev.nargs = EV_MAX_ARGS;
	for (uint32_t i = 0; i < f->ev.nargs; i++) {
		struct ev_arg *a = &f->ev.args[i];
		if (!a->str)
			continue;
		if (a->len > XSTR_KEEP) {
			a->len = XSTR_KEEP;
			f->truncated |= XCUT_STRINGS;
		}
		memcpy(f->strs[i], a->str, a->len);
		a->str = f->strs[i];
	}
}

static void record_mismatch(struct expect_checker *c, const struct exit_event *ev)
{
	struct xfail *f = &c->fail;
	struct step s;
	struct diag d = { .near = XNONE, .over = XNONE };
	walk(c, ev, &s, &d);
	memset(f, 0, sizeof(*f));
	f->op = s.stop;
	f->miss = s.miss;
	f->which = s.which;
	f->rep = d.over;
	f->seen = c->seen;
	if (d.over != XNONE) {
		f->kind = XF_EXCEEDS;
	} else if (s.miss == XM_OTHER && d.near != XNONE) {
		f->kind = XF_WRONG;
		f->op = d.near;
		f->miss = d.near_miss;
		f->which = d.near_which;
	} else if (s.stop == XNONE) {
		f->kind = XF_AFTER_END;
	} else {
		f->kind = s.miss == XM_OTHER ? XF_UNEXPECTED : XF_WRONG;
	}
	keep_event(f, ev);
	c->failed = 1;
}

enum expect_result expect_match_exit(struct expect_checker *c, const struct exit_event *ev)
{
	struct step s;
	if (c->failed)
		return EXPECT_MISMATCH;
	c->seen++;
	if (walk(c, ev, &s, NULL) == XM_OK) {
		c->pc = s.pc;
		c->sp = s.sp;
		if (s.set_lvl != XNONE)
			c->counters[s.set_lvl] = s.set_val;
		c->last_inserted = s.stop != XNONE && s.stop > c->halt;
		return EXPECT_MATCH;
	}
	if (ev_classes(ev) & c->ignore)
		return EXPECT_IGNORED;
	record_mismatch(c, ev);
	return EXPECT_MISMATCH;
}

int expect_finish(struct expect_checker *c)
{
	const struct xop *ops = c->code.ops;
	uint32_t pc = c->pc, sp = c->sp;
	if (c->failed)
		return -1;
	memset(&c->fail, 0, sizeof(c->fail));
	for (;;) {
		const struct xop *o = &ops[pc];
		uint64_t rounds = o->type == XOP_END ? c->counters[o->lvl] : 0;
		switch (o->type) {
		case XOP_EXIT:
			c->fail.op = pc;
			c->fail.rep = XNONE;
			break;
		case XOP_BEGIN:
		case XOP_END:
			if (rounds >= o->min) {
				pc = o->type == XOP_BEGIN ? o->jump + 1 : pc + 1;
				continue;
			}
			c->fail.rep = o->type == XOP_BEGIN ? pc : o->jump;
			c->fail.op = c->fail.rep + 1;
			c->fail.rounds = rounds;
			break;
		case XOP_RETURN:
			pc = c->stack[--sp];
			continue;
		case XOP_HALT:
			return 0;
		}
		c->fail.kind = XF_MISSING;
		c->fail.seen = c->seen;
		c->failed = 1;
		return -1;
	}
}

int expect_failed(const struct expect_checker *c)
{
	return c->failed;
}

struct expect_checker *expect_checker_new(struct expect_prog *p)
{
	struct expect_checker *c = calloc(1, sizeof(*c));
	struct xop halt = { .type = XOP_HALT, .dwild_off = XNONE };
	if (!c)
		return NULL;
	if (xcode_append(&c->code, &p->code, 0) || xcode_push_op(&c->code, &halt)) {
		expect_checker_free(c);
		return NULL;
	}
	c->ignore = p->ignore;
	c->halt = c->code.nops - 1;
	return c;
}

int expect_last_match_inserted(const struct expect_checker *c)
{
	return c->last_inserted;
}

void expect_checker_free(struct expect_checker *c)
{
	if (!c)
		return;
	xcode_free(&c->code);
	free(c);
}

__attribute__((format(printf, 5, 6)))
static int insert_error(struct expect_error *err, const char *source, unsigned line,
			unsigned col, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		snprintf(err->source, sizeof(err->source), "%s", source ? source : "<text>");
		err->line = line;
		err->col = col;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* The insertion runs once, like a call: it goes at the end of the checker's
 * code with a RETURN, so a cursor inside a repeat body does not make it part
 * of later rounds. Its blocks use the counters above the cursor's. */
int expect_insert(struct expect_checker *c, const char *text, size_t len, const char *source,
		  struct expect_error *err)
{
	struct expect_prog *tmp = expect_prog_new();
	struct xop ret = { .type = XOP_RETURN, .dwild_off = XNONE };
	int r = -1;
	if (!tmp) /* the host's failure, not the text's */
		return insert_error(err, source, 1, 1, "out of memory") - 1;
	r = expect_parse(tmp, text, len, source, err);
	if (r < 0)
		goto out;
	r = -1;
	while (c->code.ops[c->pc].type == XOP_RETURN)
		c->pc = c->stack[--c->sp];
	unsigned base = c->code.ops[c->pc].depth;
	for (uint32_t i = 0; i < tmp->code.nops; i++) {
		const struct xop *o = &tmp->code.ops[i];
		if (o->type == XOP_BEGIN && base + o->lvl >= XDEPTH_MAX) {
			insert_error(err, source, o->line, o->col,
				     "repeat blocks nest more than 8 deep (with the blocks around the insertion point)");
			goto out;
		}
	}
	c->ignore |= tmp->ignore;
	r = 0;
	if (tmp->code.nops == 0)
		goto out;
	r = -1;
	if (c->sp == XSTACK_MAX) {
		insert_error(err, source, 1, 1, "too many runtime expectations pending at once");
		goto out;
	}
	/* Inserted code is never freed during a run: its total is the bound on
	 * what a guest can make the checker hold. */
	if (xcode_bytes(&tmp->code) > EXPECT_INSERT_MAX_BYTES - c->inserted_bytes) {
		insert_error(err, source, 1, 1,
			     "run-time expectations exceed %u MiB of compiled code in this run",
			     EXPECT_INSERT_MAX_BYTES >> 20);
		goto out;
	}
	c->inserted_bytes += xcode_bytes(&tmp->code);
	uint32_t start = c->code.nops;
	ret.depth = (uint8_t)base;
	ret.src = c->code.ops[c->pc].src;
	if (xcode_append(&c->code, &tmp->code, base) || xcode_push_op(&c->code, &ret)) {
		c->code.nops = start;
		r = insert_error(err, source, 1, 1, "out of memory") - 1;
		goto out;
	}
	c->stack[c->sp++] = c->pc;
	c->pc = start;
	r = 0;
out:
	expect_prog_free(tmp);
	return r;
}
